/**
 * One measurement, in a fresh process so neither side inherits the other's warm caches or heap.
 * Run by bench/run.ts (`node --expose-gc -r ts-node/register/transpile-only bench/child.ts '<json>'`);
 * prints one JSON line.
 *
 * - `synth`: loads what the app needs, then times building the app and `app.synth()` (which writes
 *   the cloud assembly), and reads the peak resident memory the synth added.
 * - `import`: loads the aws-cdk-lib modules an app already has, then times `require` of the library.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- what is loaded, and when, is what this file measures */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

export interface SynthJob {
  readonly kind: 'synth';
  readonly implementation: 'ours' | 'shared' | 'baseline';
  readonly destinations: number;
  readonly accounts: number;
  /** `@aws-cdk/core:enablePartitionLiterals`, on top of the flags `cdk init` sets. */
  readonly partitionLiterals: boolean;
}

/** A fleet app (bench/apps.ts `addFleet`): `senders` sender stacks subscribing to one organization destination, on `cdk init` flags. */
export interface FleetJob {
  readonly kind: 'fleet';
  readonly implementation: 'ours' | 'baseline';
  readonly senders: number;
}

export interface FleetMeasurement extends SynthTiming {
  /** The stacks synthesized, and their resources and template bytes in all. */
  readonly stacks: number;
  readonly resources: number;
  readonly templateBytes: number;
}

export interface ImportJob {
  readonly kind: 'import';
  /** The aws-cdk-lib modules loaded before the library, as the app would have them. */
  readonly preload: string[];
}

/** What a timed synth measures, whatever the app. */
export interface SynthTiming {
  /** Building the construct tree plus `app.synth()`, in milliseconds of wall-clock time. */
  readonly synthMs: number;
  /**
   * The CPU time (user + system, every thread of the process) the same span used, in milliseconds: unlike the
   * wall-clock time, it does not count the time the process waited for a core on a busy machine.
   */
  readonly synthCpuMs: number;
  /** How far the synth raised the process's peak resident memory, in MiB. */
  readonly peakRssGrowthMiB: number;
  /** The process's peak resident memory, in MiB (includes Node.js and the loaded modules). */
  readonly peakRssMiB: number;
}

export interface SynthMeasurement extends SynthTiming {
  readonly templateBytes: number;
  readonly resources: number;
}

export interface ImportMeasurement {
  /** Loading the preloaded modules, in milliseconds (for context). */
  readonly preloadMs: number;
  /** Loading the library on top of them, in milliseconds. */
  readonly libraryMs: number;
}

const LIBRARY = path.join(__dirname, '..', 'lib');

function gc(): void {
  (global as any).gc?.();
}

type Core = typeof import('aws-cdk-lib/core');
type Apps = typeof import('./apps');

/**
 * Times `synth` (building the app and `app.synth()`, into `outdir`) after everything either side needs is loaded,
 * so synth time is not import time; `synth` returns what reads the sizes once the clock has stopped.
 */
function timedSynth<M>(implementation: string, synth: (core: Core, apps: Apps, lib: any, outdir: string) => () => M): SynthTiming & M {
  const core = require('aws-cdk-lib/core') as Core;
  const apps = require('./apps') as Apps;
  const lib = implementation === 'baseline' ? undefined : require(LIBRARY);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-log-destinations-bench-'));
  try {
    gc();
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const read = synth(core, apps, lib, outdir);
    const synthMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    return {
      synthMs,
      synthCpuMs: (cpu.user + cpu.system) / 1000,
      peakRssGrowthMiB: Math.max(0, peakRss - rssBefore) / 2 ** 20,
      peakRssMiB: peakRss / 2 ** 20,
      ...read(),
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function runSynth(job: SynthJob): SynthMeasurement {
  return timedSynth(job.implementation, (core, apps, lib, outdir) => {
    // N=250 with a role each is over CloudFormation's 500 resources: raise CDK's check so the timing
    // can still be compared (the report flags it as not deployable as one stack).
    const app = new core.App({ outdir, context: { ...apps.initContext(job.partitionLiterals), '@aws-cdk/core:stackResourceLimit': 1000 } });
    const { stack, stream } = apps.recipientStack(app);
    apps.addDestinations(lib, job.implementation, stack, stream, job.destinations, apps.senderAccounts(job.accounts));
    app.synth();
    return () => {
      const templateFile = path.join(outdir, `${stack.artifactId}.template.json`);
      const template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
      return { templateBytes: fs.statSync(templateFile).size, resources: Object.keys(template.Resources).length };
    };
  });
}

function runFleet(job: FleetJob): FleetMeasurement {
  return timedSynth(job.implementation, (core, apps, lib, outdir) => {
    const app = new core.App({ outdir, context: apps.initContext(true) });
    apps.addFleet(lib, job.implementation, app, job.senders);
    const assembly = app.synth();
    return () => {
      let resources = 0;
      let templateBytes = 0;
      for (const stack of assembly.stacks) {
        resources += Object.keys(stack.template.Resources ?? {}).length;
        templateBytes += fs.statSync(stack.templateFullPath).size;
      }
      return { stacks: assembly.stacks.length, resources, templateBytes };
    };
  });
}

function runImport(job: ImportJob): ImportMeasurement {
  const started = performance.now();
  for (const module of job.preload) {
    require(module);
  }
  const preloaded = performance.now();
  require(LIBRARY);
  return { preloadMs: preloaded - started, libraryMs: performance.now() - preloaded };
}

if (require.main === module) {
  const job = JSON.parse(process.argv[2]) as SynthJob | FleetJob | ImportJob;
  const result = job.kind === 'synth' ? runSynth(job) : job.kind === 'fleet' ? runFleet(job) : runImport(job);
  process.stdout.write(JSON.stringify(result) + '\n');
}
