/**
 * `npm run bench`: measures what the library adds to `cdk synth` and how far it lets a stack grow,
 * against the same result written by hand with aws-cdk-lib (bench/apps.ts).
 *
 *   npm run bench                      full run: bench/results.json, bench/synth-time.svg, BENCHMARKS.md
 *   npm run bench -- --rounds 3        fewer rounds
 *   npm run bench -- --quick --out D   N=1, K=1, one round, written to D (what the test suite runs)
 *   npm run bench -- --profile-only    only the CPU profiles (bench/profile.ts), into the existing results
 *   npm run bench -- --archive         only LogArchive in 10 Regions against the same stacks by hand (bench/archive.ts)
 *   npm run bench -- --minimal         only the peak memory of the N=1 app against the same app by hand, plain node (bench/minimal.ts;
 *                                      --library D measures the library compiled in D instead)
 *   npm run bench -- --fleet-only      only the many-sender-stacks apps, into the existing results
 *   npm run bench -- --fleet-sizes 50,250,1000 --fleet-rounds 5
 *                                      the sender-stack counts of the fleet apps (default 50,250,1000) and their rounds
 *                                      (default: --rounds); a 1,000-stack synth takes seconds, so fewer rounds are quicker
 *
 * Timed figures come from child processes (bench/child.ts), one per measurement, with the
 * implementations alternating within each round; sizes and limits are computed in this process.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib/core';
import * as lib from '../lib';
import { runArchiveBench } from './archive';
import { runMinimalBench } from './minimal';
import { addDestinations, destinationName, Implementation, initContext, recipientStack, senderAccounts } from './apps';
import type { FleetJob, FleetMeasurement, ImportJob, ImportMeasurement, SynthJob, SynthMeasurement } from './child';
import type { ProfileSummary } from './profile';
import { FleetCell, FleetResults, PolicySizePoint, reportFiles, Results, SynthCell, writeReport } from './report';
import { median, medians } from './stats';

const ROOT = path.join(__dirname, '..');
const POLICY_LIMIT_BYTES = 5120;
const RESOURCE_LIMIT = 500;
/** `@aws-cdk/core:enablePartitionLiterals` as `cdk init` sets it, then off. */
const PARTITION_LITERALS = [true, false];
/** How many times each profile runs (the median run is kept). */
const PROFILE_RUNS = 3;
/**
 * The aws-cdk-lib modules importing the library loads (test/imports.test.ts; the others load where a construct uses
 * them), and those a subscription app typically has.
 */
const LIBRARY_MODULES = ['constructs', 'aws-cdk-lib/core', 'aws-cdk-lib/aws-iam', 'aws-cdk-lib/aws-logs'];
const APP_MODULES = ['constructs', 'aws-cdk-lib/core', 'aws-cdk-lib/aws-iam', 'aws-cdk-lib/aws-kinesis', 'aws-cdk-lib/aws-logs'];

interface Options {
  readonly quick: boolean;
  /** Re-profile only, into the existing results.json (the synth figures stay). */
  readonly profileOnly: boolean;
  /** Measure the fleet apps only, into the existing results.json. */
  readonly fleetOnly: boolean;
  readonly rounds: number;
  /** The sender-stack counts of the fleet apps. */
  readonly fleetSizes: number[];
  readonly fleetRounds: number;
  readonly out?: string;
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const rounds = Number(value('--rounds') ?? (quick ? 1 : 7));
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`--rounds must be a positive integer, got ${value('--rounds')}`);
  }
  const fleetSizes = (value('--fleet-sizes') ?? (quick ? '2' : '50,250,1000')).split(',').map(Number);
  if (fleetSizes.some(n => !Number.isInteger(n) || n < 1)) {
    throw new Error(`--fleet-sizes must be positive integers separated by commas, got ${value('--fleet-sizes')}`);
  }
  const fleetRounds = Number(value('--fleet-rounds') ?? rounds);
  if (!Number.isInteger(fleetRounds) || fleetRounds < 1) {
    throw new Error(`--fleet-rounds must be a positive integer, got ${value('--fleet-rounds')}`);
  }
  return {
    quick, profileOnly: argv.includes('--profile-only'), fleetOnly: argv.includes('--fleet-only'), rounds, fleetSizes, fleetRounds, out: value('--out'),
  };
}

