/**
 * The npm package as a user gets it: `npm pack` in a fresh copy of the sources (tracked files only,
 * nothing built, as after `git clone` and `npm ci`), then the tarball installed into a scratch app
 * next to aws-cdk-lib and constructs, which synthesizes a stack with it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const packageJson = (dir: string): any => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const devVersion = (name: string): string => packageJson(root).devDependencies[name];

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
}

/**
 * The aws-cdk-lib and constructs the scratch app installs: the pinned dev versions, or, when the
 * suite runs against another aws-cdk-lib (`.ci/run`, `CDK_LIB_UNDER_TEST`), that one.
 */
function cdkVersions(): string[] {
  const other = process.env.CDK_LIB_UNDER_TEST;
  const version = (name: string) => (other ? packageJson(path.join(other, 'node_modules', name)).version : devVersion(name));
  return [`aws-cdk-lib@${version('aws-cdk-lib')}`, `constructs@${version('constructs')}`];
}

/** A copy of the sources as `git clone` gives them (tracked and new, unignored files), with the project's node_modules. */
function freshCopy(into: string): string {
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root).split('\0')
    .filter(f => f && f !== 'node_modules' && fs.existsSync(path.join(root, f)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(into, file));
  }
  fs.symlinkSync(fs.realpathSync(path.join(root, 'node_modules')), path.join(into, 'node_modules'));
  return into;
}

/** The minimum Node.js version of an `engines.node` range of the form `>= x.y.z` (or `>=x.y.z`). */
function minimumNode(range: string): number[] {
  const match = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!match) {
    throw new Error(`engines.node range not of the form ">= x.y.z": ${range}`);
  }
  return match.slice(1).map(Number);
}

function atLeast(a: number[], b: number[]): boolean {
  for (let i = 0; i < 3; i++) {
    if (a[i] !== b[i]) {
      return a[i] > b[i];
    }
  }
  return true;
}

describe('package.json', () => {
  test('engines.node asks for at least the Node.js that jsii (to build) and aws-cdk-lib (to run) require', () => {
    const ours = packageJson(root).engines?.node;
    expect(typeof ours).toBe('string');
    for (const dependency of ['jsii', 'aws-cdk-lib']) {
      const theirs = packageJson(path.join(root, 'node_modules', dependency)).engines.node;
      expect({ dependency, theirs, ours, satisfied: atLeast(minimumNode(ours), minimumNode(theirs)) })
        .toEqual({ dependency, theirs, ours, satisfied: true });
    }
  });
});

describe('the npm tarball', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-log-destinations-package-'));
  let tarball: string;

  beforeAll(() => {
    // `npm pack` on a fresh clone: the `prepack` script must build the library with jsii first.
    const source = freshCopy(path.join(work, 'source'));
    const out = path.join(work, 'out');
    fs.mkdirSync(out);
    // (the build's own output goes to stdout too, so the tarball is found in its folder, not in `--json`)
    run('npm', ['pack', '--pack-destination', out], source);
    const packed = fs.readdirSync(out).filter(f => f.endsWith('.tgz'));
    expect(packed).toHaveLength(1);
    tarball = path.join(out, packed[0]);
  }, 240_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('ships the compiled library, its jsii assembly and its docs, and no sources or tests', () => {
    const files = run('tar', ['-tzf', tarball], work).split('\n').filter(f => f);
    for (const expected of ['package/.jsii', 'package/lib/index.js', 'package/lib/index.d.ts', 'package/lib/log-destination.js',
      'package/lib/log-destination.d.ts', 'package/lib/private/errors.js', 'package/README.md', 'package/API.md', 'package/LICENSE',
      'package/package.json']) {
      expect(files).toContain(expected);
    }
    // Every module of lib/ is in it, compiled, with its declarations.
    const sources = fs.readdirSync(path.join(root, 'lib'), { recursive: true, encoding: 'utf8' })
      .filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts')).map(f => f.replace(/\\/g, '/').replace(/\.ts$/, ''));
    for (const module of sources) {
      expect(files).toEqual(expect.arrayContaining([`package/lib/${module}.js`, `package/lib/${module}.d.ts`, `package/lib/${module}.js.map`]));
    }
    // Source maps beside the code, not inline: Node.js would hold an inline map and the sources in it in every app's memory.
    expect(run('tar', ['-xzOf', tarball, 'package/lib/log-destination.js'], work)).toMatch(/\n\/\/# sourceMappingURL=log-destination\.js\.map\n?$/);
    expect(files.filter(f => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
    expect(files.filter(f => /^package\/(test|integ|example|bench|scripts|rosetta|\.ci)\//.test(f))).toEqual([]);
  });

  test('installs into a scratch app and synthesizes a destination', () => {
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...cdkVersions()], app);
    fs.writeFileSync(path.join(app, 'app.js'), `
      const { App, Stack } = require('aws-cdk-lib');
      const kinesis = require('aws-cdk-lib/aws-kinesis');
      const { LogDestination, LogDestinationTarget } = require('cdk-log-destinations');
      const app = new App({ outdir: 'cdk.out' });
      const stack = new Stack(app, 'Central', { env: { account: '999999999999', region: 'us-east-1' } });
      const dest = new LogDestination(stack, 'Destination', {
        target: LogDestinationTarget.kinesisStream(new kinesis.Stream(stack, 'Stream')),
        subscriberAccounts: ['111111111111'],
      });
      dest.grantSubscribeOrganization('o-a1b2c3d4e5');
      app.synth();
    `);
    run('node', ['app.js'], app);
    const template = JSON.parse(fs.readFileSync(path.join(app, 'cdk.out', 'Central.template.json'), 'utf8'));
    const types = Object.values<any>(template.Resources).map(r => r.Type).sort();
    expect(types).toEqual(['AWS::IAM::Role', 'AWS::Kinesis::Stream', 'AWS::Logs::Destination']);
    const destination = Object.values<any>(template.Resources).find(r => r.Type === 'AWS::Logs::Destination');
    expect(JSON.stringify(destination.Properties.DestinationPolicy)).toContain('111111111111');
  }, 240_000);
});
