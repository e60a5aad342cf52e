/**
 * `TS_NODE_PROJECT=tsconfig.dev.json npx ts-node --transpile-only bench/profile.ts [ours|shared|baseline] [N] [K] [on|off]`
 * (after `npm run build`): where the synth time of one bench app goes, partition literals on or off.
 *
 * Loads everything first (as bench/child.ts does, so module loading is not counted), then samples the CPU
 * with the inspector while it builds the app and runs `app.synth()`, and prints the self time by package
 * and by function, and the inclusive time of the library's own functions. Pass `--write FILE` to keep the
 * `.cpuprofile` (Chrome DevTools opens it).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- what is loaded before the profile starts is the point */
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { Implementation } from './apps';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: number[];
}

interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => error ? reject(error) : resolve(result as T)));
}

const ROOT = path.join(__dirname, '..');

/** Where a frame's code lives: the library, the bench, an aws-cdk-lib module, another package, or the engine. */
function packageOf(frame: ProfileNode['callFrame']): string {
  const url = frame.url;
  if (!url) {
    return frame.functionName;
  }
  if (url.includes(path.join(ROOT, 'lib') + path.sep)) {
    return 'cdk-log-destinations (lib/)';
  }
  if (url.includes(path.join(ROOT, 'bench') + path.sep)) {
    return 'bench/';
  }
  const match = /node_modules\/(aws-cdk-lib\/[^/]+(?:\/lib\/private)?|@[^/]+\/[^/]+|[^/]+)/.exec(url);
  return match ? match[1] : url;
}

