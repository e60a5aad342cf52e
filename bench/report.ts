/**
 * Renders bench/results.json as the BENCHMARKS.md table and an SVG chart of synth time against N.
 * Pure functions of the results, so a test can render a tiny run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { archiveSection } from './archive';
import type { FleetMeasurement } from './child';
import { minimalSection } from './minimal';
import type { ProfileSummary } from './profile';
import { median } from './stats';

/** Medians of one (implementation, N, K) cell over the rounds. */
export interface SynthCell {
  readonly implementation: 'ours' | 'shared' | 'baseline';
  readonly destinations: number;
  readonly accounts: number;
  /** `@aws-cdk/core:enablePartitionLiterals` (on top of the flags `cdk init` sets). */
  readonly partitionLiterals: boolean;
  readonly rounds: number;
  /** Wall-clock time of building the tree plus `app.synth()`. */
  readonly synthMs: number;
  /** CPU time of the same span: what the targets judge, since it does not move with the machine's load. */
  readonly synthCpuMs: number;
  readonly peakRssGrowthMiB: number;
  readonly peakRssMiB: number;
  readonly templateBytes: number;
  readonly resources: number;
  /** Whether the stack is over CloudFormation's 500-resource limit (synthesized with the limit check raised, for timing only). */
  readonly overResourceLimit: boolean;
}

/**
 * The medians of one (implementation, number of sender stacks) cell of the fleet apps over the rounds (bench/child.ts
 * `FleetMeasurement`); the CPU time is what the targets judge.
 */
export interface FleetCell extends FleetMeasurement {
  readonly implementation: 'ours' | 'baseline';
  /** Sender stacks, each subscribing one log group to the organization destination. */
  readonly senders: number;
  readonly rounds: number;
  /** Every round's CPU time and peak RSS, in round order: round i of ours ran beside round i of the baseline. */
  readonly runs?: Array<{ readonly synthCpuMs: number; readonly peakRssMiB: number }>;
}

/** The fleet measurement: its cells, and how loaded the machine was while it ran (1-minute load averages). */
export interface FleetResults {
  readonly cells: FleetCell[];
  readonly loadAverage: { readonly before: number; readonly after: number; readonly highest: number };
}

export interface PolicySizePoint {
  readonly accounts: number;
  readonly bytes: number;
}

export interface Results {
  readonly generatedAt: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly memoryGiB: number; readonly node: string };
  readonly versions: { readonly awsCdkLib: string; readonly library: string };
  readonly rounds: number;
  readonly synth: SynthCell[];
  readonly perDestination: Array<{
    readonly implementation: 'ours' | 'shared' | 'baseline';
    readonly accounts: number;
    readonly partitionLiterals: boolean;
    readonly templateBytes: number;
    readonly resources: number;
  }>;
  readonly accessPolicy: {
    readonly destinationName: string;
    readonly limitBytes: number;
    readonly points: PolicySizePoint[];
    /** The most accounts `grantSubscribe` accepts before the synth-time size check fails. */
    readonly largestAccepted: number;
    /** The most accounts whose rendered policy is within the limit (what PutDestinationPolicy would accept). */
    readonly largestWithinLimit: number;
  };
  readonly sharedRoleCapacity: {
    /** The most destinations one stack holds with one shared role (with the stream and CDK metadata). */
    readonly destinations: number;
    readonly resources: number;
    /** With the partition-literals flag on, as `cdk init` sets it. */
    readonly templateBytes: number;
    /** With the flag off. */
    readonly templateBytesWithoutPartitionLiterals: number;
  };
  readonly imports: Array<{
    readonly preload: string;
    readonly modules: string[];
    readonly rounds: number;
    readonly libraryMs: number;
    readonly preloadMs: number;
  }>;
  /** Sampled CPU profiles of single synths (bench/profile.ts); empty in a quick run. */
  readonly profiles: ProfileSummary[];
  /** Many sender stacks of one organization destination (bench/apps.ts `addFleet`); absent in results made before it. */
  readonly fleet?: FleetResults;
}

function cell(results: Results, implementation: string, destinations: number, accounts: number, partitionLiterals: boolean): SynthCell | undefined {
  return results.synth.find(c => c.implementation === implementation && c.destinations === destinations && c.accounts === accounts
    && c.partitionLiterals === partitionLiterals);
}

