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

/** The destination name of the fleet apps. */
export const FLEET_DESTINATION = 'central-logs';

/**
 * A fleet app: one recipient stack with a destination that admits the organization, and `senders` sender stacks (one
 * account each, in the destination's Region), each subscribing one log group to it. Written two ways:
 * - `ours`: a `LogDestination`, and `logGroup.addSubscriptionFilter(...)` with it in every sender stack: the library
 *   generates each sender stack's role, orders each stack after the destination and checks its account is admitted;
 * - `baseline`: what a user writes with aws-cdk-lib alone for the same templates: the destination's role and
 *   `CfnDestination` by hand (as above), and in every sender stack an `iam.Role` trusted by `logs.amazonaws.com` with
 *   `logs:PutLogEvents` on the log group inline (AWS's "Step 2: (Only if using an organization) Create an IAM role"), a
 *   `CfnSubscriptionFilter` naming the destination's ARN and the role, and `addDependency` on the recipient stack.
 */
export function addFleet(lib: typeof import('../lib') | undefined, implementation: 'ours' | 'baseline', app: App, senders: number): {
  recipient: Stack; senders: Stack[];
} {
  const { stack: recipient, stream } = recipientStack(app);
  const stacks: Stack[] = [];
  if (implementation === 'ours') {
    const destination = new lib!.LogDestination(recipient, 'Destination', {
      target: lib!.LogDestinationTarget.kinesisStream(stream),
      destinationName: FLEET_DESTINATION,
      subscriberOrganizationIds: [ORGANIZATION],
    });
    for (let i = 0; i < senders; i++) {
      const sender = fleetSender(app, i);
      new logs.LogGroup(sender, 'AppLogs').addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
      stacks.push(sender);
    }
    return { recipient, senders: stacks };
  }
  handWrittenOrganizationDestination(recipient, stream);
  const destinationArn = recipient.formatArn({
    service: 'logs', resource: 'destination', resourceName: FLEET_DESTINATION, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  for (let i = 0; i < senders; i++) {
    const sender = fleetSender(app, i);
    const logGroup = new logs.LogGroup(sender, 'AppLogs');
    const role = new iam.Role(sender, 'SenderRole', {
      assumedBy: new iam.ServicePrincipal('logs.amazonaws.com'),
      inlinePolicies: {
        PutLogEvents: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({
            actions: ['logs:PutLogEvents'],
            resources: [sender.formatArn({
              service: 'logs', resource: 'log-group', resourceName: `${logGroup.logGroupName}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            })],
          })],
        }),
      },
    });
    new logs.CfnSubscriptionFilter(sender, 'ToCentral', {
      logGroupName: logGroup.logGroupName,
      destinationArn,
      filterPattern: '',
      roleArn: role.roleArn,
    });
    sender.addDependency(recipient);
    stacks.push(sender);
  }
  return { recipient, senders: stacks };
}

/** Sender stack `index`: its own account, the recipient's Region. */
function fleetSender(app: App, index: number): Stack {
  return new Stack(app, `Sender${index}`, { env: { account: String(100000000000 + index), region: 'us-east-1' } });
}

/** The fleet's destination by hand: admits the organization only (see `handWrittenDestination`). */
function handWrittenOrganizationDestination(stack: Stack, stream: kinesis.IStream): void {
  const role = new iam.Role(stack, 'DestinationRole', {
    assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', {
      conditions: {
        StringLike: {
          'aws:SourceArn': [stack.formatArn({ service: 'logs', account: RECIPIENT, resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME })],
        },
      },
    }),
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
  const arn = stack.formatArn({ service: 'logs', resource: 'destination', resourceName: FLEET_DESTINATION, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  new logs.CfnDestination(stack, 'Destination', {
    destinationName: FLEET_DESTINATION,
    targetArn: stream.streamArn,
    roleArn: role.roleArn,
    destinationPolicy: stack.toJsonString({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'SubscriberOrganizations',
        Effect: 'Allow',
        Principal: '*',
        Action: 'logs:PutSubscriptionFilter',
        Resource: arn,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION } },
      }],
    }),
  });
}
