/**
 * `npm run bench -- --minimal`: the peak memory of the smallest destination app, whole process, against the same app
 * written by hand (bench/apps.ts, N=1 destination granted K=1 account, on the flags `cdk init` sets): what importing the
 * library costs an app that uses one construct.
 *
 *   npm run bench -- --minimal              11 rounds, writes bench/minimal-results.json and prints a table
 *   npm run bench -- --minimal --rounds 3   fewer rounds
 *   npm run bench -- --minimal --library D  the library compiled in D (another version, to compare) instead of lib/
 *
 * Each measurement is a fresh `node` process running plain JavaScript (bench/apps.ts and this file, transpiled into a
 * temporary folder; the library as `npm run build` compiled it): no ts-node or TypeScript compiler in the process, so
 * the figure is the app, aws-cdk-lib and the library, as a compiled app or `cdk synth` of one runs them. The process
 * loads aws-cdk-lib's core, the modules bench/apps.ts imports and, for ours, the library; builds the app; synthesizes
 * it; and reports its peak resident memory (`maxRSS`) and the aws-cdk-lib submodules it loaded. The two
 * implementations alternate within each round, the order reversed every other round.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- what is loaded, and when, is what a child measures */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median } from './stats';

type Implementation = 'ours' | 'baseline';

export interface MinimalMeasurement {
  readonly implementation: Implementation;
  /** The process's peak resident memory at the end, in MiB. */
  readonly peakRssMiB: number;
  /** The V8 heap in use after the synth and a forced garbage collection, in MiB. */
  readonly heapUsedMiB: number;
  /** The aws-cdk-lib submodules in `require.cache` at the end (`aws-logs`, `core`, ...). */
  readonly modules: string[];
  readonly resources: number;
}

const ROOT = path.join(__dirname, '..');