const fixed = (value: number, digits = 0) => value.toFixed(digits);
const ratio = (ours: number, baseline: number) => (baseline > 0 ? `${(ours / baseline).toFixed(2)}x` : 'n/a');
const flagName = (partitionLiterals: boolean) => (partitionLiterals ? 'on' : 'off');

/** The targets of issue 13, as ratios to the hand-written baseline in one run. */
export const TARGETS = { templateBytes: 1.15, synthMs: 1.10, peakRssMiB: 1.10 } as const;
/** Where the targets are judged: the largest deployable app with a role each, and N=250 (timing only). */
export const TARGET_POINTS = [{ destinations: 100, accounts: 20 }, { destinations: 250, accounts: 20 }];

/** One row per (point, flag, implementation) of the targets table: the ratios to the baseline and whether each target is met. */
export function targetRows(results: Results): Array<{
  destinations: number; accounts: number; partitionLiterals: boolean; implementation: string;
  templateBytes: number; synthMs: number; synthWallMs: number; peakRssMiB: number; met: boolean;
}> {
  const rows = [];
  for (const { destinations, accounts } of TARGET_POINTS) {
    for (const partitionLiterals of [true, false]) {
      const base = cell(results, 'baseline', destinations, accounts, partitionLiterals);
      for (const implementation of ['ours', 'shared']) {
        const c = cell(results, implementation, destinations, accounts, partitionLiterals);
        if (!c || !base) {
          continue;
        }
        const r = {
          templateBytes: c.templateBytes / base.templateBytes,
          synthMs: c.synthCpuMs / base.synthCpuMs,
          synthWallMs: c.synthMs / base.synthMs,
          peakRssMiB: c.peakRssMiB / base.peakRssMiB,
        };
        const met = r.templateBytes <= TARGETS.templateBytes && r.synthMs <= TARGETS.synthMs && r.peakRssMiB <= TARGETS.peakRssMiB;
        rows.push({ destinations, accounts, partitionLiterals, implementation, ...r, met });
      }
    }
  }
  return rows;
}

/**
 * One row per fleet size: ours against the baseline (ratios of the medians), whether the time and memory targets are
 * met, and the median of the per-round ratios. The rounds ran ours and the baseline side by side (adjacent in time, the
 * order alternating), so a round's ratio cancels most of what the machine's load did to both; the ratio of the medians
 * can pair a quiet run of one with a busy run of the other.
 */
export function fleetRows(fleet: FleetResults): Array<{
  senders: number; ours: FleetCell; baseline: FleetCell; synthMs: number; synthWallMs: number; peakRssMiB: number; met: boolean;
  pairedSynthMs?: number; pairedPeakRssMiB?: number;
}> {
  const sizes = [...new Set(fleet.cells.map(c => c.senders))].sort((a, b) => a - b);
  return sizes.flatMap(senders => {
    const ours = fleet.cells.find(c => c.implementation === 'ours' && c.senders === senders);
    const baseline = fleet.cells.find(c => c.implementation === 'baseline' && c.senders === senders);
    if (!ours || !baseline) {
      return [];
    }
    const synthMs = ours.synthCpuMs / baseline.synthCpuMs;
    const peakRssMiB = ours.peakRssMiB / baseline.peakRssMiB;
    const paired = (value: (run: { synthCpuMs: number; peakRssMiB: number }) => number) =>
      ours.runs && baseline.runs && ours.runs.length === baseline.runs.length && ours.runs.length > 0
        ? median(ours.runs.map((run, i) => value(run) / value(baseline.runs![i]))) : undefined;
    return [{
      senders, ours, baseline, synthMs, synthWallMs: ours.synthMs / baseline.synthMs, peakRssMiB,
      met: synthMs <= TARGETS.synthMs && peakRssMiB <= TARGETS.peakRssMiB,
      pairedSynthMs: paired(run => run.synthCpuMs),
      pairedPeakRssMiB: paired(run => run.peakRssMiB),
    }];
  });
}

/**
 * The exponent b of CPU time ~ a * N^b, fitted by least squares on log-log over the measured sizes: 1 is linear growth.
 * Undefined for fewer than two sizes.
 */