function runChild<T>(job: SynthJob | FleetJob | ImportJob): T {
  const result = spawnSync(process.execPath, ['--expose-gc', '-r', 'ts-node/register/transpile-only', path.join(__dirname, 'child.ts'), JSON.stringify(job)], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json') },
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  if (result.status !== 0) {
    throw new Error(`benchmark child failed for ${JSON.stringify(job)}:\n${result.stderr}`);
  }
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as T;
}

/**
 * Sampled CPU profiles of ours and the baseline at the point (N=100, K=20), with each partition-literals
 * setting, each in its own process (bench/profile.ts): where the synth time goes. A single run moves with the
 * machine's load, so each is profiled `PROFILE_RUNS` times, alternating, and the run of median sampled time is kept.
 */
function profiles(): ProfileSummary[] {
  const jobs = PARTITION_LITERALS.flatMap(partitionLiterals => (['ours', 'baseline'] as Implementation[])
    .map(implementation => ({ implementation, partitionLiterals, runs: [] as ProfileSummary[] })));
  for (let run = 0; run < PROFILE_RUNS; run++) {
    for (const job of jobs) {
      const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'profile.ts'), '--json',
        job.implementation, '100', '20', job.partitionLiterals ? 'on' : 'off'], {
        cwd: ROOT,
        env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json') },
        encoding: 'utf8',
        maxBuffer: 16 * 2 ** 20,
      });
      if (result.status !== 0) {
        throw new Error(`profile failed for ${job.implementation}:\n${result.stderr}`);
      }
      job.runs.push(JSON.parse(result.stdout.trim().split('\n').pop()!) as ProfileSummary);
    }
  }
  return jobs.map(job => [...job.runs].sort((a, b) => a.sampledMs - b.sampledMs)[Math.floor(job.runs.length / 2)]);
}

function log(message: string): void {
  process.stderr.write(message + '\n');
}

/** Synth time and memory, medians over rounds, implementations alternating within each round, for both partition-literal settings. */
function measureSynth(options: Options): SynthCell[] {
  // K=20 at every N (the chart), K=1 at N=1 and N=100.
  const points = options.quick ? [[1, 1]] : [[1, 1], [1, 20], [10, 20], [100, 1], [100, 20], [250, 20]];
  const cells: Array<{ job: SynthJob; runs: SynthMeasurement[] }> = [];
  for (const [destinations, accounts] of points) {
    {
      for (const partitionLiterals of PARTITION_LITERALS) {
        const implementations: Implementation[] = accounts === 20 || options.quick
          ? ['ours', 'baseline', 'shared'] : ['ours', 'baseline'];
        for (const implementation of implementations) {
          cells.push({ job: { kind: 'synth', implementation, destinations, accounts, partitionLiterals }, runs: [] });
        }
      }
    }
  }
  for (let round = 0; round < options.rounds; round++) {
    // Odd rounds run the cells backwards, so no implementation always goes first.
    const order = round % 2 === 0 ? cells : [...cells].reverse();
    for (const c of order) {
      c.runs.push(runChild<SynthMeasurement>(c.job));
    }
    log(`synth round ${round + 1}/${options.rounds} done`);
  }
  return cells.map(({ job, runs }) => ({
    implementation: job.implementation,
    destinations: job.destinations,
    accounts: job.accounts,
    partitionLiterals: job.partitionLiterals,
    rounds: runs.length,
    ...medians(runs, ['synthMs', 'synthCpuMs', 'peakRssGrowthMiB', 'peakRssMiB', 'templateBytes', 'resources']),
    overResourceLimit: median(runs.map(r => r.resources)) > RESOURCE_LIMIT,
  }));
}

/**
 * The fleet apps (bench/apps.ts `addFleet`): synth CPU time and peak memory of N sender stacks subscribing to one
 * organization destination, ours against the hand-written baseline, medians over rounds, the implementations
 * alternating within each round (and the order reversed every other round), one process per measurement.
 */
function measureFleet(options: Options): FleetResults {
  const cells = options.fleetSizes.flatMap(senders => (['ours', 'baseline'] as const)
    .map(implementation => ({ job: { kind: 'fleet', implementation, senders } as FleetJob, runs: [] as FleetMeasurement[] })));
  const before = os.loadavg()[0];
  let highest = before;
  for (let round = 0; round < options.fleetRounds; round++) {
    const order = round % 2 === 0 ? cells : [...cells].reverse();
    for (const c of order) {
      c.runs.push(runChild<FleetMeasurement>(c.job));
    }
    highest = Math.max(highest, os.loadavg()[0]);
    log(`fleet round ${round + 1}/${options.fleetRounds} done (load average ${os.loadavg()[0].toFixed(1)})`);
  }
  return {
    cells: cells.map(({ job, runs }): FleetCell => ({
      implementation: job.implementation,
      senders: job.senders,
      rounds: runs.length,
      ...medians(runs, ['synthMs', 'synthCpuMs', 'peakRssMiB', 'peakRssGrowthMiB', 'stacks', 'resources', 'templateBytes']),
      runs: runs.map(r => ({ synthCpuMs: Math.round(r.synthCpuMs), peakRssMiB: Math.round(r.peakRssMiB * 10) / 10 })),
    })),
    loadAverage: { before, after: os.loadavg()[0], highest },
  };
}

