/**
 * Keeps `npm run bench` working: runs it at N=1, K=1, one round, into a scratch directory. No timing
 * is asserted (a shared CI machine cannot promise one); the sizes and limits it computes are
 * deterministic, so those are.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Results } from '../bench/report';

const ROOT = path.join(__dirname, '..');

test('the quick benchmark run writes its results, table and chart', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
  try {
    execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'bench', 'run.ts'), '--quick', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const results: Results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));

    expect(results.synth.map(c => `${c.implementation} N=${c.destinations} K=${c.accounts}: ${c.resources}`).sort())
      .toEqual(['baseline N=1 K=1: 3', 'ours N=1 K=1: 3', 'shared N=1 K=1: 3']);
    for (const c of results.synth) {
      expect(c.synthMs).toBeGreaterThan(0);
      expect(c.templateBytes).toBeGreaterThan(0);
    }
    const perDestination = Object.fromEntries(results.perDestination.map(r => [r.implementation, r]));
    expect(perDestination.ours.resources).toBe(2);
    expect(perDestination.baseline.resources).toBe(2);
    expect(perDestination.shared.resources).toBeCloseTo(1.1);
    expect(perDestination.ours.templateBytes).toBeLessThanOrEqual(perDestination.baseline.templateBytes * 1.15);
    expect(results.accessPolicy.largestAccepted).toBeGreaterThanOrEqual(300);
    expect(results.accessPolicy.largestWithinLimit).toBeGreaterThanOrEqual(results.accessPolicy.largestAccepted);
    expect(results.imports.map(i => i.libraryMs).every(ms => ms > 0)).toBe(true);

    const markdown = fs.readFileSync(path.join(out, 'BENCHMARKS.md'), 'utf8');
    expect(markdown).toContain('![Synth time against N](synth-time.svg)');
    expect(markdown).toMatch(/\| 1 \| 1 \| \d+ \| \d+ \| \d\.\d\dx \|/);
    const chart = fs.readFileSync(path.join(out, 'synth-time.svg'), 'utf8');
    expect(chart).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(chart.match(/<path /g)).toHaveLength(3);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