export function growthExponent(points: Array<{ x: number; y: number }>): number | undefined {
  if (points.length < 2) {
    return undefined;
  }
  const xs = points.map(p => Math.log(p.x));
  const ys = points.map(p => Math.log(p.y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxy = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0);
  const sxx = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return sxy / sxx;
}

/** The fleet section of BENCHMARKS.md. */
function renderFleet(fleet: FleetResults, chartFile: string): string[] {
  const lines: string[] = [];
  const rows = fleetRows(fleet);
  const load = fleet.loadAverage;
  lines.push('## Many sender stacks, one organization destination', '');
  lines.push('One recipient stack with a destination that admits an organization, and N sender stacks (one account each, in the '
    + 'destination\'s Region), each subscribing one log group to it, on the feature flags `cdk init` writes. **ours**: a '
    + '`LogDestination` passed to `logGroup.addSubscriptionFilter(...)` in every sender stack (the library generates each '
    + 'stack\'s sender role, orders it after the destination and checks its account). **baseline**: the same templates '
    + 'written by hand with aws-cdk-lib: the destination\'s role and `CfnDestination`, and in every sender stack an '
    + '`iam.Role` for `logs.amazonaws.com` with `logs:PutLogEvents` on the log group, a `CfnSubscriptionFilter` with the '
    + 'destination\'s ARN and the role, and `addDependency` on the recipient stack (bench/apps.ts `addFleet`).', '');
  lines.push(`Medians of ${rows[0]?.ours.rounds ?? 0} round(s), each measurement in its own process, the implementations alternating. `
    + `Targets: synth CPU time <= ${TARGETS.synthMs.toFixed(2)}x and peak RSS <= ${TARGETS.peakRssMiB.toFixed(2)}x the baseline, `
    + 'and the same growth. The machine\'s 1-minute load average (on its '
    + 'cores, shared with other work) was '
    + `${load.before.toFixed(1)} when the fleet runs started, ${load.after.toFixed(1)} when they ended, and at most `
    + `${load.highest.toFixed(1)} between rounds: CPU time moves less with the load than wall-clock time, but not nothing.`, '');
  lines.push('The targets column judges the ratios of the medians, as the tables above do. Beside them, the median of the '
    + 'per-round ratios: each round ran ours and the baseline one after the other, so a round\'s ratio cancels most of what '
    + 'the load did to both, where the ratio of the medians can pair a quiet run of one with a busy run of the other.', '');
  const pairedText = (value?: number) => value === undefined ? '-' : `${value.toFixed(2)}x`;
  lines.push('| N sender stacks | ours CPU ms | baseline CPU ms | ratio | per-round ratio | ours peak RSS MiB | baseline MiB | ratio | '
    + 'per-round ratio | targets | ours wall ms | baseline wall ms | ratio | stacks | resources (ours / baseline) | '
    + 'template bytes (ours / baseline) |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---|');
  for (const row of rows) {
    const { ours, baseline } = row;
    lines.push(`| ${row.senders} | ${fixed(ours.synthCpuMs)} | ${fixed(baseline.synthCpuMs)} | ${row.synthMs.toFixed(2)}x | `
      + `${pairedText(row.pairedSynthMs)} | ${fixed(ours.peakRssMiB, 1)} | ${fixed(baseline.peakRssMiB, 1)} | ${row.peakRssMiB.toFixed(2)}x | `
      + `${pairedText(row.pairedPeakRssMiB)} | ${row.met ? 'met' : 'missed'} | `
      + `${fixed(ours.synthMs)} | ${fixed(baseline.synthMs)} | ${row.synthWallMs.toFixed(2)}x | ${ours.stacks} | `
      + `${ours.resources} / ${baseline.resources} | ${ours.templateBytes} / ${baseline.templateBytes} |`);
  }
  lines.push('');
  const runs = rows.filter(row => row.ours.runs && row.baseline.runs);
  if (runs.length > 0) {
    lines.push('Every round\'s synth CPU ms, ours / baseline:', '');
    for (const row of runs) {
      lines.push(`- N=${row.senders}: ${row.ours.runs!.map((run, i) => `${fixed(run.synthCpuMs)} / ${fixed(row.baseline.runs![i].synthCpuMs)}`)
        .join(', ')}`);
    }
    lines.push('');
  }
  const exponent = (implementation: 'ours' | 'baseline') => growthExponent(rows.map(r => ({ x: r.senders, y: r[implementation].synthCpuMs })));
  const ours = exponent('ours');
  const baseline = exponent('baseline');
  if (ours !== undefined && baseline !== undefined && rows.length >= 2) {
    const first = rows[0];
    const last = rows[rows.length - 1];
    lines.push(`**Growth.** From ${first.senders} to ${last.senders} sender stacks (${(last.senders / first.senders).toFixed(0)} times as many), `
      + `ours took ${(last.ours.synthCpuMs / first.ours.synthCpuMs).toFixed(1)} times the CPU time and the baseline `
      + `${(last.baseline.synthCpuMs / first.baseline.synthCpuMs).toFixed(1)} times; fitted as CPU time ~ N^b over every size, `
      + `b = ${ours.toFixed(2)} for ours and ${baseline.toFixed(2)} for the baseline (1 is linear). Per sender stack at `
      + `N=${last.senders}: ${(last.ours.synthCpuMs / last.senders).toFixed(1)} ms of CPU for ours, `
      + `${(last.baseline.synthCpuMs / last.senders).toFixed(1)} ms for the baseline.`, '');
  }
  lines.push(`![Fleet synth CPU time against N](${chartFile})`, '');
  return lines;
}

export function renderMarkdown(results: Results, chartFile: string, fleetChartFile = 'bench/fleet-synth-time.svg'): string {
  const lines: string[] = [];
  const m = results.machine;
  lines.push('# Benchmarks', '');
  lines.push('Generated by `npm run bench` (bench/run.ts) from `bench/results.json`; do not edit by hand.', '');
  lines.push(`Measured ${results.generatedAt.slice(0, 10)} on ${m.cpus} x ${m.cpuModel}, ${m.memoryGiB} GiB, Node.js ${m.node}, `
    + `aws-cdk-lib ${results.versions.awsCdkLib}. Every figure is the median of ${results.rounds} round(s); each measurement runs `
    + 'in its own process, and the implementations alternate within a round.', '');
  lines.push('**ours**: `LogDestination` with its generated role (the default). **shared**: `LogDestination`s sharing one '
    + 'generated role (`role: first.role`). **baseline**: the same policies written by hand with `iam.Role` and '
    + '`CfnDestination`, every ARN built with `stack.formatArn` (bench/apps.ts). Each of the N destinations targets one '
    + 'Kinesis stream and is granted K accounts plus one organization.', '');
  lines.push('Every app runs on the feature flags `cdk init` writes into a new project (aws-cdk-lib\'s '
    + '`CURRENTLY_RECOMMENDED_FLAGS`), with `@aws-cdk/core:enablePartitionLiterals` **on**, as `cdk init` sets it (ARNs '
    + 'of a stack with a known region carry the partition as a literal), and **off**, as in an app made before the flag '
    + '(every ARN is an `Fn::Join` over `AWS::Partition`).', '');

  lines.push('## Targets', '');
  lines.push(`Ratios to the baseline in this run; targets: template bytes <= ${TARGETS.templateBytes.toFixed(2)}x, synth time `
    + `<= ${TARGETS.synthMs.toFixed(2)}x, peak RSS <= ${TARGETS.peakRssMiB.toFixed(2)}x. Synth time is judged by CPU time (user + `
    + 'system) of the synth: on a shared machine the wall-clock time also counts the time the process waited for a core, which '
    + 'moves with what else runs (the wall-clock ratio is shown beside it, not judged).', '');
  lines.push('| N | K | partition literals | implementation | template bytes | synth CPU time | peak RSS | targets | synth wall-clock time |');
  lines.push('|---:|---:|---|---|---:|---:|---:|---|---:|');
  for (const row of targetRows(results)) {
    lines.push(`| ${row.destinations} | ${row.accounts} | ${flagName(row.partitionLiterals)} | ${row.implementation} | `
      + `${row.templateBytes.toFixed(2)}x | ${row.synthMs.toFixed(2)}x | ${row.peakRssMiB.toFixed(2)}x | ${row.met ? 'met' : 'missed'} | `
      + `${row.synthWallMs.toFixed(2)}x |`);
  }
  lines.push('');

  lines.push('## Synth time, memory and template size', '');
  lines.push(`![Synth time against N](${chartFile})`, '');
  lines.push('| N | K | partition literals | ours CPU ms | baseline CPU ms | ratio | shared CPU ms | ours wall ms | baseline wall ms | ratio | ours template bytes | baseline bytes | ratio | '
    + 'ours peak RSS MiB | baseline MiB | ratio | ours RSS growth MiB | baseline MiB | ours resources | baseline resources |');
  lines.push('|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const keys = [...new Set(results.synth.map(c => `${c.destinations}/${c.accounts}/${c.partitionLiterals}`))];
  for (const key of keys) {
    const [n, k] = key.split('/').map(Number);
    const literals = key.endsWith('true');
    const ours = cell(results, 'ours', n, k, literals);
    const base = cell(results, 'baseline', n, k, literals);
    const shared = cell(results, 'shared', n, k, literals);
    if (!ours || !base) {
      continue;
    }
    const over = ours.overResourceLimit ? ' (over 500: not deployable as one stack)' : '';
    lines.push(`| ${n} | ${k} | ${flagName(literals)} | ${fixed(ours.synthCpuMs)} | ${fixed(base.synthCpuMs)} | `
      + `${ratio(ours.synthCpuMs, base.synthCpuMs)} | ${shared ? fixed(shared.synthCpuMs) : '-'} | `
      + `${fixed(ours.synthMs)} | ${fixed(base.synthMs)} | ${ratio(ours.synthMs, base.synthMs)} | ${ours.templateBytes} | ${base.templateBytes} | ${ratio(ours.templateBytes, base.templateBytes)} | `
      + `${fixed(ours.peakRssMiB, 1)} | ${fixed(base.peakRssMiB, 1)} | `
      + `${ratio(ours.peakRssMiB, base.peakRssMiB)} | ${fixed(ours.peakRssGrowthMiB, 1)} | ${fixed(base.peakRssGrowthMiB, 1)} | `
      + `${ours.resources}${over} | ${base.resources} |`);
  }
  lines.push('', 'Synth time is building the construct tree plus `app.synth()`, with every module loaded beforehand, as CPU time '
    + '(user + system, all threads) and as wall-clock time. Peak RSS is '
    + 'the synthesizing process\'s peak resident memory: what `cdk synth` needs. RSS growth is how far '
    + 'the synth raised that peak above the memory the process held after loading its modules and a forced garbage '
    + 'collection; it is the noisier figure, because the starting point depends on what the loaded modules left on the '
    + 'heap.', '');

  lines.push('## Template size and resources per destination', '');
  lines.push('| implementation | K | partition literals | template bytes per destination | resources per destination |');
  lines.push('|---|---:|---|---:|---:|');
  for (const row of results.perDestination) {
    lines.push(`| ${row.implementation} | ${row.accounts} | ${flagName(row.partitionLiterals)} | ${fixed(row.templateBytes)} | `
      + `${fixed(row.resources, 2)} |`);
  }
  const perDest = (impl: string, k: number, literals: boolean) =>
    results.perDestination.find(r => r.implementation === impl && r.accounts === k && r.partitionLiterals === literals);
  const ks = [...new Set(results.perDestination.map(r => r.accounts))];
  const summary = [true, false].flatMap(literals => ks.map(k => `K=${k}, partition literals ${flagName(literals)}: `
    + `ours/baseline template bytes ${ratio(perDest('ours', k, literals)!.templateBytes, perDest('baseline', k, literals)!.templateBytes)}`));
  lines.push('', summary.join('; ') + '.', '');
  const cap = results.sharedRoleCapacity;
  lines.push(`With one shared role, one stack holds **${cap.destinations} destinations** (${cap.resources} resources with the `
    + `stream, the shared role and the CDKMetadata resource \`cdk synth\` adds; ${fixed(cap.templateBytes / 1024)} KiB of `
    + `template with partition literals on, ${fixed(cap.templateBytesWithoutPartitionLiterals / 1024)} KiB with them off), `
    + `against ${Math.floor((500 - (cap.resources - cap.destinations - 1)) / 2)} with a role each; one more fails CDK's `
    + '500-resource check.', '');
  const policy = results.accessPolicy;
  lines.push('## Access policy size', '');
  lines.push(`Destination \`${policy.destinationName}\`, granted N accounts (and no organization); PutDestinationPolicy accepts `
    + `${policy.limitBytes} bytes.`, '');
  lines.push('| accounts | policy bytes |', '|---:|---:|');
  for (const point of policy.points) {
    lines.push(`| ${point.accounts} | ${point.bytes} |`);
  }
  lines.push('', `The largest account list within the limit is **${policy.largestWithinLimit} accounts**; the synth-time size `
    + `check accepts up to ${policy.largestAccepted} (it errs on the safe side for tokens) and fails beyond.`, '');

  if (results.fleet && results.fleet.cells.length > 0) {
    lines.push(...renderFleet(results.fleet, fleetChartFile));
  }

  if (results.profiles.length > 0) {
    lines.push(...renderProfiles(results.profiles));
  }

  lines.push('## Import cost', '');
  lines.push('| modules already loaded | loading them ms | then loading the library ms |', '|---|---:|---:|');
  for (const row of results.imports) {
    lines.push(`| ${row.preload} (${row.modules.join(', ')}) | ${fixed(row.preloadMs)} | ${fixed(row.libraryMs)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

/** The profile section: where one synth's sampled time goes, for ours against the baseline. */
function renderProfiles(profiles: ProfileSummary[]): string[] {
  const lines: string[] = [];
  const first = profiles[0];
  lines.push('## Where the synth time goes', '');
  lines.push(`One synth of each app at N=${first.destinations}, K=${first.accounts}, sampled every 0.1 ms by V8's CPU profiler `
    + '(bench/profile.ts, in its own process, every module loaded first; of three runs each, the one of median sampled time). '
    + 'Self time is time in a package\'s own functions; the library\'s inclusive time counts every sample with a function '
    + 'of `lib/` anywhere on the stack, the aws-cdk-lib constructs it creates included.', '');
  const header = profiles.map(p => `${p.implementation}, literals ${flagName(p.partitionLiterals)}`);
  lines.push(`| ms | ${header.join(' | ')} |`, `|---|${profiles.map(() => '---:').join('|')}|`);
  lines.push(`| sampled (tree + app.synth()) | ${profiles.map(p => p.sampledMs).join(' | ')} |`);
  lines.push(`| building the construct tree | ${profiles.map(p => p.treeMs).join(' | ')} |`);
  lines.push(`| app.synth() | ${profiles.map(p => p.synthPhaseMs).join(' | ')} |`);
  lines.push(`| with the library on the stack | ${profiles.map(p => p.libraryInclusiveMs).join(' | ')} |`);
  for (const name of Object.keys(first.calls ?? {})) {
    lines.push(`| calls of ${name} (count, not ms) | ${profiles.map(p => p.calls?.[name] ?? '-').join(' | ')} |`);
  }
  const packages = [...new Set(profiles.flatMap(p => p.byPackage.slice(0, 8).map(e => e.name)))];
  for (const name of packages) {
    lines.push(`| self: ${name.replace(/\|/g, '\\|')} | ${profiles.map(p => p.byPackage.find(e => e.name === name)?.ms ?? '-').join(' | ')} |`);
  }
  lines.push('');
  for (const literals of [true, false]) {
    const ours = profiles.find(p => p.implementation === 'ours' && p.partitionLiterals === literals);
    const base = profiles.find(p => p.implementation === 'baseline' && p.partitionLiterals === literals);
    if (!ours || !base) {
      continue;
    }
    const names = Object.keys(ours.calls ?? {});
    const same = names.every(name => ours.calls[name] === base.calls?.[name]);
    const counts = names.map(name => `${name} ${ours.calls[name]}` + (same ? '' : ` against ${base.calls?.[name]}`)).join(', ');
    lines.push(`- **Partition literals ${flagName(literals)}:** ours sampled ${ours.sampledMs} ms against the baseline's ${base.sampledMs} ms `
      + `(${ratio(ours.sampledMs, base.sampledMs)}; the timed medians above are the better ratio), ${ours.libraryInclusiveMs} ms of it with a function of \`lib/\` on the `
      + `stack, of which ${ours.byPackage.find(e => e.name.startsWith('cdk-log-destinations'))?.ms ?? 0} ms in the library's own code. `
      + (same
        ? `It made exactly as many token calls as the baseline (${counts}): the library adds no token work of its own, and its inclusive `
          + 'time is the aws-cdk-lib constructs and ARNs a hand-written app creates too.'
        : `Token calls differ from the baseline: ${counts}.`));
  }
  lines.push('- With partition literals on, the first `stack.partition` loads aws-cdk-lib\'s region-info facts (a 1.3 MB module, '
    + 'loaded lazily; `aws-cdk-lib/region-info` above), and whoever builds the first ARN pays for it: ours under `logsArn`, the '
    + 'baseline under its own `stack.formatArn`. The module loader, the garbage collector and source-map support (ts-node) '
    + 'are the same for both and move with the load of the machine.', '');
  for (const p of profiles.filter(q => q.implementation !== 'baseline')) {
    lines.push(`The library's functions by inclusive time, ${p.implementation} with partition literals ${flagName(p.partitionLiterals)} `
      + `(of ${p.sampledMs} ms sampled):`, '');
    lines.push('| function | ms |', '|---|---:|');
    for (const f of p.libraryFunctions.slice(0, 8)) {
      lines.push(`| \`${f.name}\` | ${f.ms} |`);
    }
    lines.push('');
  }
  return lines;
}

/** A line chart of median synth time against N, one line per implementation, for the given K, on `cdk init` defaults. */
export function renderChart(results: Results, accounts: number): string {
  const series = (['baseline', 'ours', 'shared'] as const).map(implementation => ({
    implementation,
    points: results.synth.filter(c => c.implementation === implementation && c.accounts === accounts && c.partitionLiterals)
      .sort((a, b) => a.destinations - b.destinations)
      .map(c => ({ x: c.destinations, y: c.synthCpuMs })),
  }));
  return lineChart(`Median synth CPU time against N destinations (K=${accounts} + 1 org, cdk init flags)`, 'N (destinations)', series);
}

/** A line chart of the fleet's median synth CPU time against the number of sender stacks. */
export function renderFleetChart(fleet: FleetResults): string {
  const series = (['baseline', 'ours'] as const).map(implementation => ({
    implementation,
    points: fleet.cells.filter(c => c.implementation === implementation).sort((a, b) => a.senders - b.senders)
      .map(c => ({ x: c.senders, y: c.synthCpuMs })),
  }));
  return lineChart('Median synth CPU time against N sender stacks (one organization destination, cdk init flags)', 'N (sender stacks)', series);
}

/** An SVG line chart, one line per implementation, in the implementations' colors. */
function lineChart(title: string, xLabel: string, allSeries: Array<{ implementation: string; points: Array<{ x: number; y: number }> }>): string {
  const width = 640;
  const height = 360;
  const margin = { left: 64, right: 150, top: 36, bottom: 48 };
  const series = allSeries.filter(s => s.points.length > 0);
  const maxX = Math.max(1, ...series.flatMap(s => s.points.map(p => p.x)));
  const maxY = Math.max(1, ...series.flatMap(s => s.points.map(p => p.y))) * 1.1;
  const sx = (x: number) => margin.left + (x / maxX) * (width - margin.left - margin.right);
  const sy = (y: number) => height - margin.bottom - (y / maxY) * (height - margin.top - margin.bottom);
  const colors: Record<string, string> = { baseline: '#888888', ours: '#d9480f', shared: '#1c7ed6' };
  const dashes: Record<string, string> = { baseline: '6 4', ours: '', shared: '2 3' };
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" `
    + 'font-family="sans-serif" font-size="12">');
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${margin.left}" y="20" font-size="14">${title}</text>`);
  const ticks = 5;
  for (let i = 0; i <= ticks; i++) {
    const y = (maxY / ticks) * i;
    out.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${sy(y).toFixed(1)}" y2="${sy(y).toFixed(1)}" stroke="#eeeeee"/>`);
    out.push(`<text x="${margin.left - 6}" y="${(sy(y) + 4).toFixed(1)}" text-anchor="end">${Math.round(y)}</text>`);
  }
  const xs = [...new Set(series.flatMap(s => s.points.map(p => p.x)))].sort((a, b) => a - b);
  for (const x of xs) {
    out.push(`<text x="${sx(x).toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle">${x}</text>`);
  }
  out.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${sy(0)}" y2="${sy(0)}" stroke="#333333"/>`);
  out.push(`<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${sy(0)}" stroke="#333333"/>`);
  out.push(`<text x="${(margin.left + width - margin.right) / 2}" y="${height - 10}" text-anchor="middle">${xLabel}</text>`);
  out.push(`<text x="16" y="${(margin.top + height - margin.bottom) / 2}" text-anchor="middle" `
    + `transform="rotate(-90 16 ${(margin.top + height - margin.bottom) / 2})">ms</text>`);
  series.forEach((s, index) => {
    const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    const dash = dashes[s.implementation] ? ` stroke-dasharray="${dashes[s.implementation]}"` : '';
    out.push(`<path d="${d}" fill="none" stroke="${colors[s.implementation]}" stroke-width="2"${dash}/>`);
    for (const p of s.points) {
      out.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${colors[s.implementation]}"/>`);
    }
    const ly = margin.top + 10 + index * 20;
    out.push(`<line x1="${width - margin.right + 12}" x2="${width - margin.right + 36}" y1="${ly}" y2="${ly}" `
      + `stroke="${colors[s.implementation]}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${width - margin.right + 42}" y="${ly + 4}">${s.implementation}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Where the results, the chart and the table go: `benchDir` holds the first two, `markdownDir` the table. */
export interface ReportFiles {
  readonly results: string;
  readonly chart: string;
  readonly fleetChart: string;
  readonly markdown: string;
}

export function reportFiles(benchDir: string, markdownDir: string): ReportFiles {
  return {
    results: path.join(benchDir, 'results.json'),
    chart: path.join(benchDir, 'synth-time.svg'),
    fleetChart: path.join(benchDir, 'fleet-synth-time.svg'),
    markdown: path.join(markdownDir, 'BENCHMARKS.md'),
  };
}

/** Writes the chart (for the largest K measured) and the table, which links the chart relative to itself. */
export function writeReport(results: Results, files: ReportFiles): void {
  const chartAccounts = Math.max(...results.synth.map(c => c.accounts));
  fs.writeFileSync(files.chart, renderChart(results, chartAccounts));
  if (results.fleet && results.fleet.cells.length > 0) {
    fs.writeFileSync(files.fleetChart, renderFleetChart(results.fleet));
  }
  const relative = (file: string) => path.relative(path.dirname(files.markdown), file);
  // The archive and minimal-app benchmarks write their own results beside results.json; their sections follow.
  const extra = (file: string) => path.join(path.dirname(files.results), file);
  const sections = [
    ...fs.existsSync(extra('archive-results.json')) ? archiveSection(JSON.parse(fs.readFileSync(extra('archive-results.json'), 'utf8'))) : [],
    ...fs.existsSync(extra('minimal-results.json')) ? minimalSection(JSON.parse(fs.readFileSync(extra('minimal-results.json'), 'utf8'))) : [],
  ];
  fs.writeFileSync(files.markdown, renderMarkdown(results, relative(files.chart), relative(files.fleetChart))
    + (sections.length > 0 ? '\n' + sections.join('\n') : ''));
}

/**
 * The benchmark figures the docs quote (docs/limits.md, docs/subscription-destinations.md), each as they write
 * it: test/bench.test.ts checks the docs hold every one for the committed bench/results.json, so the two cannot
 * disagree.
 */
export function readmeFigures(results: Results): Record<string, string> {
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
  const perDestination = (implementation: string, partitionLiterals: boolean) =>
    results.perDestination.find(r => r.implementation === implementation && r.accounts === 20 && r.partitionLiterals === partitionLiterals)!;
  const figures: Record<string, string> = {
    'own role, K=20, literals on': kb(perDestination('ours', true).templateBytes),
    'own role, K=20, literals off': kb(perDestination('ours', false).templateBytes),
    'shared role, K=20, literals on': kb(perDestination('shared', true).templateBytes),
    'shared role, K=20, literals off': kb(perDestination('shared', false).templateBytes),
    'destinations per stack with a shared role': `${results.sharedRoleCapacity.destinations} destinations`,
    'accounts in the access policy': `${results.accessPolicy.largestWithinLimit} listed accounts`,
    'accounts the synth check accepts': `accepts ${results.accessPolicy.largestAccepted}`,
  };
  for (const row of targetRows(results).filter(r => r.destinations === 100 && r.implementation === 'ours')) {
    const flag = flagName(row.partitionLiterals);
    figures[`N=100 ratios, literals ${flag}`] = `${row.templateBytes.toFixed(2)}x the template bytes, ${row.synthMs.toFixed(2)}x the synth CPU time `
      + `and ${row.peakRssMiB.toFixed(2)}x the peak memory`;
  }
  return figures;
}