/**
 * Synthesizes an app in this process and returns its recipient template. `analyticsReporting` adds
 * the CDKMetadata resource, as `cdk synth` and `cdk deploy` do by default.
 */
function synthTemplate(implementation: Implementation, destinations: number, accounts: string[], partitionLiterals: boolean,
  analyticsReporting = false): any {
  const app = new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-log-destinations-bench-')),
    analyticsReporting,
    context: initContext(partitionLiterals),
  });
  try {
    const { stack, stream } = recipientStack(app);
    addDestinations(lib, implementation, stack, stream, destinations, accounts);
    const assembly = app.synth();
    const file = path.join(assembly.directory, `${stack.artifactId}.template.json`);
    return { template: JSON.parse(fs.readFileSync(file, 'utf8')), bytes: fs.statSync(file).size };
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

function perDestination(options: Options): Results['perDestination'] {
  const rows: Array<Results['perDestination'][number]> = [];
  const n = 10;
  for (const partitionLiterals of PARTITION_LITERALS) {
    for (const accounts of options.quick ? [1] : [1, 20]) {
      for (const implementation of ['ours', 'shared', 'baseline'] as Implementation[]) {
        const empty = synthTemplate(implementation, 0, senderAccounts(accounts), partitionLiterals);
        const full = synthTemplate(implementation, n, senderAccounts(accounts), partitionLiterals);
        rows.push({
          implementation,
          accounts,
          partitionLiterals,
          templateBytes: (full.bytes - empty.bytes) / n,
          resources: (Object.keys(full.template.Resources).length - Object.keys(empty.template.Resources).length) / n,
        });
      }
    }
  }
  return rows;
}

/** Joins the `Fn::Join` of a concrete stack's policy, with the partition `aws`. */
function joinLiteral(value: any): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map(joinLiteral).join(separator);
  }
  if (value.Ref === 'AWS::Partition') {
    return 'aws';
  }
  throw new Error(`unexpected value in a concrete stack's policy: ${JSON.stringify(value)}`);
}

/**
 * The deployed size of the access policy of one destination granted `accounts`, or undefined when
 * the synth refuses it (`validate`), or its size regardless (to find the real limit).
 */