function nameOf(frame: ProfileNode['callFrame']): string {
  const where = frame.url.replace(/.*node_modules\//, '').replace(ROOT + path.sep, '');
  return `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
}

/** Where the sampled time of one synth went: self time by package and by function, and the library's inclusive time. */
export interface ProfileSummary {
  readonly implementation: Implementation;
  readonly destinations: number;
  readonly accounts: number;
  readonly partitionLiterals: boolean;
  /** Building the construct tree, under the profiler. */
  readonly treeMs: number;
  /** `app.synth()`, under the profiler. */
  readonly synthPhaseMs: number;
  /** All sampled time (tree plus synth). */
  readonly sampledMs: number;
  /** Samples with a frame of the library's `lib/` anywhere on the stack. */
  readonly libraryInclusiveMs: number;
  readonly byPackage: Array<{ readonly name: string; readonly ms: number }>;
  readonly byFunction: Array<{ readonly name: string; readonly ms: number }>;
  /** The library's functions by inclusive time (callees included). */
  readonly libraryFunctions: Array<{ readonly name: string; readonly ms: number }>;
  /** How often the synth called the `Stack` methods that do the token work (counted in a second, unprofiled synth). */
  readonly calls: Record<string, number>;
}

function top(map: Map<string, number>, count: number): Array<{ name: string; ms: number }> {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, ms]) => ({ name, ms: Math.round(ms) }));
}

export function summarize(profile: Profile, count = 12): Pick<ProfileSummary, 'sampledMs' | 'libraryInclusiveMs' | 'byPackage' | 'byFunction' | 'libraryFunctions'> {
  const byId = new Map(profile.nodes.map(node => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const self = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = profile.timeDeltas[i] / 1000;
    total += ms;
    self.set(id, (self.get(id) ?? 0) + ms);
  });
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const ours = new Map<string, number>();
  let libraryInclusiveMs = 0;
  const library = path.join(ROOT, 'lib') + path.sep;
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + ms);
    byFunction.set(nameOf(frame), (byFunction.get(nameOf(frame)) ?? 0) + ms);
    // Inclusive time: every library function on the sampled stack, once per sample.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (f.url.includes(library) && !seen.has(nameOf(f))) {
        seen.add(nameOf(f));
        ours.set(nameOf(f), (ours.get(nameOf(f)) ?? 0) + ms);
      }
    }
    if (seen.size > 0) {
      libraryInclusiveMs += ms;
    }
  }
  return {
    sampledMs: Math.round(total),
    libraryInclusiveMs: Math.round(libraryInclusiveMs),
    byPackage: top(byPackage, count),
    byFunction: top(byFunction, count),
    libraryFunctions: top(ours, count),
  };
}

function render(summary: ProfileSummary): string {
  const rows = (list: Array<{ name: string; ms: number }>) => list.map(({ name, ms }) =>
    `${String(ms).padStart(7)} ms ${(100 * ms / summary.sampledMs).toFixed(1).padStart(5)}%  ${name}`);
  return [
    `${summary.implementation} N=${summary.destinations} K=${summary.accounts} partition literals ${summary.partitionLiterals ? 'on' : 'off'}: `
      + `construct tree ${summary.treeMs} ms, app.synth() ${summary.synthPhaseMs} ms (under the profiler), sampled ${summary.sampledMs} ms, `
      + `of which ${summary.libraryInclusiveMs} ms with the library on the stack; calls: `
      + Object.entries(summary.calls).map(([name, count]) => `${name} ${count}`).join(', '),
    '', 'self time by package:', ...rows(summary.byPackage),
    '', 'self time by function:', ...rows(summary.byFunction),
    '', 'inclusive time of the library\'s functions (callees included):', ...rows(summary.libraryFunctions),
  ].join('\n');
}

/** The `Stack` methods whose calls `countCalls` counts. */
const COUNTED: Array<'resolve' | 'formatArn' | 'toJsonString'> = ['resolve', 'formatArn', 'toJsonString'];

/** Runs `body` with calls to the counted `Stack` methods counted, and returns the counts. */
function countCalls(core: typeof import('aws-cdk-lib/core'), body: () => void): Record<string, number> {
  const counts: Record<string, number> = {};
  const prototype = core.Stack.prototype as any;
  const originals = COUNTED.map(name => prototype[name]);
  COUNTED.forEach((name, i) => {
    counts[`Stack.${name}`] = 0;
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      counts[`Stack.${name}`]++;
      return originals[i].apply(this, args);
    };
  });
  try {
    body();
  } finally {
    COUNTED.forEach((name, i) => { prototype[name] = originals[i]; });
  }
  return counts;
}

/** Profiles one synth of a bench app in this process (everything loaded first). */
export async function profileSynth(implementation: Implementation, destinations: number, accounts: number, partitionLiterals: boolean,
  write?: string): Promise<ProfileSummary> {
  const core = require('aws-cdk-lib/core') as typeof import('aws-cdk-lib/core');
  const apps = require('./apps') as typeof import('./apps');
  const lib = implementation === 'baseline' ? undefined : require(path.join(ROOT, 'lib'));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-log-destinations-profile-'));
  const session = new inspector.Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
    await post(session, 'Profiler.start');
    const started = performance.now();
    const context = { ...apps.initContext(partitionLiterals), '@aws-cdk/core:stackResourceLimit': 1000 };
    const app = new core.App({ outdir, context });
    const { stack, stream } = apps.recipientStack(app);
    apps.addDestinations(lib, implementation, stack, stream, destinations, apps.senderAccounts(accounts));
    const built = performance.now();
    app.synth();
    const finished = performance.now();
    const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
    if (write) {
      fs.writeFileSync(write, JSON.stringify(profile));
    }
    // The same app again, unprofiled, with the token work counted (after the profile, so counting costs it nothing).
    const calls = countCalls(core, () => {
      const again = new core.App({ outdir: fs.mkdtempSync(path.join(outdir, 'count-')), context });
      const second = apps.recipientStack(again);
      apps.addDestinations(lib, implementation, second.stack, second.stream, destinations, apps.senderAccounts(accounts));
      again.synth();
    });
    return {
      implementation, destinations, accounts, partitionLiterals,
      treeMs: Math.round(built - started),
      synthPhaseMs: Math.round(finished - built),
      ...summarize(profile),
      calls,
    };
  } finally {
    session.disconnect();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const writeIndex = args.indexOf('--write');
  const write = writeIndex >= 0 ? args.splice(writeIndex, 2)[1] : undefined;
  const json = args.includes('--json');
  const [implementation = 'ours', n = '100', k = '20', flag = 'on'] = args.filter(a => a !== '--json') as [Implementation?, string?, string?, string?];
  const summary = await profileSynth(implementation, Number(n), Number(k), flag === 'on', write);
  process.stdout.write((json ? JSON.stringify(summary) : render(summary)) + '\n');
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  });
}
