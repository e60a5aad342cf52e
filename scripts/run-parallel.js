#!/usr/bin/env node
/**
 * Runs npm scripts side by side, for `npm test` on a 2-core machine: the jest suites take one core (one
 * worker) and the integ snapshot checks the other. The first script writes to the terminal as it runs;
 * the others' output is held and printed when they end, so the logs do not interleave. Exits with the
 * first non-zero exit code, after every script has ended.
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
const runs = names.map((name, i) => new Promise(resolve => {
  const live = i === 0;
  const child = spawn(npm, ['run', '-s', name], { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  const held = [];
  if (!live) {
    child.stdout.on('data', chunk => held.push(chunk));
    child.stderr.on('data', chunk => held.push(chunk));
  }
  child.on('close', (code, signal) => {
    if (!live) {
      process.stdout.write(`\n--- npm run ${name} (ran beside npm run ${names[0]})\n`);
      process.stdout.write(Buffer.concat(held));
    }
    const status = code ?? (signal ? 1 : 0);
    process.stdout.write(`--- npm run ${name}: ${status === 0 ? 'passed' : `failed (${signal ?? `exit ${code}`})`}\n`);
    resolve(status);
  });
}));

Promise.all(runs).then(codes => process.exit(codes.find(code => code !== 0) ?? 0));