function policyBytes(accounts: number, validate = true): number | undefined {
  // As deployed, the policy is the same text whatever the partition-literals flag: size it on cdk init defaults.
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-log-destinations-bench-')), context: initContext(true) });
  try {
    const { stack, stream } = recipientStack(app);
    const destination = new lib.LogDestination(stack, 'Destination', {
      target: lib.LogDestinationTarget.kinesisStream(stream),
      destinationName: destinationName(0),
    });
    senderAccounts(accounts).forEach(account => destination.grantSubscribe(account));
    let template: any;
    try {
      template = app.synth({ skipValidation: !validate }).getStackByName(stack.stackName).template;
    } catch (error) {
      if ((error as Error).message.includes('PutDestinationPolicy accepts at most')) {
        return undefined;
      }
      throw error;
    }
    const resource = Object.values<any>(template.Resources).find(r => r.Type === 'AWS::Logs::Destination');
    return Buffer.byteLength(joinLiteral(resource.Properties.DestinationPolicy), 'utf8');
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
}

function accessPolicy(): Results['accessPolicy'] {
  const points: PolicySizePoint[] = [];
  for (const accounts of [1, 10, 50, 100, 200, 300]) {
    points.push({ accounts, bytes: policyBytes(accounts) ?? NaN });
  }
  // Walk up from 300 until the synth refuses the policy.
  let largestAccepted = 300;
  let bytes = policyBytes(largestAccepted)!;
  while (true) {
    const next = policyBytes(largestAccepted + 1);
    if (next === undefined) {
      break;
    }
    largestAccepted++;
    bytes = next;
  }
  points.push({ accounts: largestAccepted, bytes });
  // The check estimates tokens generously; without it, find where the rendered policy really passes the limit.
  let largestWithinLimit = largestAccepted;
  let over = policyBytes(largestWithinLimit + 1, false)!;
  while (over <= POLICY_LIMIT_BYTES) {
    largestWithinLimit++;
    over = policyBytes(largestWithinLimit + 1, false)!;
  }
  points.push({ accounts: largestWithinLimit + 1, bytes: over });
  return { destinationName: destinationName(0), limitBytes: POLICY_LIMIT_BYTES, points, largestAccepted, largestWithinLimit };
}

/**
 * The most destinations one stack holds with one shared role: synthesized as the CLI would (with the
 * CDKMetadata resource), with CDK's own 500-resource check on, and one more shown to fail it. The
 * template is sized with the partition-literals flag on (as `cdk init` sets it) and off.
 */
function sharedRoleCapacity(): Results['sharedRoleCapacity'] {
  const accounts = senderAccounts(20);
  // Besides the destinations: the stream, the CDKMetadata resource and the shared role.
  const fixed = Object.keys(synthTemplate('shared', 0, accounts, true, true).template.Resources).length + 1;
  const destinations = RESOURCE_LIMIT - fixed;
  const result = synthTemplate('shared', destinations, accounts, true, true);
  const withoutLiterals = synthTemplate('shared', destinations, accounts, false, true);
  let tooMany: Error | undefined;
  try {
    synthTemplate('shared', destinations + 1, accounts, true, true);
  } catch (error) {
    tooMany = error as Error;
  }
  if (!tooMany || !/greater than allowed maximum of 500/.test(tooMany.message)) {
    throw new Error(`expected ${destinations + 1} shared-role destinations to exceed the 500-resource limit, got: ${tooMany?.message}`);
  }
  return {
    destinations,
    resources: Object.keys(result.template.Resources).length,
    templateBytes: result.bytes,
    templateBytesWithoutPartitionLiterals: withoutLiterals.bytes,
  };
}

function measureImports(options: Options): Results['imports'] {
  const variants = [
    { preload: 'the aws-cdk-lib modules the library imports', modules: LIBRARY_MODULES },
    { preload: 'a subscription app\'s modules', modules: APP_MODULES },
  ];
  const runs: ImportMeasurement[][] = variants.map(() => []);
  const rounds = options.quick ? 1 : Math.max(options.rounds, 5) * 2;
  for (let round = 0; round < rounds; round++) {
    variants.forEach((variant, index) => runs[index].push(runChild<ImportMeasurement>({ kind: 'import', preload: variant.modules })));
  }
  return variants.map((variant, index) => ({
    ...variant,
    rounds,
    preloadMs: median(runs[index].map(r => r.preloadMs)),
    libraryMs: median(runs[index].map(r => r.libraryMs)),
  }));
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Rewrites BENCHMARKS.md with the archive or minimal-app section just measured (into bench/ only, not into --out). */
function rerender(options: Options): void {
  const files = reportFiles(__dirname, ROOT);
  if (!options.out && fs.existsSync(files.results)) {
    writeReport(readJson(files.results), files);
  }
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
    throw new Error('lib/index.js is missing: build the library first (npm run build)');
  }
  if (process.argv.includes('--archive')) {
    const value = (flag: string) => process.argv[process.argv.indexOf(flag) + 1];
    runArchiveBench(process.argv.includes('--rounds') ? Number(value('--rounds')) : 5, options.out ?? __dirname);
    rerender(options);
    return;
  }
  if (process.argv.includes('--minimal')) {
    const library = process.argv.includes('--library') ? process.argv[process.argv.indexOf('--library') + 1] : undefined;
    runMinimalBench(process.argv.includes('--rounds') ? options.rounds : 11, options.out ?? __dirname, library);
    if (!library) {
      rerender(options);
    }
    return;
  }
  const files = options.out ? reportFiles(options.out, options.out) : reportFiles(__dirname, ROOT);
  if (options.profileOnly || options.fleetOnly) {
    const previous: Results = readJson(files.results);
    const updated: Results = options.profileOnly ? { ...previous, profiles: profiles() } : { ...previous, fleet: measureFleet(options) };
    fs.writeFileSync(files.results, JSON.stringify(updated, undefined, 2) + '\n');
    writeReport(updated, files);
    log(`measured into ${path.relative(ROOT, files.results)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return;
  }
  const synth = measureSynth(options);
  const fleet = measureFleet(options);
  log('sizes and limits');
  const results: Results = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    versions: {
      awsCdkLib: readJson(require.resolve('aws-cdk-lib/package.json')).version,
      library: readJson(path.join(ROOT, 'package.json')).version,
    },
    rounds: options.rounds,
    synth,
    perDestination: perDestination(options),
    accessPolicy: accessPolicy(),
    sharedRoleCapacity: options.quick
      ? { destinations: 0, resources: 0, templateBytes: 0, templateBytesWithoutPartitionLiterals: 0 } : sharedRoleCapacity(),
    imports: measureImports(options),
    profiles: options.quick ? [] : profiles(),
    fleet,
  };

  fs.mkdirSync(path.dirname(files.results), { recursive: true });
  fs.writeFileSync(files.results, JSON.stringify(results, undefined, 2) + '\n');
  writeReport(results, files);
  log(`wrote ${path.relative(ROOT, files.results)}, ${path.relative(ROOT, files.chart)} and ${path.relative(ROOT, files.markdown)} `
    + `in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main();
