/**
 * `npm run bench -- --archive`: the central log archive in 10 Regions, as `LogArchive` builds it (one construct and
 * nine `addRegion` calls) against the same stacks written by hand with aws-cdk-lib (bench/archive.ts `baseline`):
 * synth CPU time and peak resident memory, each measured in a fresh process, the two alternating in every round.
 *
 *   npm run bench -- --archive              5 rounds, writes bench/archive-results.json and prints a table
 *   npm run bench -- --archive --rounds 1   one round
 *
 * The baseline is what a careful user writes without the library, on the flags `cdk init` sets: the same bucket
 * settings, aws-cdk-lib's Firehose L2 with the same processors and dynamic partitioning (and its default role), and in
 * every Region a role trusted by CloudWatch Logs and a `CfnDestination` whose access policy names the bare account IDs
 * and the organization.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- what is loaded, and when, is part of what a child measures */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { App, Stack } from 'aws-cdk-lib/core';
import { median } from './stats';

export const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1',
  'ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2'];
const ACCOUNT = '999999999999';
const ORGANIZATION = 'o-a1b2c3d4e5';
const SENDERS = ['111111111111', '222222222222', '333333333333'];
const NAME = 'central-logs';

type Implementation = 'ours' | 'baseline';

export interface ArchiveMeasurement {
  readonly implementation: Implementation;
  /** CPU time (user + system) of building the app and `app.synth()`, in milliseconds; modules are loaded before. */
  readonly synthCpuMs: number;
  /** The process's peak resident memory at the end, in MiB (Node.js and the loaded modules included). */
  readonly peakRssMiB: number;
  readonly stacks: number;
  readonly resources: number;
  readonly templateBytes: number;
}

function regionStacks(core: typeof import('aws-cdk-lib/core'), app: App): Stack[] {
  return REGIONS.map(region => new core.Stack(app, `LogArchive-${region}`, { env: { account: ACCOUNT, region } }));
}

/** The archive with the library: one construct, one call per further Region. */
function ours(core: typeof import('aws-cdk-lib/core'), app: App): void {
  const lib = require('../lib') as typeof import('../lib');
  const [home, ...others] = regionStacks(core, app);
  const archive = new lib.LogArchive(home, 'Archive', {
    destinationName: NAME,
    subscriberAccounts: SENDERS,
    subscriberOrganizationIds: [ORGANIZATION],
  });
  for (const stack of others) {
    archive.addRegion(stack);
  }
}

/** The same stacks by hand, with aws-cdk-lib alone. */
function baseline(core: typeof import('aws-cdk-lib/core'), app: App): void {
  const firehose = require('aws-cdk-lib/aws-kinesisfirehose') as typeof import('aws-cdk-lib/aws-kinesisfirehose');
  const iam = require('aws-cdk-lib/aws-iam') as typeof import('aws-cdk-lib/aws-iam');
  const logs = require('aws-cdk-lib/aws-logs') as typeof import('aws-cdk-lib/aws-logs');
  const s3 = require('aws-cdk-lib/aws-s3') as typeof import('aws-cdk-lib/aws-s3');
  const [home, ...others] = regionStacks(core, app);
  const bucket = new s3.Bucket(home, 'Bucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    lifecycleRules: [{ abortIncompleteMultipartUploadAfter: core.Duration.days(7), noncurrentVersionExpiration: core.Duration.days(30) }],
  });
  const key = (field: string) =>
    `((select(.messageType == "DATA_MESSAGE") | .${field} | select(type == "string" and length > 0)) // "control-message")`;
  const streamName = 'central-logs-archive';
  const stream = new firehose.DeliveryStream(home, 'Stream', {
    deliveryStreamName: streamName,
    encryption: firehose.StreamEncryption.awsOwnedKey(),
    destination: new firehose.S3Bucket(bucket, {
      processors: [
        new firehose.DecompressionProcessor(),
        firehose.MetadataExtractionProcessor.jq16({ account: key('owner'), log_group: key('logGroup') }),
        new firehose.AppendDelimiterToRecordProcessor(),
      ],
      dynamicPartitioning: { enabled: true },
      dataOutputPrefix: 'logs/account=!{partitionKeyFromQuery:account}/log_group=!{partitionKeyFromQuery:log_group}/dt=!{timestamp:yyyy-MM-dd}/',
      errorOutputPrefix: 'errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/',
      compression: firehose.Compression.GZIP,
    }),
  });
  for (const stack of [home, ...others]) {
    const streamArn = stack === home ? stream.deliveryStreamArn : home.formatArn({
      service: 'firehose', resource: 'deliverystream', resourceName: streamName, arnFormat: core.ArnFormat.SLASH_RESOURCE_NAME,
    });
    const sourceArns = [ACCOUNT, ...SENDERS].map(account =>
      stack.formatArn({ service: 'logs', account, resource: '*', arnFormat: core.ArnFormat.NO_RESOURCE_NAME }));
    const role = new iam.Role(stack, 'DestinationRole', {
      assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', { conditions: { StringLike: { 'aws:SourceArn': sourceArns } } }),
      inlinePolicies: {
        Delivery: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'], resources: [streamArn] })],
        }),
      },
    });
    role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('logs.amazonaws.com')],
      actions: ['sts:AssumeRole'],
      conditions: { StringEquals: { 'aws:SourceOrgID': [ORGANIZATION] } },
    }));
    const arn = stack.formatArn({ service: 'logs', resource: 'destination', resourceName: NAME, arnFormat: core.ArnFormat.COLON_RESOURCE_NAME });
    new logs.CfnDestination(stack, 'Destination', {
      destinationName: NAME,
      targetArn: streamArn,
      roleArn: role.roleArn,
      destinationPolicy: stack.toJsonString({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'SubscriberAccounts', Effect: 'Allow', Principal: { AWS: SENDERS }, Action: 'logs:PutSubscriptionFilter', Resource: arn },
          {
            Sid: 'SubscriberOrganizations', Effect: 'Allow', Principal: '*', Action: 'logs:PutSubscriptionFilter', Resource: arn,
            Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION } },
          },
        ],
      }),
    });
    if (stack !== home) {
      stack.addDependency(home);
    }
  }
}

