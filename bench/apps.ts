/**
 * The apps the benchmark synthesizes: N destinations in front of one Kinesis stream, each granted to
 * K accounts plus an organization, written three ways:
 * - `ours`: `LogDestination`, one generated role per destination (the default path);
 * - `shared`: `LogDestination`, every destination sharing the first one's generated role;
 * - `baseline`: what a careful user writes by hand with aws-cdk-lib alone (`iam.Role` with the
 *   confused-deputy trust conditions and inline permissions, `CfnDestination` with an access policy
 *   of bare account IDs naming the destination's own ARN), producing the same policies, with every
 *   ARN built by `stack.formatArn` as aws-cdk-lib recommends.
 *
 * Every app runs on the feature flags `cdk init` writes into a new project's cdk.json
 * (`CURRENTLY_RECOMMENDED_FLAGS` of the aws-cdk-lib installed), with `@aws-cdk/core:enablePartitionLiterals`
 * as `cdk init` sets it (on) or turned off, as in an app created before the flag.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { App, ArnFormat, Stack } from 'aws-cdk-lib/core';
import { CURRENTLY_RECOMMENDED_FLAGS, ENABLE_PARTITION_LITERALS } from 'aws-cdk-lib/cx-api';

export type Implementation = 'ours' | 'shared' | 'baseline';
export const IMPLEMENTATIONS: Implementation[] = ['ours', 'shared', 'baseline'];

export const RECIPIENT = '999999999999';
export const ORGANIZATION = 'o-a1b2c3d4e5';

/**
 * The context of a project made by `cdk init` (its recommended feature flags), with the partition-literals
 * flag on (as `cdk init` sets it) or off.
 */
export function initContext(partitionLiterals: boolean): Record<string, unknown> {
  return { ...CURRENTLY_RECOMMENDED_FLAGS, [ENABLE_PARTITION_LITERALS]: partitionLiterals };
}

/** K distinct, valid, sender account IDs. */
export function senderAccounts(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(100000000000 + i));
}

export function destinationName(index: number): string {
  return `central-logs-${index}`;
}

/** The recipient stack, with the stream every destination targets. */
export function recipientStack(app: App): { stack: Stack; stream: kinesis.Stream } {
  const stack = new Stack(app, 'CentralLogging', { env: { account: RECIPIENT, region: 'us-east-1' } });
  const stream = new kinesis.Stream(stack, 'Stream');
  return { stack, stream };
}

/**
 * Adds `count` destinations to the app, the way `implementation` writes them.
 * The library is passed in, so the child process decides when (and whether) to load it.
 */
export function addDestinations(
  lib: typeof import('../lib'), implementation: Implementation, stack: Stack, stream: kinesis.IStream, count: number, accounts: string[],
): void {
  if (implementation === 'baseline') {
    for (let i = 0; i < count; i++) {
      handWrittenDestination(stack, i, stream, accounts);
    }
    return;
  }
  let role: iam.IRole | undefined;
  for (let i = 0; i < count; i++) {
    const destination = new lib.LogDestination(stack, `Destination${i}`, {
      target: lib.LogDestinationTarget.kinesisStream(stream),
      destinationName: destinationName(i),
      subscriberAccounts: accounts,
      subscriberOrganizationIds: [ORGANIZATION],
      role,
    });
    if (implementation === 'shared') {
      role ??= destination.role;
    }
  }
}

/** One destination as a careful user writes it without the library (see the module comment). */
function handWrittenDestination(stack: Stack, index: number, stream: kinesis.IStream, accounts: string[]): void {
  const name = destinationName(index);
  // arn:<partition>:logs:<region>:<account>:*, as aws-cdk-lib recommends building ARNs.
  const sourceArns = [RECIPIENT, ...accounts].map(account =>
    stack.formatArn({ service: 'logs', account, resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }));
  const role = new iam.Role(stack, `Destination${index}Role`, {
    assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', { conditions: { StringLike: { 'aws:SourceArn': sourceArns } } }),
    inlinePolicies: {
      Delivery: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ actions: ['kinesis:PutRecord'], resources: [stream.streamArn] })],
      }),
    },
  });
  role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('logs.amazonaws.com')],
    actions: ['sts:AssumeRole'],
    conditions: { StringEquals: { 'aws:SourceOrgID': [ORGANIZATION] } },
  }));
  // Built from the name: reading the resource's own Arn in its policy would be a reference cycle.
  const arn = stack.formatArn({ service: 'logs', resource: 'destination', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  const sorted = [...accounts].sort();
  new logs.CfnDestination(stack, `Destination${index}`, {
    destinationName: name,
    targetArn: stream.streamArn,
    roleArn: role.roleArn,
    destinationPolicy: stack.toJsonString({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'SubscriberAccounts',
          Effect: 'Allow',
          Principal: { AWS: sorted.length === 1 ? sorted[0] : sorted },
          Action: 'logs:PutSubscriptionFilter',
          Resource: arn,
        },
        {
          Sid: 'SubscriberOrganizations',
          Effect: 'Allow',
          Principal: '*',
          Action: 'logs:PutSubscriptionFilter',
          Resource: arn,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION } },
        },
      ],
    }),
  });
}
