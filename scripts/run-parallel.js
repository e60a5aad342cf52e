#!/usr/bin/env node
/**
 * Runs npm scripts side by side, for `npm test` on a 2-core machine: the jest suites take one core (one
 * worker) and the integ snapshot checks the other. The first script writes to the terminal as it runs; the
 * others' output is held and printed, in order, once the first has ended and they have too, so the logs do not
 * interleave. Exits with the first non-zero exit code, after every script has ended; SIGINT and SIGTERM are
 * passed on to the scripts.
 *
 * Usage: node scripts/run-parallel.js <npm script> [<npm script> ...]
 */
const { spawn } = require('child_process');

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write('usage: node scripts/run-parallel.js <npm script> [<npm script> ...]\n');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const children = [];
const runs = names.map((name, i) => new Promise(resolve => {
  const live = i === 0;
  const held = [];
  const child = spawn(npm, ['run', '-s', name], { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  if (!live) {
    child.stdout.on('data', chunk => held.push(chunk));
    child.stderr.on('data', chunk => held.push(chunk));
  }
  const done = (status, why) => resolve({ name, live, held, status, why });
  child.on('error', error => done(1, error.message));
  child.on('close', (code, signal) => done(code ?? 1, signal ?? `exit ${code}`));
}));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => children.forEach(child => child.kill(signal)));
}

Promise.all(runs).then(results => {
  for (const { name, live, held } of results) {
    if (!live) {
      process.stdout.write(`\n--- npm run ${name} (ran beside npm run ${names[0]})\n`);
      process.stdout.write(Buffer.concat(held));
    }
  }
  for (const { name, status, why } of results) {
    process.stdout.write(`--- npm run ${name}: ${status === 0 ? 'passed' : `failed (${why})`}\n`);
  }
  // Set, not process.exit(): a piped stdout is written asynchronously, and exiting could cut the held output short.
  process.exitCode = results.map(r => r.status).find(status => status !== 0) ?? 0;
});