/** One measurement, in this (fresh) process. */
function measure(implementation: Implementation): ArchiveMeasurement {
  const core = require('aws-cdk-lib/core') as typeof import('aws-cdk-lib/core');
  const { CURRENTLY_RECOMMENDED_FLAGS } = require('aws-cdk-lib/cx-api') as typeof import('aws-cdk-lib/cx-api');
  // Load what either side uses before the clock starts: synth time is not import time.
  for (const module of ['aws-cdk-lib/aws-kinesisfirehose', 'aws-cdk-lib/aws-iam', 'aws-cdk-lib/aws-logs', 'aws-cdk-lib/aws-s3',
    'aws-cdk-lib/aws-kms', 'aws-cdk-lib/aws-glue', '../lib']) {
    require(module);
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-log-archive-bench-'));
  try {
    const cpuBefore = process.cpuUsage();
    const app = new core.App({ outdir, context: { ...CURRENTLY_RECOMMENDED_FLAGS } });
    (implementation === 'ours' ? ours : baseline)(core, app);
    const assembly = app.synth();
    const cpu = process.cpuUsage(cpuBefore);
    let resources = 0;
    let templateBytes = 0;
    for (const stack of assembly.stacks) {
      templateBytes += fs.statSync(stack.templateFullPath).size;
      resources += Object.keys(stack.template.Resources ?? {}).length;
    }
    return {
      implementation,
      synthCpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      stacks: assembly.stacks.length,
      resources,
      templateBytes,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** What `archive-results.json` holds: every run of each implementation. */
export interface ArchiveResults {
  readonly regions: number;
  readonly rounds: number;
  readonly runs: Record<Implementation, ArchiveMeasurement[]>;
}

/** The archive benchmark's section of BENCHMARKS.md (and what `--archive` prints). */
export function archiveSection(saved: ArchiveResults): string[] {
  const cpu = (i: Implementation) => median(saved.runs[i].map(r => r.synthCpuMs));
  const rss = (i: Implementation) => median(saved.runs[i].map(r => r.peakRssMiB));
  const perRound = (value: (r: ArchiveMeasurement) => number) =>
    median(saved.runs.ours.map((r, i) => value(r) / value(saved.runs.baseline[i])));
  const rows = (['ours', 'baseline'] as Implementation[]).map(implementation => {
    const first = saved.runs[implementation][0];
    return `| ${implementation} | ${cpu(implementation).toFixed(0)} | ${rss(implementation).toFixed(1)} `
      + `| ${first.stacks} | ${first.resources} | ${(first.templateBytes / 1024).toFixed(1)} |`;
  });
  return [
    '## Log archive in every Region',
    '',
    `\`LogArchive\` in ${saved.regions} Regions (one construct and ${saved.regions - 1} \`addRegion\` calls) against the same stacks `
      + 'written by hand with aws-cdk-lib (bench/archive.ts), on the flags `cdk init` sets. Medians of '
      + `${saved.rounds} round(s), each run in a fresh process, the two alternating (\`npm run bench -- --archive\`, `
      + '`bench/archive-results.json`).',
    '',
    '| implementation | synth CPU ms | peak RSS MiB | stacks | resources | template KiB |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Ours / baseline: synth CPU time ${(cpu('ours') / cpu('baseline')).toFixed(2)}x, peak RSS ${(rss('ours') / rss('baseline')).toFixed(2)}x `
      + '(ratios of the medians); the median of the per-round ratios (each round ran both, one after the other): CPU time '
      + `${perRound(r => r.synthCpuMs).toFixed(2)}x, peak RSS ${perRound(r => r.peakRssMiB).toFixed(2)}x. A synth of this size takes `
      + 'about half a second of CPU, most of it warming up the JIT, so one process measures a few percent of noise: compare rounds, '
      + 'not single runs.',
    '',
  ];
}

/** Runs the rounds in child processes and reports medians; writes `<out>/archive-results.json`. */
export function runArchiveBench(rounds: number, out: string): ArchiveMeasurement[][] {
  const byImplementation: Record<Implementation, ArchiveMeasurement[]> = { ours: [], baseline: [] };
  for (let round = 0; round < rounds; round++) {
    const order: Implementation[] = round % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
    for (const implementation of order) {
      const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--child', implementation], {
        cwd: path.join(__dirname, '..'),
        env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'tsconfig.dev.json') },
        encoding: 'utf8',
      });
      if (result.status !== 0) {
        throw new Error(`archive benchmark child failed (${implementation}):\n${result.stderr}`);
      }
      byImplementation[implementation].push(JSON.parse(result.stdout.trim().split('\n').pop()!));
    }
  }
  const saved: ArchiveResults = { regions: REGIONS.length, rounds, runs: byImplementation };
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'archive-results.json'), JSON.stringify(saved, null, 2) + '\n');
  process.stdout.write(archiveSection(saved).join('\n') + '\n');
  return [byImplementation.ours, byImplementation.baseline];
}

if (require.main === module && process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(measure(process.argv[3] as Implementation)) + '\n');
}
