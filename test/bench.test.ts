/**
 * Keeps `npm run bench` working: runs it at N=1, K=1, one round, into a scratch directory. No timing
 * is asserted (a shared CI machine cannot promise one); the sizes and limits it computes are
 * deterministic, so those are.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fleetRows, growthExponent, readmeFigures, renderMarkdown, Results, SynthCell, targetRows } from '../bench/report';

const ROOT = path.join(__dirname, '..');

/**
 * The size of the template of each app the quick synth cells measure (N=1, K=1), as `<implementation> literals=<flag>: <bytes>`,
 * synthesized by a script of its own in a process that resolves aws-cdk-lib as the benchmark's children do (not through jest's
 * CDK_LIB_UNDER_TEST mapping).
 */
function quickTemplateBytes(): string[] {
  const script = `
    const fs = require('fs'); const os = require('os'); const path = require('path');
    const { App } = require('aws-cdk-lib/core');
    const apps = require('./bench/apps'); const lib = require('./lib');
    const sizes = [];
    for (const implementation of ['ours', 'shared', 'baseline']) {
      for (const literals of [true, false]) {
        const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-app-'));
        const app = new App({ outdir, context: apps.initContext(literals) });
        const { stack, stream } = apps.recipientStack(app);
        apps.addDestinations(lib, implementation, stack, stream, 1, apps.senderAccounts(1));
        app.synth();
        sizes.push(implementation + ' literals=' + literals + ': ' + fs.statSync(path.join(outdir, stack.artifactId + '.template.json')).size);
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }
    process.stdout.write(JSON.stringify(sizes));`;
  return JSON.parse(execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json') }, encoding: 'utf8',
  }));
}