/** Runs in the child: builds and synthesizes one app, the library loaded from `libraryPath` for ours. */
function measure(implementation: Implementation, libraryPath: string): MinimalMeasurement {
  const core = require('aws-cdk-lib/core') as typeof import('aws-cdk-lib/core');
  const apps = require('./apps') as typeof import('./apps');
  const lib = implementation === 'ours' ? require(libraryPath) as typeof import('../lib') : undefined;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-log-destinations-minimal-'));
  try {
    const app = new core.App({ outdir, context: apps.initContext(true) });
    const { stack, stream } = apps.recipientStack(app);
    apps.addDestinations(lib!, implementation, stack, stream, 1, apps.senderAccounts(1));
    const assembly = app.synth();
    (global as any).gc?.();
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    const heapUsedMiB = process.memoryUsage().heapUsed / 2 ** 20;
    // One copy of aws-cdk-lib, or the figure is two copies' memory (a node_modules above the temporary folder can
    // hold another one than the library resolves).
    const copies = new Set(Object.keys(require.cache).map(file => /^(.*[/\\]node_modules[/\\]aws-cdk-lib)[/\\]/.exec(file)?.[1]).filter(Boolean));
    if (copies.size > 1) {
      throw new Error(`the app and the library loaded ${copies.size} copies of aws-cdk-lib: ${[...copies].join(', ')}`);
    }
    const modules = new Set<string>();
    for (const file of Object.keys(require.cache)) {
      const match = /[/\\]node_modules[/\\]aws-cdk-lib[/\\]([^/\\]+)[/\\]/.exec(file);
      if (match && !['lib', 'node_modules', 'custom-resource-handlers'].includes(match[1])) {
        modules.add(match[1]);
      }
    }
    return {
      implementation,
      peakRssMiB,
      heapUsedMiB,
      modules: [...modules].sort(),
      resources: Object.keys(assembly.getStackByName(stack.stackName).template.Resources).length,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** bench/apps.ts, bench/stats.ts and this file as plain JavaScript in a temporary folder, for the children to run without ts-node. */
function transpiled(): { dir: string; entry: string } {
  const ts = require('typescript') as typeof import('typescript');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-log-destinations-minimal-js-'));
  for (const file of ['apps.ts', 'minimal.ts', 'stats.ts']) {
    const source = fs.readFileSync(path.join(__dirname, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    fs.writeFileSync(path.join(dir, file.replace(/\.ts$/, '.js')), outputText);
  }
  return { dir, entry: path.join(dir, 'minimal.js') };
}

/** The summary `minimal-results.json` holds beside the runs. */
export interface MinimalSummary {
  readonly rounds: number;
  readonly peakRssMiB: Record<Implementation, number>;
  readonly heapUsedMiB: Record<Implementation, number>;
  readonly ratioOfMedians: number;
  readonly perRoundRatios: { readonly median: number; readonly min: number; readonly max: number };
  readonly modules: Record<Implementation, string[]>;
}

/** The minimal app's section of BENCHMARKS.md (and what `--minimal` prints). */
export function minimalSection(saved: { readonly summary: MinimalSummary }): string[] {
  const summary = saved.summary;
  const extra = summary.modules.ours.filter(m => !summary.modules.baseline.includes(m));
  return [
    '## The smallest app: what importing the library costs',
    '',
    'One `LogDestination` granted one account and one organization (N=1, K=1, on the flags `cdk init` sets) against the '
      + 'same app written by hand: peak resident memory of the whole `node` process, which runs plain JavaScript (no '
      + `ts-node). Medians of ${summary.rounds} round(s), the two alternating (\`npm run bench -- --minimal\`, `
      + '`bench/minimal-results.json`). Target: at most 1.05x.',
    '',
    '| implementation | peak RSS MiB | heap after synth MiB | aws-cdk-lib submodules loaded |',
    '|---|---:|---:|---:|',
    ...(['ours', 'baseline'] as Implementation[]).map(i =>
      `| ${i} | ${summary.peakRssMiB[i].toFixed(1)} | ${summary.heapUsedMiB[i].toFixed(1)} | ${summary.modules[i].length} |`),
    '',
    `Peak RSS ours / baseline: ${summary.ratioOfMedians.toFixed(3)}x (ratio of the medians); per round, median `
      + `${summary.perRoundRatios.median.toFixed(3)}x, range ${summary.perRoundRatios.min.toFixed(3)}-${summary.perRoundRatios.max.toFixed(3)}x. `
      + `aws-cdk-lib submodules only ours loads: ${extra.length > 0 ? extra.join(', ') : 'none'}.`,
    '',
  ];
}

/**
 * Runs the rounds in child processes and reports medians; writes `<out>/minimal-results.json`.
 *
 * @param library the folder of the compiled library whose `index.js` ours loads
 */
export function runMinimalBench(rounds: number, out: string, library = path.join(ROOT, 'lib')): Record<Implementation, MinimalMeasurement[]> {
  const { dir, entry } = transpiled();
  const runs: Record<Implementation, MinimalMeasurement[]> = { ours: [], baseline: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      const order: Implementation[] = round % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      for (const implementation of order) {
        const result = spawnSync(process.execPath, ['--expose-gc', entry, '--child', implementation, path.resolve(library)], {
          cwd: ROOT,
          // The transpiled files live outside the project: aws-cdk-lib resolves from the project's node_modules.
          env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
          encoding: 'utf8',
        });
        if (result.status !== 0) {
          throw new Error(`minimal benchmark child failed (${implementation}):\n${result.stderr}`);
        }
        runs[implementation].push(JSON.parse(result.stdout.trim().split('\n').pop()!));
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const ratios = runs.ours.map((r, i) => r.peakRssMiB / runs.baseline[i].peakRssMiB);
  const summary = {
    rounds,
    library: path.relative(ROOT, path.resolve(library)) || '.',
    node: process.version,
    peakRssMiB: { ours: median(runs.ours.map(r => r.peakRssMiB)), baseline: median(runs.baseline.map(r => r.peakRssMiB)) },
    heapUsedMiB: { ours: median(runs.ours.map(r => r.heapUsedMiB)), baseline: median(runs.baseline.map(r => r.heapUsedMiB)) },
    ratioOfMedians: median(runs.ours.map(r => r.peakRssMiB)) / median(runs.baseline.map(r => r.peakRssMiB)),
    perRoundRatios: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
    modules: { ours: runs.ours[0].modules, baseline: runs.baseline[0].modules },
  };
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'minimal-results.json'), JSON.stringify({ summary, runs }, null, 2) + '\n');
  process.stdout.write(minimalSection({ summary }).join('\n') + '\n');
  return runs;
}

if (require.main === module && process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(measure(process.argv[3] as Implementation, process.argv[4])) + '\n');
}
