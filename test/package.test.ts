/**
 * The npm package as a user gets it: pack it with jsii-pacmak, install the tarball into a scratch
 * app next to aws-cdk-lib and constructs, and synthesize a stack with it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const devVersion = (name: string): string => JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies[name];

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
}

describe('the npm tarball', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-log-destinations-package-'));
  let tarball: string;

  beforeAll(() => {
    run('npx', ['jsii-pacmak', '--targets', 'js', '--outdir', path.join(work, 'dist')], root);
    const dir = path.join(work, 'dist', 'js');
    tarball = path.join(dir, fs.readdirSync(dir).find(f => f.endsWith('.tgz'))!);
  }, 120_000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('ships the compiled library, its jsii assembly and its docs, and no sources or tests', () => {
    const files = run('tar', ['-tzf', tarball], work).split('\n').filter(f => f);
    for (const expected of ['package/.jsii', 'package/lib/index.js', 'package/lib/index.d.ts', 'package/lib/log-destination.js',
      'package/README.md', 'package/API.md', 'package/LICENSE', 'package/package.json']) {
      expect(files).toContain(expected);
    }
    expect(files.filter(f => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
    expect(files.filter(f => /^package\/(test|integ|example|bench|scripts)\//.test(f))).toEqual([]);
  });

  test('installs into a scratch app and synthesizes a destination', () => {
    const app = path.join(work, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', version: '1.0.0', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball,
      `aws-cdk-lib@${devVersion('aws-cdk-lib')}`, `constructs@${devVersion('constructs')}`], app);
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