test('the quick benchmark run writes its results, table and chart', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
  try {
    execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'bench', 'run.ts'), '--quick', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const results: Results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));

    expect(results.synth.map(c => `${c.implementation} N=${c.destinations} K=${c.accounts} literals=${c.partitionLiterals}: ${c.resources}`).sort())
      .toEqual(['baseline', 'ours', 'shared'].flatMap(i => [`${i} N=1 K=1 literals=false: 3`, `${i} N=1 K=1 literals=true: 3`]));
    // No timing is asserted; the template each cell measured is the one its app synthesizes, byte for byte.
    expect(results.synth.map(c => `${c.implementation} literals=${c.partitionLiterals}: ${c.templateBytes}`).sort()).toEqual(quickTemplateBytes().sort());
    for (const literals of [true, false]) {
      const perDestination = Object.fromEntries(results.perDestination.filter(r => r.partitionLiterals === literals).map(r => [r.implementation, r]));
      expect(perDestination.ours.resources).toBe(2);
      expect(perDestination.baseline.resources).toBe(2);
      expect(perDestination.shared.resources).toBeCloseTo(1.1);
      expect(perDestination.ours.templateBytes).toBeLessThanOrEqual(perDestination.baseline.templateBytes * 1.15);
    }
    // The partition as a literal, not an Fn::Join over AWS::Partition, is what makes cdk init templates smaller.
    const bytes = (implementation: string, literals: boolean) =>
      results.perDestination.find(r => r.implementation === implementation && r.partitionLiterals === literals)!.templateBytes;
    expect(bytes('ours', true)).toBeLessThan(bytes('ours', false));
    expect(bytes('baseline', true)).toBeLessThan(bytes('baseline', false));
    expect(results.accessPolicy.largestAccepted).toBeGreaterThanOrEqual(300);
    expect(results.accessPolicy.largestWithinLimit).toBeGreaterThanOrEqual(results.accessPolicy.largestAccepted);
    expect(results.imports.map(i => i.preload)).toEqual(['the aws-cdk-lib modules the library imports', 'a subscription app\'s modules']);

    const markdown = fs.readFileSync(path.join(out, 'BENCHMARKS.md'), 'utf8');
    expect(markdown).toContain('![Synth time against N](synth-time.svg)');
    expect(markdown).toContain('## Targets');
    expect(markdown).toMatch(/\| 1 \| 1 \| on \| \d+ \| \d+ \| \d\.\d\dx \| \d+ \| \d+ \| \d+ \| \d\.\d\dx \|/);
    expect(markdown).toMatch(/\| 1 \| 1 \| off \| \d+ \| \d+ \| \d\.\d\dx \| \d+ \| \d+ \| \d+ \| \d\.\d\dx \|/);
    const chart = fs.readFileSync(path.join(out, 'synth-time.svg'), 'utf8');
    expect(chart).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(chart.match(/<path /g)).toHaveLength(3);
    expect(markdown).toMatch(/\| the aws-cdk-lib modules the library imports \(.*\) \| \d+ \| \d+ \|\n\| a subscription app's modules \(.*\) \| \d+ \| \d+ \|/);

    // The fleet apps, at N=2 sender stacks: the recipient's stream, role and destination, and a log group, role and filter each.
    expect(results.fleet!.cells.map(c => `${c.implementation} N=${c.senders}: ${c.stacks} stacks, ${c.resources} resources`))
      .toEqual(['ours N=2: 3 stacks, 9 resources', 'baseline N=2: 3 stacks, 9 resources']);
    expect(markdown).toContain('## Many sender stacks, one organization destination');
    expect(markdown).toMatch(/\| 2 \| \d+ \| \d+ \| \d\.\d\dx \| \d\.\d\dx \| [\d.]+ \| [\d.]+ \| \d\.\d\dx \| \d\.\d\dx \| (met|missed) \|/);
    expect(markdown).toMatch(/- N=2: \d+ \/ \d+\n/);
    expect(markdown).toContain('![Fleet synth CPU time against N](fleet-synth-time.svg)');
    expect(fs.readFileSync(path.join(out, 'fleet-synth-time.svg'), 'utf8').match(/<path /g)).toHaveLength(2);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

describe('the targets table', () => {
  const synthCell = (implementation: SynthCell['implementation'], partitionLiterals: boolean, synthMs: number): SynthCell => ({
    implementation, destinations: 100, accounts: 20, partitionLiterals, rounds: 1, synthMs: 100, synthCpuMs: synthMs,
    peakRssGrowthMiB: 10, peakRssMiB: 100, templateBytes: 1000, resources: 201, overResourceLimit: false,
  });
  const results = (oursMs: number): Results => ({
    generatedAt: '2026-01-01T00:00:00.000Z',
    machine: { cpus: 2, cpuModel: 'test', memoryGiB: 1, node: 'v20' },
    versions: { awsCdkLib: '2.257.0', library: '0.1.0' },
    rounds: 1,
    synth: [true, false].flatMap(literals => [synthCell('ours', literals, oursMs), synthCell('baseline', literals, 100)]),
    perDestination: [true, false].flatMap(partitionLiterals => (['ours', 'shared', 'baseline'] as const).map(implementation =>
      ({ implementation, accounts: 20, partitionLiterals, templateBytes: 10, resources: 2 }))),
    accessPolicy: { destinationName: 'd', limitBytes: 5120, points: [], largestAccepted: 1, largestWithinLimit: 1 },
    sharedRoleCapacity: { destinations: 0, resources: 0, templateBytes: 0, templateBytesWithoutPartitionLiterals: 0 },
    imports: [],
    profiles: [],
  });

  test('judges each flag setting against the targets: synth time 1.10x is met, 1.11x is missed', () => {
    expect(targetRows(results(110)).map(r => `${r.partitionLiterals} ${r.implementation} ${r.synthMs.toFixed(2)} ${r.met}`))
      .toEqual(['true ours 1.10 true', 'false ours 1.10 true']);
    expect(targetRows(results(111)).map(r => r.met)).toEqual([false, false]);
    expect(renderMarkdown(results(111), 'chart.svg')).toContain('| 100 | 20 | off | ours | 1.00x | 1.11x | 1.00x | missed | 1.00x |');
  });
});

describe('the fleet table', () => {
  const cell = (implementation: 'ours' | 'baseline', senders: number, synthCpuMs: number, peakRssMiB = 100) => ({
    implementation, senders, rounds: 1, synthMs: synthCpuMs, synthCpuMs, peakRssMiB, peakRssGrowthMiB: 1, stacks: senders + 1,
    resources: 3 * senders + 3, templateBytes: 1000 * senders,
  });

  test('judges time and memory against the targets: 1.10x is met, 1.11x is missed', () => {
    const fleet = {
      cells: [cell('ours', 50, 110), cell('baseline', 50, 100), cell('ours', 250, 111), cell('baseline', 250, 100),
        cell('ours', 1000, 100, 111), cell('baseline', 1000, 100, 100)],
      loadAverage: { before: 1, after: 1, highest: 1 },
    };
    expect(fleetRows(fleet).map(r => `${r.senders} ${r.synthMs.toFixed(2)} ${r.peakRssMiB.toFixed(2)} ${r.met}`))
      .toEqual(['50 1.10 1.00 true', '250 1.11 1.00 false', '1000 1.00 1.11 false']);
  });

  test('pairs the rounds: the median of the per-round ratios, beside the ratio of the medians', () => {
    const run = (synthCpuMs: number) => ({ synthCpuMs, peakRssMiB: 100 });
    // Round 2 ran ours on a busy machine: the ratio of the medians is 2.10x, the median of the per-round ratios 1.05x.
    const ours = { ...cell('ours', 50, 0), runs: [run(105), run(210), run(420)], synthCpuMs: 210 };
    const baseline = { ...cell('baseline', 50, 0), runs: [run(100), run(100), run(400)], synthCpuMs: 100 };
    const [row] = fleetRows({ cells: [ours, baseline], loadAverage: { before: 1, after: 1, highest: 1 } });
    expect([row.synthMs.toFixed(2), row.pairedSynthMs!.toFixed(2), row.pairedPeakRssMiB!.toFixed(2), row.met]).toEqual(['2.10', '1.05', '1.00', false]);
  });

  test('fits the growth exponent: 1 for linear growth, 2 for quadratic', () => {
    expect(growthExponent([50, 250, 1000].map(x => ({ x, y: 3 * x })))).toBeCloseTo(1);
    expect(growthExponent([50, 250, 1000].map(x => ({ x, y: x * x })))).toBeCloseTo(2);
    expect(growthExponent([{ x: 50, y: 1 }])).toBeUndefined();
  });
});

test('the docs (docs/limits.md, docs/subscription-destinations.md) quote the committed benchmark results (bench/results.json), figure for figure', () => {
  const results: Results = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', 'results.json'), 'utf8'));
  const readme = ['README.md', 'docs/limits.md', 'docs/subscription-destinations.md']
    .map(f => fs.readFileSync(path.join(ROOT, f), 'utf8')).join('\n').replace(/\s+/g, ' ');
  const figures = readmeFigures(results);
  expect(Object.keys(figures)).toHaveLength(9);
  for (const [what, text] of Object.entries(figures)) {
    expect({ what, found: readme.includes(text) }).toEqual({ what, found: true });
  }
});
