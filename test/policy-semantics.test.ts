/**
 * What the generated policies mean: real stacks are synthesized (and checked by CloudFormation
 * Validate through `templateOf`), their policies resolved for account 999999999999 in us-east-1,
 * and a grid of requests decided by the policy evaluator of `support/policy-evaluator.ts`.
 * One test per request, named after who asks for what and the expected decision.
 */
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as logsDestinations from 'aws-cdk-lib/aws-logs-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, Stack } from 'aws-cdk-lib/core';
import { AccountSubscriptionFilter, DeliveryDestination, DeliveryDestinationTarget, LogArchive, LogDestination, LogDestinationTarget } from '../lib';
import {
  AccessRequest, Decision, DeployEnvironment, evaluate, identityPolicy, Policy, ReferenceValues, Requester, resolvePolicy, resourcePolicy,
  trustPolicy,
} from './support/policy-evaluator';
import { simulate, tally } from './support/iam-simulate';
import { OTHER_SENDER, RECIPIENT, SENDER, templateOf, testStack } from './util';

const REGION = 'us-east-1';
const ENV: DeployEnvironment = { account: RECIPIENT, region: REGION };
/** Granted only through addToResourcePolicy(new iam.AccountPrincipal(...)). */
const ADDED = '333333333333';
/** Granted nothing. */
const STRANGER = '444444444444';
/** A member of the granted organization, not listed by account. */
const ORG_MEMBER = '555555555555';
const ORG = 'o-granted0001';
const OTHER_ORG = 'o-elsewhere01';

const LOGS = 'logs.amazonaws.com';
const DELIVERY = 'delivery.logs.amazonaws.com';

const arn = (svc: string, accountId: string, resource: string, region = REGION) => `arn:aws:${svc}:${region}:${accountId}:${resource}`;
const DESTINATION_ARN = arn('logs', RECIPIENT, 'destination:central');
const STREAM_ARN = arn('kinesis', RECIPIENT, 'stream/central');
const KEY_ARN = arn('kms', RECIPIENT, 'key/11111111-2222-3333-4444-555555555555');
const FIREHOSE_ARN = arn('firehose', RECIPIENT, 'deliverystream/central');
const ROLE_ARN = `arn:aws:iam::${RECIPIENT}:role/central-delivery`;
const BUCKET = 'central-archive';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const LOG_GROUP = 'central-vended';
const PRIVATE_LOG_GROUP = 'private-vended';
const logGroupArn = (name: string, accountId = RECIPIENT) => arn('logs', accountId, `log-group:${name}`);
const sourceArn = (accountId: string, region = REGION) => arn('logs', accountId, 'delivery-source:cloudfront', region);
const deliveryDestinationArn = (name: string, accountId = RECIPIENT) => arn('logs', accountId, `delivery-destination:${name}`);

// ---------------------------------------------------------------------------------------------
// Helpers: requests with readable names, templates to policies
// ---------------------------------------------------------------------------------------------

interface Row {
  readonly name: string;
  readonly request: AccessRequest;
  readonly expected: Decision;
}

function account(id: string, orgId?: string): Requester {
  return orgId === undefined ? { account: id } : { account: id, orgId };
}

function service(name: string): Requester {
  return { service: name };
}

function describeRequest(request: AccessRequest, expected: Decision): string {
  const p = request.principal;
  const who = 'service' in p ? p.service : `account ${p.account}${p.orgId ? ` (${p.orgId})` : ''}`;
  const context = Object.entries(request.context ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
  return `${who} ${request.action} on ${request.resource}${context ? ` [${context}]` : ' [no context]'} -> ${expected}`;
}

function row(expected: Decision, principal: Requester, action: string, resource: string, context?: Record<string, string>): Row {
  const request: AccessRequest = { principal, action, resource, context };
  return { name: describeRequest(request, expected), request, expected };
}

/** Builds a value once, on first use (so a failing synth fails its own tests, not the whole file at load). */
function once<T>(produce: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: produce() };
    return value.v;
  };
}

/**
 * Runs a grid: one test per row, decided by our evaluator and, where it models the request alike, by
 * @cloud-copilot/iam-simulate too (see support/iam-simulate.ts): the two must agree with the expectation.
 */
function grid(title: string, policies: () => Policy[], rows: Row[]): void {
  describe(title, () => {
    test.each(rows)('$name', async ({ request, expected }) => {
      expect(evaluate(request, policies())).toEqual(expected);
      const simulated = await simulate(request, policies(), RECIPIENT);
      if (simulated !== undefined) {
        tally.compared++;
        expect({ simulator: simulated }).toEqual({ simulator: expected });
      }
    });
  });
}

afterAll(() => {
  // The second evaluator must really take part: most rows are compared. It refuses only requests its action
  // database calls malformed (an action with no resource types, or only '*', asked of an ARN; a made-up action):
  // the negative rows, and logs:PutAccountPolicy, which AWS's recipe puts in destination access policies but the
  // simulator's data gives no resource type. Any other refusal fails.
  const known = /^refused \((must\.use\.wildcard|no\.resource\.types|invalid\.action)\)/;
  const unexpected = [...tally.skipped.keys()].filter(reason => reason.startsWith('refused') && !known.test(reason));
  expect({ unexpected }).toEqual({ unexpected: [] });
  expect(tally.compared).toBeGreaterThanOrEqual(230);
});

/** The logical ID of the one resource of `type` whose ID starts with `prefix`. */
function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter(id => id.startsWith(prefix));
  if (ids.length !== 1) {
    throw new Error(`expected one ${type} with a logical ID starting '${prefix}', found ${ids.join(', ') || 'none'}`);
  }
  return ids[0];
}

/** Reference values for resources found by type and logical-ID prefix: `{ Ref: value, Arn: value, ... }`. */
function referencesOf(template: Template, spec: Array<[type: string, prefix: string, values: Record<string, string>]>): ReferenceValues {
  const refs: Record<string, string> = {};
  for (const [type, prefix, values] of spec) {
    const id = logicalId(template, type, prefix);
    for (const [attribute, value] of Object.entries(values)) {
      refs[attribute === 'Ref' ? id : `${id}.${attribute}`] = value;
    }
  }
  return refs;
}

function properties(template: Template, id: string): any {
  return template.toJSON().Resources[id].Properties;
}

/** The identity policies of a role: its inline policies and every AWS::IAM::Policy attached to it. */
function rolePermissions(template: Template, roleId: string, refs: ReferenceValues): Policy[] {
  const role = properties(template, roleId);
  if (role.ManagedPolicyArns !== undefined) {
    throw new Error(`role ${roleId} has managed policies, which this test cannot evaluate`);
  }
  const attachedTo = (resource: any) => (resource.Properties.Roles ?? []).some((r: any) => r.Ref === roleId);
  if (Object.values(template.findResources('AWS::IAM::ManagedPolicy')).some(attachedTo)) {
    throw new Error(`role ${roleId} has a customer managed policy, which this test does not read`);
  }
  const documents = [
    ...(role.Policies ?? []).map((p: any) => p.PolicyDocument),
    ...Object.values<any>(template.findResources('AWS::IAM::Policy')).filter(attachedTo).map(p => p.Properties.PolicyDocument),
  ];
  return documents.map(d => identityPolicy(resolvePolicy(d, ENV, refs)));
}

/** The logical ID of the role a destination uses. */
function destinationRoleId(template: Template, destinationId: string): string {
  const roleArn = properties(template, destinationId).RoleArn;
  if (!roleArn['Fn::GetAtt']) {
    throw new Error(`destination ${destinationId} does not use a role of this stack: ${JSON.stringify(roleArn)}`);
  }
  return roleArn['Fn::GetAtt'][0];
}

interface SubscriptionPolicies {
  readonly access: Policy[];
  readonly trust: Policy[];
  readonly permissions: Policy[];
}

/** The access policy, the role trust and the role permissions of a destination (the only one, or the one whose logical ID starts with `prefix`). */
function subscriptionPolicies(stack: Stack, spec: Array<[string, string, Record<string, string>]> = [], prefix = ''): SubscriptionPolicies {
  const template = templateOf(stack);
  const refs = referencesOf(template, spec);
  const destinationId = logicalId(template, 'AWS::Logs::Destination', prefix);
  const roleId = destinationRoleId(template, destinationId);
  const policy = properties(template, destinationId).DestinationPolicy;
  return {
    access: policy === undefined ? [] : [resourcePolicy(resolvePolicy(policy, ENV, refs))],
    trust: [trustPolicy(resolvePolicy(properties(template, roleId).AssumeRolePolicyDocument, ENV, refs))],
    permissions: rolePermissions(template, roleId, refs),
  };
}

const STREAM_REFS: [string, string, Record<string, string>] = ['AWS::Kinesis::Stream', 'Stream', { Ref: 'central', Arn: STREAM_ARN }];

function kinesisDestination(stack: Stack, props: Partial<ConstructorParameters<typeof LogDestination>[2]> = {}): LogDestination {
  const stream = new kinesis.Stream(stack, 'Stream');
  return new LogDestination(stack, 'Central', { target: LogDestinationTarget.kinesisStream(stream), destinationName: 'central', ...props });
}

// ---------------------------------------------------------------------------------------------
// Stacks
// ---------------------------------------------------------------------------------------------

/** Grants through every path: props, grantSubscribe, grantSubscribeOrganization, addToResourcePolicy. */
const granted = once(() => {
  const stack = testStack();
  const destination = kinesisDestination(stack, { subscriberAccounts: [SENDER] });
  destination.grantSubscribe(OTHER_SENDER);
  destination.grantSubscribeOrganization(ORG);
  destination.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.AccountPrincipal(ADDED)],
    actions: ['logs:PutSubscriptionFilter'],
  }));
  return subscriptionPolicies(stack, [STREAM_REFS]);
});

const accountPolicies = once(() => {
  const stack = testStack();
  kinesisDestination(stack, { subscriberAccounts: [SENDER], subscriberOrganizationIds: [ORG], accountLevelSubscriptions: true });
  return subscriptionPolicies(stack, [STREAM_REFS]);
});

/** `count` accounts granted: 100000000000, 100000000001, ... */
function manyAccounts(count: number): SubscriptionPolicies {
  const stack = testStack();
  const destination = kinesisDestination(stack);
  for (let i = 0; i < count; i++) {
    destination.grantSubscribe(String(100000000000 + i));
  }
  return subscriptionPolicies(stack, [STREAM_REFS]);
}
const listedTrust = once(() => manyAccounts(LogDestination.MAX_TRUSTED_SOURCE_ACCOUNTS - 1));
const widenedTrust = once(() => manyAccounts(LogDestination.MAX_TRUSTED_SOURCE_ACCOUNTS));

const encryptedStream = once(() => {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key');
  const stream = new kinesis.Stream(stack, 'Stream', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: key });
  new LogDestination(stack, 'Central', { target: LogDestinationTarget.kinesisStream(stream), subscriberAccounts: [SENDER] });
  return subscriptionPolicies(stack, [STREAM_REFS, ['AWS::KMS::Key', 'Key', { Ref: KEY_ARN.split('/')[1], Arn: KEY_ARN }]]);
});

const firehoseTarget = once(() => {
  const stack = testStack();
  const deliveryStream = new firehose.DeliveryStream(stack, 'Firehose', {
    destination: new firehose.S3Bucket(new s3.Bucket(stack, 'Landing')),
  });
  new LogDestination(stack, 'Central', { target: LogDestinationTarget.firehose(deliveryStream), subscriberAccounts: [SENDER] });
  return subscriptionPolicies(stack, [['AWS::KinesisFirehose::DeliveryStream', 'Firehose', { Ref: 'central', Arn: FIREHOSE_ARN }]]);
});

/** A role of your own: the permissions land in an AWS::IAM::Policy attached to it. */
const ownRole = once(() => {
  const stack = testStack();
  const role = new iam.Role(stack, 'OwnRole', { assumedBy: new iam.ServicePrincipal(LOGS) });
  kinesisDestination(stack, { role, subscriberAccounts: [SENDER] });
  return subscriptionPolicies(stack, [STREAM_REFS]);
});

interface DeliveryPolicies {
  readonly bucket: Policy[];
  readonly key: Policy[];
  readonly logGroups: Policy[];
  readonly xray: Policy[];
  /** The DeliveryDestinationPolicy of each destination, by name. */
  readonly destinations: Record<string, Policy[]>;
}

/**
 * One stack with a delivery destination of each kind that has a resource policy (S3 with a
 * customer-managed key, log group, X-Ray). Only the S3 one is granted SENDER and ORG: CloudWatch
 * Logs and X-Ray destinations take no cross-account deliveries ("If you are delivering logs
 * cross-account, you can use only Amazon S3 and Firehose destinations"). A second log-group
 * destination shares the stack's log-group resource policy.
 */
const delivery = once((): DeliveryPolicies => {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key');
  const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: key });
  const grants = { subscriberAccounts: [SENDER], subscriberOrganizationIds: [ORG] };
  new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(bucket), deliveryDestinationName: 'archive', ...grants });
  const group = new logs.LogGroup(stack, 'Group');
  const groupDestination = new DeliveryDestination(stack, 'ToGroup', {
    target: DeliveryDestinationTarget.logGroup(group), deliveryDestinationName: 'to-group',
  });
  // Its own account: a no-op, the only grant a CloudWatch Logs destination takes.
  groupDestination.grantSubscribe(RECIPIENT);
  new DeliveryDestination(stack, 'Private', {
    target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'PrivateGroup')), deliveryDestinationName: 'private',
  });
  new DeliveryDestination(stack, 'Traces', { target: DeliveryDestinationTarget.xray(), deliveryDestinationName: 'traces' });

  const template = templateOf(stack);
  const refs = referencesOf(template, [
    ['AWS::KMS::Key', 'Key', { Ref: KEY_ARN.split('/')[1], Arn: KEY_ARN }],
    ['AWS::S3::Bucket', 'Bucket', { Ref: BUCKET, Arn: BUCKET_ARN }],
    ['AWS::Logs::LogGroup', 'Group', { Ref: LOG_GROUP, Arn: `${logGroupArn(LOG_GROUP)}:*` }],
    ['AWS::Logs::LogGroup', 'PrivateGroup', { Ref: PRIVATE_LOG_GROUP, Arn: `${logGroupArn(PRIVATE_LOG_GROUP)}:*` }],
  ]);
  const only = (type: string, document: (props: any) => unknown) =>
    [resourcePolicy(resolvePolicy(document(properties(template, logicalId(template, type, ''))), ENV, refs))];
  const destinations: Record<string, Policy[]> = {};
  for (const id of Object.keys(template.findResources('AWS::Logs::DeliveryDestination'))) {
    const props = properties(template, id);
    const policy = props.DeliveryDestinationPolicy;
    destinations[props.Name] = policy === undefined ? [] : [resourcePolicy(resolvePolicy(policy.DeliveryDestinationPolicy, ENV, refs))];
  }
  return {
    bucket: only('AWS::S3::BucketPolicy', p => p.PolicyDocument),
    key: only('AWS::KMS::Key', p => p.KeyPolicy),
    logGroups: only('AWS::Logs::ResourcePolicy', p => p.PolicyDocument),
    xray: only('AWS::XRay::ResourcePolicy', p => p.PolicyDocument),
    destinations,
  };
});

// ---------------------------------------------------------------------------------------------
// 1. The destination access policy (DestinationPolicy), a resource policy on the destination ARN
// ---------------------------------------------------------------------------------------------

const SUBSCRIBE = 'logs:PutSubscriptionFilter';
const OTHER_LOGS_ACTIONS = [
  'logs:DeleteDestination', 'logs:PutDestinationPolicy', 'logs:PutDestination', 'logs:DescribeDestinations',
  'logs:PutLogEvents', 'logs:DeleteSubscriptionFilter', 'logs:PutAccountPolicy', 'logs:CreateDelivery',
  // A made-up action: allowed only by a wildcard such as logs:*.
  'logs:AnyOtherAction',
];

grid('destination access policy: who may subscribe', () => granted().access, [
  row('Allow', account(SENDER), SUBSCRIBE, DESTINATION_ARN),
  row('Allow', account(OTHER_SENDER), SUBSCRIBE, DESTINATION_ARN),
  row('Allow', account(ADDED), SUBSCRIBE, DESTINATION_ARN),
  row('Allow', account(ORG_MEMBER, ORG), SUBSCRIBE, DESTINATION_ARN),
  row('Allow', account(SENDER, OTHER_ORG), SUBSCRIBE, DESTINATION_ARN),
  row('Allow', account(SENDER), 'LOGS:putsubscriptionfilter', DESTINATION_ARN),
  row('ImplicitDeny', account(STRANGER), SUBSCRIBE, DESTINATION_ARN),
  row('ImplicitDeny', account(ORG_MEMBER), SUBSCRIBE, DESTINATION_ARN),
  row('ImplicitDeny', account(ORG_MEMBER, OTHER_ORG), SUBSCRIBE, DESTINATION_ARN),
  row('ImplicitDeny', service(LOGS), SUBSCRIBE, DESTINATION_ARN),
]);

grid('destination access policy: no other action', () => granted().access, [
  ...OTHER_LOGS_ACTIONS.flatMap(action => [
    row('ImplicitDeny', account(SENDER), action, DESTINATION_ARN),
    row('ImplicitDeny', account(ORG_MEMBER, ORG), action, DESTINATION_ARN),
  ]),
  row('ImplicitDeny', account(ADDED), 'logs:DeleteDestination', DESTINATION_ARN),
]);

grid('destination access policy: no other destination', () => granted().access, [
  row('ImplicitDeny', account(SENDER), SUBSCRIBE, arn('logs', RECIPIENT, 'destination:other')),
  row('ImplicitDeny', account(SENDER), SUBSCRIBE, arn('logs', RECIPIENT, 'destination:central-2')),
  row('ImplicitDeny', account(SENDER), SUBSCRIBE, arn('logs', RECIPIENT, 'destination:central', 'eu-west-1')),
  row('ImplicitDeny', account(SENDER), SUBSCRIBE, arn('logs', OTHER_SENDER, 'destination:central')),
  row('ImplicitDeny', account(ORG_MEMBER, ORG), SUBSCRIBE, arn('logs', RECIPIENT, 'destination:other')),
  row('ImplicitDeny', account(ADDED), SUBSCRIBE, arn('logs', RECIPIENT, 'destination:other')),
]);

grid('destination access policy with accountLevelSubscriptions', () => accountPolicies().access, [
  row('Allow', account(SENDER), SUBSCRIBE, DESTINATION_ARN),
  row('Allow', account(SENDER), 'logs:PutAccountPolicy', DESTINATION_ARN),
  row('Allow', account(ORG_MEMBER, ORG), 'logs:PutAccountPolicy', DESTINATION_ARN),
  row('ImplicitDeny', account(STRANGER), 'logs:PutAccountPolicy', DESTINATION_ARN),
  row('ImplicitDeny', account(ORG_MEMBER, OTHER_ORG), 'logs:PutAccountPolicy', DESTINATION_ARN),
  row('ImplicitDeny', account(SENDER), 'logs:DeleteDestination', DESTINATION_ARN),
  row('ImplicitDeny', account(SENDER), 'logs:AnyOtherAction', DESTINATION_ARN),
  row('ImplicitDeny', account(SENDER), 'logs:PutAccountPolicy', arn('logs', RECIPIENT, 'destination:other')),
]);

// ---------------------------------------------------------------------------------------------
// 2. The role trust (AssumeRolePolicyDocument)
// ---------------------------------------------------------------------------------------------

const ASSUME = 'sts:AssumeRole';
const fromArn = (value: string) => ({ 'aws:SourceArn': value });

grid('role trust: CloudWatch Logs for the recipient and granted accounts, in this region', () => granted().trust, [
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(DESTINATION_ARN)),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', SENDER))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(arn('logs', SENDER, 'destination:central'))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', OTHER_SENDER))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, { 'aws:SourceArn': logGroupArn('app', SENDER), 'aws:SourceAccount': SENDER }),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', STRANGER))),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(arn('logs', SENDER, 'log-group:app', 'eu-west-1'))),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(arn('logs', RECIPIENT, 'destination:central', 'eu-west-1'))),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(arn('firehose', SENDER, 'deliverystream/x'))),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, { 'aws:SourceAccount': SENDER }),
  // An account named by an Allow statement of addToResourcePolicy is trusted too.
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', ADDED))),
]);

grid('role trust: organization grants', () => granted().trust, [
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, { 'aws:SourceOrgID': ORG, 'aws:SourceArn': logGroupArn('app', ORG_MEMBER) }),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, { 'aws:SourceOrgID': ORG }),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, { 'aws:SourceOrgID': OTHER_ORG, 'aws:SourceArn': logGroupArn('app', ORG_MEMBER) }),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, { 'aws:SourceOrgID': OTHER_ORG }),
  row('ImplicitDeny', service('lambda.amazonaws.com'), ASSUME, ROLE_ARN, { 'aws:SourceOrgID': ORG }),
]);

grid('role trust: no other service, no account', () => granted().trust, [
  ...['lambda.amazonaws.com', 'firehose.amazonaws.com', DELIVERY, `logs.${REGION}.amazonaws.com`, 'ec2.amazonaws.com'].map(name =>
    row('ImplicitDeny', service(name), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', SENDER)))),
  ...[RECIPIENT, SENDER, STRANGER].map(id => row('ImplicitDeny', account(id), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', SENDER)))),
  row('ImplicitDeny', account(ORG_MEMBER, ORG), ASSUME, ROLE_ARN, { 'aws:SourceOrgID': ORG }),
  row('ImplicitDeny', service(LOGS), 'sts:AssumeRoleWithWebIdentity', ROLE_ARN, fromArn(logGroupArn('app', SENDER))),
  row('ImplicitDeny', service(LOGS), 'sts:TagSession', ROLE_ARN, fromArn(logGroupArn('app', SENDER))),
]);

const LAST_LISTED = String(100000000000 + LogDestination.MAX_TRUSTED_SOURCE_ACCOUNTS - 2);
const NEXT_ACCOUNT = String(100000000000 + LogDestination.MAX_TRUSTED_SOURCE_ACCOUNTS - 1);

grid(`role trust with ${LogDestination.MAX_TRUSTED_SOURCE_ACCOUNTS - 1} accounts: still listed one by one`, () => listedTrust().trust, [
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', '100000000000'))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', LAST_LISTED))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(DESTINATION_ARN)),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', NEXT_ACCOUNT))),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', STRANGER))),
]);

grid(`role trust with ${LogDestination.MAX_TRUSTED_SOURCE_ACCOUNTS} accounts: widened to the region`, () => widenedTrust().trust, [
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', '100000000000'))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', NEXT_ACCOUNT))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(DESTINATION_ARN)),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', STRANGER))),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(arn('logs', STRANGER, 'log-group:app', 'eu-west-1'))),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(arn('kinesis', STRANGER, 'stream/app'))),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN),
  row('ImplicitDeny', service('lambda.amazonaws.com'), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', STRANGER))),
  row('ImplicitDeny', account(STRANGER), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', STRANGER))),
]);

grid('widened trust: the access policy still lists only the granted accounts', () => widenedTrust().access, [
  row('Allow', account(NEXT_ACCOUNT), SUBSCRIBE, DESTINATION_ARN),
  row('ImplicitDeny', account(STRANGER), SUBSCRIBE, DESTINATION_ARN),
]);

// ---------------------------------------------------------------------------------------------
// 3. The role permissions (inline policies, and policies attached to a role you bring)
// ---------------------------------------------------------------------------------------------

/** What CloudWatch Logs, having assumed the role, could do: a request by the role itself. */
const asRole = account(RECIPIENT);
const OTHER_STREAM_ARN = arn('kinesis', RECIPIENT, 'stream/other');
const OTHER_KEY_ARN = arn('kms', RECIPIENT, 'key/99999999-8888-7777-6666-555555555555');

const NOT_FOR_THE_ROLE: Array<[string, string]> = [
  ['kinesis:PutRecords', STREAM_ARN],
  ['kinesis:DeleteStream', STREAM_ARN],
  ['kinesis:GetRecords', STREAM_ARN],
  ['kinesis:DescribeStream', STREAM_ARN],
  ['kinesis:PutRecord', OTHER_STREAM_ARN],
  ['kinesis:PutRecord', arn('kinesis', SENDER, 'stream/central')],
  ['firehose:PutRecord', FIREHOSE_ARN],
  ['s3:GetObject', `${BUCKET_ARN}/AWSLogs/x`],
  ['iam:PassRole', ROLE_ARN],
  ['sts:AssumeRole', ROLE_ARN],
  ['logs:PutLogEvents', `${logGroupArn('app')}:log-stream:x`],
  ['kms:GenerateDataKey', KEY_ARN],
];

grid('role permissions: Kinesis target', () => granted().permissions, [
  row('Allow', asRole, 'kinesis:PutRecord', STREAM_ARN),
  ...NOT_FOR_THE_ROLE.map(([action, resource]) => row('ImplicitDeny', asRole, action, resource)),
]);

grid('role permissions: Kinesis target with a customer-managed key', () => encryptedStream().permissions, [
  row('Allow', asRole, 'kinesis:PutRecord', STREAM_ARN),
  row('Allow', asRole, 'kms:GenerateDataKey', KEY_ARN),
  row('ImplicitDeny', asRole, 'kms:Decrypt', KEY_ARN),
  row('ImplicitDeny', asRole, 'kms:Encrypt', KEY_ARN),
  row('ImplicitDeny', asRole, 'kms:ScheduleKeyDeletion', KEY_ARN),
  row('ImplicitDeny', asRole, 'kms:GenerateDataKey', OTHER_KEY_ARN),
  row('ImplicitDeny', asRole, 'kinesis:PutRecord', OTHER_STREAM_ARN),
  row('ImplicitDeny', asRole, 'kinesis:GetRecords', STREAM_ARN),
]);

grid('role permissions: Firehose target', () => firehoseTarget().permissions, [
  row('Allow', asRole, 'firehose:PutRecord', FIREHOSE_ARN),
  row('Allow', asRole, 'firehose:PutRecordBatch', FIREHOSE_ARN),
  row('ImplicitDeny', asRole, 'firehose:DeleteDeliveryStream', FIREHOSE_ARN),
  row('ImplicitDeny', asRole, 'firehose:UpdateDestination', FIREHOSE_ARN),
  row('ImplicitDeny', asRole, 'firehose:PutRecord', arn('firehose', RECIPIENT, 'deliverystream/other')),
  row('ImplicitDeny', asRole, 'kinesis:PutRecord', STREAM_ARN),
  row('ImplicitDeny', asRole, 's3:PutObject', 'arn:aws:s3:::landing/x'),
  row('ImplicitDeny', asRole, 'iam:PassRole', ROLE_ARN),
]);

grid('role permissions: a role you bring gets an attached policy', () => ownRole().permissions, [
  row('Allow', asRole, 'kinesis:PutRecord', STREAM_ARN),
  ...NOT_FOR_THE_ROLE.map(([action, resource]) => row('ImplicitDeny', asRole, action, resource)),
]);

/**
 * Two destinations sharing the first one's generated role: the first in front of the stream, granted
 * SENDER; the second in front of a Firehose stream, granted OTHER_SENDER and the organization.
 */
const sharedRole = once(() => {
  const stack = testStack();
  const first = kinesisDestination(stack, { subscriberAccounts: [SENDER] });
  const second = new LogDestination(stack, 'Second', {
    target: LogDestinationTarget.fromArn(FIREHOSE_ARN),
    destinationName: 'second',
    role: first.role,
  });
  second.grantSubscribe(OTHER_SENDER);
  second.grantSubscribeOrganization(ORG);
  return subscriptionPolicies(stack, [STREAM_REFS], 'Central');
});

grid('shared role trust: the union of what the sharing destinations grant', () => sharedRole().trust, [
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', RECIPIENT))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', SENDER))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', OTHER_SENDER))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, { 'aws:SourceOrgID': ORG, 'aws:SourceArn': logGroupArn('app', ORG_MEMBER) }),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', STRANGER))),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, { 'aws:SourceOrgID': OTHER_ORG, 'aws:SourceArn': logGroupArn('app', STRANGER) }),
  row('ImplicitDeny', service('firehose.amazonaws.com'), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', SENDER))),
]);

grid('shared role permissions: each sharing destination\'s target, nothing else', () => sharedRole().permissions, [
  row('Allow', asRole, 'kinesis:PutRecord', STREAM_ARN),
  row('Allow', asRole, 'firehose:PutRecord', FIREHOSE_ARN),
  row('Allow', asRole, 'firehose:PutRecordBatch', FIREHOSE_ARN),
  row('ImplicitDeny', asRole, 'kinesis:PutRecord', OTHER_STREAM_ARN),
  row('ImplicitDeny', asRole, 'firehose:PutRecord', arn('firehose', RECIPIENT, 'deliverystream/other')),
  row('ImplicitDeny', asRole, 'firehose:DeleteDeliveryStream', FIREHOSE_ARN),
  row('ImplicitDeny', asRole, 'kinesis:DeleteStream', STREAM_ARN),
  row('ImplicitDeny', asRole, 'iam:PassRole', ROLE_ARN),
]);

// ---------------------------------------------------------------------------------------------
// 3b. The sender role of a destination that admits an organization (in the sender's account)
// ---------------------------------------------------------------------------------------------

const SENDER_ENV: DeployEnvironment = { account: SENDER, region: REGION };
const SENDER_ROLE_ARN = `arn:aws:iam::${SENDER}:role/cwl-sender`;
const SENDER_LOG_GROUP = '/app/audit';

/** A recipient with an organization destination, and a sender stack of a listed account subscribing one log group. */
const senderRole = once(() => {
  const app = new App();
  const recipient = new Stack(app, 'Recipient', { env: ENV });
  const destination = kinesisDestination(recipient, { subscriberAccounts: [SENDER], subscriberOrganizationIds: [ORG] });
  const sender = new Stack(app, 'Sender', { env: SENDER_ENV });
  new logs.LogGroup(sender, 'Audit', { logGroupName: SENDER_LOG_GROUP })
    .addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
  const template = templateOf(sender);
  const roleId = logicalId(template, 'AWS::IAM::Role', 'LogDestinationsSenderRole');
  const refs = referencesOf(template, [['AWS::Logs::LogGroup', 'Audit', { Ref: SENDER_LOG_GROUP }]]);
  const role = properties(template, roleId);
  return {
    trust: [trustPolicy(resolvePolicy(role.AssumeRolePolicyDocument, SENDER_ENV, refs))],
    permissions: role.Policies.map((p: any) => identityPolicy(resolvePolicy(p.PolicyDocument, SENDER_ENV, refs))),
  };
});

// AWS's recipe ("Step 2: (Only if using an organization) Create an IAM role") has no condition, and nothing documents
// the context of CloudWatch Logs' check: every context it could send is admitted, the recipient's destination included.
grid('sender role trust: CloudWatch Logs, whatever context its check sends', () => senderRole().trust, [
  row('Allow', service(LOGS), ASSUME, SENDER_ROLE_ARN, fromArn(DESTINATION_ARN)),
  row('Allow', service(LOGS), ASSUME, SENDER_ROLE_ARN, fromArn(arn('logs', SENDER, `log-group:${SENDER_LOG_GROUP}`))),
  row('Allow', service(LOGS), ASSUME, SENDER_ROLE_ARN, { 'aws:SourceArn': DESTINATION_ARN, 'aws:SourceAccount': RECIPIENT }),
  row('Allow', service(LOGS), ASSUME, SENDER_ROLE_ARN, { 'aws:SourceOrgID': ORG }),
  row('Allow', service(LOGS), ASSUME, SENDER_ROLE_ARN),
  row('ImplicitDeny', service(DELIVERY), ASSUME, SENDER_ROLE_ARN, fromArn(DESTINATION_ARN)),
  row('ImplicitDeny', service('lambda.amazonaws.com'), ASSUME, SENDER_ROLE_ARN),
  ...[RECIPIENT, SENDER, STRANGER].map(id => row('ImplicitDeny', account(id), ASSUME, SENDER_ROLE_ARN)),
]);

const asSender = account(SENDER);
grid('sender role permissions: logs:PutLogEvents on the subscribed log group only', () => senderRole().permissions, [
  row('Allow', asSender, 'logs:PutLogEvents', arn('logs', SENDER, `log-group:${SENDER_LOG_GROUP}:log-stream:s1`)),
  row('Allow', asSender, 'logs:PutLogEvents', arn('logs', SENDER, `log-group:${SENDER_LOG_GROUP}:*`)),
  row('ImplicitDeny', asSender, 'logs:PutLogEvents', arn('logs', SENDER, 'log-group:/app/other:log-stream:s1')),
  row('ImplicitDeny', asSender, 'logs:PutLogEvents', arn('logs', SENDER, `log-group:${SENDER_LOG_GROUP}:log-stream:s1`, 'eu-west-1')),
  row('ImplicitDeny', asSender, 'logs:PutLogEvents', arn('logs', STRANGER, `log-group:${SENDER_LOG_GROUP}:log-stream:s1`)),
  row('ImplicitDeny', asSender, 'logs:CreateLogStream', arn('logs', SENDER, `log-group:${SENDER_LOG_GROUP}:log-stream:s1`)),
  row('ImplicitDeny', asSender, 'logs:DeleteLogGroup', arn('logs', SENDER, `log-group:${SENDER_LOG_GROUP}`)),
  row('ImplicitDeny', asSender, 'kinesis:PutRecord', STREAM_ARN),
]);

// ---------------------------------------------------------------------------------------------
// 3c. Account-level subscription filter policies (AccountSubscriptionFilter, in the sender's account)
// ---------------------------------------------------------------------------------------------

const SENDER_STREAM_ARN = arn('kinesis', SENDER, 'stream/app');
const ACCOUNT_ROLE_ARN = `arn:aws:iam::${SENDER}:role/cwl-account-policy`;

/** The role an account-level policy generates for a Kinesis stream of the sender's own account. */
const accountKinesisRole = once(() => {
  const stack = new Stack(new App(), 'Sender', { env: SENDER_ENV });
  const stream = new kinesis.Stream(stack, 'Stream', { streamName: 'app' });
  new AccountSubscriptionFilter(stack, 'AllLogs', { destination: new logsDestinations.KinesisDestination(stream) });
  const template = templateOf(stack);
  // The role is the one KinesisDestination's bind() creates, its trust given AWS's account-level form.
  const refs = referencesOf(template, [
    ['AWS::Kinesis::Stream', 'Stream', { Ref: 'app', Arn: SENDER_STREAM_ARN }],
    ['AWS::IAM::Role', 'AllLogsCloudWatchLogsCanPutRecords', { Arn: ACCOUNT_ROLE_ARN }],
  ]);
  const roleId = logicalId(template, 'AWS::IAM::Role', 'AllLogsCloudWatchLogsCanPutRecords');
  return {
    trust: [trustPolicy(resolvePolicy(properties(template, roleId).AssumeRolePolicyDocument, SENDER_ENV, refs))],
    permissions: rolePermissions(template, roleId, refs),
  };
});

// AWS's account-level recipe ("Account-level subscription filters", example 1): aws:SourceArn arn:aws:logs:<region>:<account>:*.
grid('account-level role trust: CloudWatch Logs for this account\'s logs in this Region only', () => accountKinesisRole().trust, [
  row('Allow', service(LOGS), ASSUME, ACCOUNT_ROLE_ARN, fromArn(arn('logs', SENDER, 'log-group:/app/audit'))),
  row('Allow', service(LOGS), ASSUME, ACCOUNT_ROLE_ARN, fromArn(arn('logs', SENDER, 'log-group:/app/audit:*'))),
  row('Allow', service(LOGS), ASSUME, ACCOUNT_ROLE_ARN, fromArn(arn('logs', SENDER, 'account-policy:AllLogs'))),
  row('ImplicitDeny', service(LOGS), ASSUME, ACCOUNT_ROLE_ARN, fromArn(arn('logs', STRANGER, 'log-group:/app/audit'))),
  row('ImplicitDeny', service(LOGS), ASSUME, ACCOUNT_ROLE_ARN, fromArn(arn('logs', SENDER, 'log-group:/app/audit', 'eu-west-1'))),
  row('ImplicitDeny', service(LOGS), ASSUME, ACCOUNT_ROLE_ARN),
  row('ImplicitDeny', service(DELIVERY), ASSUME, ACCOUNT_ROLE_ARN, fromArn(arn('logs', SENDER, 'log-group:/app/audit'))),
  row('ImplicitDeny', service('lambda.amazonaws.com'), ASSUME, ACCOUNT_ROLE_ARN, fromArn(arn('logs', SENDER, 'log-group:/app/audit'))),
  ...[SENDER, STRANGER].map(id => row('ImplicitDeny', account(id), ASSUME, ACCOUNT_ROLE_ARN)),
]);

// What KinesisDestination's bind() grants (stream.grantWrite, and the role passing itself), on that stream only.
grid('account-level role permissions: KinesisDestination\'s grants, on that stream only', () => accountKinesisRole().permissions, [
  row('Allow', asSender, 'kinesis:PutRecord', SENDER_STREAM_ARN),
  row('Allow', asSender, 'kinesis:PutRecords', SENDER_STREAM_ARN),
  row('Allow', asSender, 'kinesis:ListShards', SENDER_STREAM_ARN),
  row('ImplicitDeny', asSender, 'kinesis:PutRecord', arn('kinesis', SENDER, 'stream/other')),
  row('ImplicitDeny', asSender, 'kinesis:PutRecord', arn('kinesis', SENDER, 'stream/app', 'eu-west-1')),
  row('ImplicitDeny', asSender, 'kinesis:DeleteStream', SENDER_STREAM_ARN),
  row('Allow', asSender, 'iam:PassRole', ACCOUNT_ROLE_ARN),
  row('ImplicitDeny', asSender, 'iam:PassRole', `arn:aws:iam::${SENDER}:role/other`),
]);

/** The sender role of an account-level policy to a destination that admits an organization. */
const accountSenderRole = once(() => {
  const stack = new Stack(new App(), 'Sender', { env: SENDER_ENV });
  new AccountSubscriptionFilter(stack, 'AllLogs', {
    destination: LogDestination.fromDestinationAttributes(stack, 'Central', { destinationArn: DESTINATION_ARN, organizationAccess: true }),
  });
  const template = templateOf(stack);
  const roleId = logicalId(template, 'AWS::IAM::Role', 'LogDestinationsSenderRole');
  const role = properties(template, roleId);
  return {
    trust: [trustPolicy(resolvePolicy(role.AssumeRolePolicyDocument, SENDER_ENV, {}))],
    permissions: role.Policies.map((p: any) => identityPolicy(resolvePolicy(p.PolicyDocument, SENDER_ENV, {}))),
  };
});

grid('account-level sender role trust: CloudWatch Logs, whatever context its check sends', () => accountSenderRole().trust, [
  row('Allow', service(LOGS), ASSUME, SENDER_ROLE_ARN, fromArn(DESTINATION_ARN)),
  row('Allow', service(LOGS), ASSUME, SENDER_ROLE_ARN, fromArn(arn('logs', SENDER, 'account-policy:AllLogs'))),
  row('Allow', service(LOGS), ASSUME, SENDER_ROLE_ARN, { 'aws:SourceOrgID': ORG }),
  row('Allow', service(LOGS), ASSUME, SENDER_ROLE_ARN),
  row('ImplicitDeny', service(DELIVERY), ASSUME, SENDER_ROLE_ARN),
  ...[RECIPIENT, SENDER, STRANGER].map(id => row('ImplicitDeny', account(id), ASSUME, SENDER_ROLE_ARN)),
]);

grid('account-level sender role permissions: logs:PutLogEvents on every log group of the account in this Region', () => accountSenderRole().permissions, [
  row('Allow', asSender, 'logs:PutLogEvents', arn('logs', SENDER, `log-group:${SENDER_LOG_GROUP}:log-stream:s1`)),
  row('Allow', asSender, 'logs:PutLogEvents', arn('logs', SENDER, 'log-group:/aws/lambda/any:log-stream:2026/01/01/[$LATEST]abc')),
  row('Allow', asSender, 'logs:PutLogEvents', arn('logs', SENDER, `log-group:${SENDER_LOG_GROUP}:*`)),
  row('ImplicitDeny', asSender, 'logs:PutLogEvents', arn('logs', SENDER, `log-group:${SENDER_LOG_GROUP}:log-stream:s1`, 'eu-west-1')),
  row('ImplicitDeny', asSender, 'logs:PutLogEvents', arn('logs', STRANGER, `log-group:${SENDER_LOG_GROUP}:log-stream:s1`)),
  row('ImplicitDeny', asSender, 'logs:PutLogEvents', arn('logs', SENDER, 'destination:central')),
  row('ImplicitDeny', asSender, 'logs:CreateLogStream', arn('logs', SENDER, `log-group:${SENDER_LOG_GROUP}:log-stream:s1`)),
  row('ImplicitDeny', asSender, 'logs:DeleteLogGroup', arn('logs', SENDER, `log-group:${SENDER_LOG_GROUP}`)),
  row('ImplicitDeny', asSender, 'kinesis:PutRecord', STREAM_ARN),
]);

// ---------------------------------------------------------------------------------------------
// 4. Delivery destinations: what delivery.logs.amazonaws.com may write, and who may CreateDelivery
// ---------------------------------------------------------------------------------------------

/** The request context of a delivery from a delivery source of `account`. */
function from(sourceAccount: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'aws:SourceAccount': sourceAccount, 'aws:SourceArn': sourceArn(sourceAccount), ...extra };
}
const ACL = { 's3:x-amz-acl': 'bucket-owner-full-control' };
const objectArn = (path: string) => `${BUCKET_ARN}/${path}`;
const logsPath = (id: string) => objectArn(`AWSLogs/${id}/CloudFront/E1/2025/01/01/log.gz`);
/** The key a delivery with S3EnableHiveCompatiblePath writes (Amazon S3 object key format, Logs sent to Amazon S3). */
const hivePath = (id: string) => objectArn(`AWSLogs/aws-account-id=${id}/CloudFront/region=us-east-1/year=2025/log.gz`);

grid('S3 bucket policy: delivery service writes for this account and granted ones', () => delivery().bucket, [
  row('Allow', service(DELIVERY), 's3:PutObject', logsPath(RECIPIENT), from(RECIPIENT, ACL)),
  row('Allow', service(DELIVERY), 's3:PutObject', logsPath(SENDER), from(SENDER, ACL)),
  row('Allow', service(DELIVERY), 's3:PutObject', logsPath(ORG_MEMBER), { ...from(ORG_MEMBER, ACL), 'aws:SourceOrgID': ORG }),
  row('Allow', service(DELIVERY), 's3:GetBucketAcl', BUCKET_ARN, from(RECIPIENT)),
  row('Allow', service(DELIVERY), 's3:GetBucketAcl', BUCKET_ARN, from(SENDER)),
  row('Allow', service(DELIVERY), 's3:GetBucketAcl', BUCKET_ARN, { ...from(ORG_MEMBER), 'aws:SourceOrgID': ORG }),
  row('Allow', service(DELIVERY), 's3:PutObject', hivePath(RECIPIENT), from(RECIPIENT, ACL)),
  row('Allow', service(DELIVERY), 's3:PutObject', hivePath(SENDER), from(SENDER, ACL)),
  row('Allow', service(DELIVERY), 's3:PutObject', hivePath(ORG_MEMBER), { ...from(ORG_MEMBER, ACL), 'aws:SourceOrgID': ORG }),
  row('Allow', service(DELIVERY), 's3:ListBucket', BUCKET_ARN, from(RECIPIENT)),
  row('Allow', service(DELIVERY), 's3:ListBucket', BUCKET_ARN, from(SENDER)),
  row('Allow', service(DELIVERY), 's3:ListBucket', BUCKET_ARN, { ...from(ORG_MEMBER), 'aws:SourceOrgID': ORG }),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', hivePath(STRANGER), from(STRANGER, ACL)),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', hivePath(SENDER), from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 's3:ListBucket', BUCKET_ARN, from(STRANGER)),
  row('ImplicitDeny', service(DELIVERY), 's3:ListBucket', BUCKET_ARN, { 'aws:SourceAccount': SENDER }),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', logsPath(STRANGER), from(STRANGER, ACL)),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', logsPath(OTHER_SENDER), from(OTHER_SENDER, ACL)),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', logsPath(ORG_MEMBER), { ...from(ORG_MEMBER, ACL), 'aws:SourceOrgID': OTHER_ORG }),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', logsPath(ORG_MEMBER), from(ORG_MEMBER, ACL)),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', logsPath(SENDER), { 'aws:SourceAccount': SENDER, 'aws:SourceArn': sourceArn(STRANGER), ...ACL }),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', logsPath(SENDER), { 'aws:SourceAccount': SENDER, 'aws:SourceArn': sourceArn(SENDER, 'eu-west-1'), ...ACL }),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', logsPath(SENDER), { 'aws:SourceAccount': SENDER, ...ACL }),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', logsPath(SENDER), from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', logsPath(SENDER), from(SENDER, { 's3:x-amz-acl': 'private' })),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', objectArn('elsewhere/log.gz'), from(SENDER, ACL)),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', objectArn('elsewhere/log.gz'), { ...from(ORG_MEMBER, ACL), 'aws:SourceOrgID': ORG }),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', `arn:aws:s3:::other-bucket/AWSLogs/${SENDER}/log.gz`, from(SENDER, ACL)),
  row('ImplicitDeny', service(DELIVERY), 's3:GetBucketAcl', BUCKET_ARN, from(STRANGER)),
  row('ImplicitDeny', service(DELIVERY), 's3:GetObject', logsPath(SENDER), from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 's3:DeleteObject', logsPath(SENDER), from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 's3:PutBucketPolicy', BUCKET_ARN, from(SENDER)),
  row('ImplicitDeny', service(LOGS), 's3:PutObject', logsPath(SENDER), from(SENDER, ACL)),
  row('ImplicitDeny', account(SENDER), 's3:PutObject', logsPath(SENDER), from(SENDER, ACL)),
  row('ImplicitDeny', account(ORG_MEMBER, ORG), 's3:PutObject', logsPath(ORG_MEMBER), from(ORG_MEMBER, ACL)),
]);

grid('S3 bucket key policy: delivery service encrypts for this account and granted ones', () => delivery().key, [
  row('Allow', service(DELIVERY), 'kms:GenerateDataKey', KEY_ARN, from(SENDER)),
  row('Allow', service(DELIVERY), 'kms:Encrypt', KEY_ARN, from(RECIPIENT)),
  row('Allow', service(DELIVERY), 'kms:GenerateDataKey', KEY_ARN, { ...from(ORG_MEMBER), 'aws:SourceOrgID': ORG }),
  row('ImplicitDeny', service(DELIVERY), 'kms:GenerateDataKey', KEY_ARN, from(STRANGER)),
  row('ImplicitDeny', service(DELIVERY), 'kms:GenerateDataKey', KEY_ARN, { ...from(ORG_MEMBER), 'aws:SourceOrgID': OTHER_ORG }),
  row('ImplicitDeny', service(DELIVERY), 'kms:GenerateDataKey', KEY_ARN, { 'aws:SourceAccount': SENDER, 'aws:SourceArn': sourceArn(STRANGER) }),
  row('ImplicitDeny', service(DELIVERY), 'kms:GenerateDataKey', KEY_ARN, { 'aws:SourceAccount': SENDER }),
  row('ImplicitDeny', service(DELIVERY), 'kms:ScheduleKeyDeletion', KEY_ARN, from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 'kms:PutKeyPolicy', KEY_ARN, from(SENDER)),
  row('ImplicitDeny', account(SENDER), 'kms:GenerateDataKey', KEY_ARN, from(SENDER)),
]);

const GROUP_STREAMS = `${logGroupArn(LOG_GROUP)}:log-stream:vended-1`;
const PRIVATE_STREAMS = `${logGroupArn(PRIVATE_LOG_GROUP)}:log-stream:vended-1`;

grid('log-group resource policy: delivery service writes log events of this account only', () => delivery().logGroups, [
  row('Allow', service(DELIVERY), 'logs:CreateLogStream', GROUP_STREAMS, from(RECIPIENT)),
  row('Allow', service(DELIVERY), 'logs:PutLogEvents', GROUP_STREAMS, from(RECIPIENT)),
  row('Allow', service(DELIVERY), 'logs:PutLogEvents', PRIVATE_STREAMS, from(RECIPIENT)),
  // Cross-account delivery exists only for S3 and Firehose destinations.
  row('ImplicitDeny', service(DELIVERY), 'logs:CreateLogStream', GROUP_STREAMS, from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 'logs:PutLogEvents', GROUP_STREAMS, from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 'logs:PutLogEvents', GROUP_STREAMS, { ...from(ORG_MEMBER), 'aws:SourceOrgID': ORG }),
  row('ImplicitDeny', service(DELIVERY), 'logs:PutLogEvents', GROUP_STREAMS, from(STRANGER)),
  row('ImplicitDeny', service(DELIVERY), 'logs:PutLogEvents', GROUP_STREAMS, { 'aws:SourceAccount': RECIPIENT }),
  row('ImplicitDeny', service(DELIVERY), 'logs:PutLogEvents', GROUP_STREAMS, { 'aws:SourceAccount': RECIPIENT, 'aws:SourceArn': sourceArn(RECIPIENT, 'eu-west-1') }),
  row('ImplicitDeny', service(DELIVERY), 'logs:PutLogEvents', PRIVATE_STREAMS, from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 'logs:PutLogEvents', `${logGroupArn('other')}:log-stream:x`, from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 'logs:DeleteLogGroup', logGroupArn(LOG_GROUP), from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 'logs:GetLogEvents', GROUP_STREAMS, from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 'logs:PutResourcePolicy', GROUP_STREAMS, from(SENDER)),
  row('ImplicitDeny', service(LOGS), 'logs:PutLogEvents', GROUP_STREAMS, from(SENDER)),
  row('ImplicitDeny', account(SENDER), 'logs:PutLogEvents', GROUP_STREAMS, from(SENDER)),
]);

grid('X-Ray resource policy: delivery service puts trace segments of this account only', () => delivery().xray, [
  row('Allow', service(DELIVERY), 'xray:PutTraceSegments', '*', from(RECIPIENT)),
  // Cross-account delivery exists only for S3 and Firehose destinations.
  row('ImplicitDeny', service(DELIVERY), 'xray:PutTraceSegments', '*', from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 'xray:PutTraceSegments', '*', { ...from(ORG_MEMBER), 'aws:SourceOrgID': ORG }),
  row('ImplicitDeny', service(DELIVERY), 'xray:PutTraceSegments', '*', from(STRANGER)),
  row('ImplicitDeny', service(DELIVERY), 'xray:PutTraceSegments', '*'),
  row('ImplicitDeny', service(DELIVERY), 'xray:PutTraceSegments', '*', { 'aws:SourceAccount': RECIPIENT, 'aws:SourceArn': sourceArn(STRANGER) }),
  row('ImplicitDeny', service(DELIVERY), 'xray:PutTraceSegments', '*', { 'aws:SourceAccount': RECIPIENT }),
  row('ImplicitDeny', service(DELIVERY), 'xray:GetTraceSummaries', '*', from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 'xray:PutResourcePolicy', '*', from(SENDER)),
  row('ImplicitDeny', service(LOGS), 'xray:PutTraceSegments', '*', from(SENDER)),
  row('ImplicitDeny', account(SENDER), 'xray:PutTraceSegments', '*', from(SENDER)),
]);

/** A bucket destination with a prefix, granted SENDER and ORG: the prefix replaces the AWSLogs path. */
const prefixedBucket = once((): Policy[] => {
  const stack = testStack();
  const bucket = new s3.Bucket(stack, 'Bucket');
  new DeliveryDestination(stack, 'Cdn', {
    target: DeliveryDestinationTarget.s3(bucket, { prefix: 'cdn/logs' }), subscriberAccounts: [SENDER], subscriberOrganizationIds: [ORG],
  });
  const template = templateOf(stack);
  const refs = referencesOf(template, [['AWS::S3::Bucket', 'Bucket', { Ref: BUCKET, Arn: BUCKET_ARN }]]);
  return [resourcePolicy(resolvePolicy(properties(template, logicalId(template, 'AWS::S3::BucketPolicy', '')).PolicyDocument, ENV, refs))];
});

const prefixed = (id: string) => objectArn(`cdn/logs/us-east-1/2025/01/01/${id}.log.gz`);

grid('S3 bucket policy with a destination prefix: the prefix replaces AWSLogs/<account>/', prefixedBucket, [
  row('Allow', service(DELIVERY), 's3:PutObject', prefixed('a'), from(RECIPIENT, ACL)),
  row('Allow', service(DELIVERY), 's3:PutObject', prefixed('b'), from(SENDER, ACL)),
  row('Allow', service(DELIVERY), 's3:PutObject', prefixed('c'), { ...from(ORG_MEMBER, ACL), 'aws:SourceOrgID': ORG }),
  row('Allow', service(DELIVERY), 's3:ListBucket', BUCKET_ARN, from(SENDER)),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', prefixed('d'), from(STRANGER, ACL)),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', logsPath(SENDER), from(SENDER, ACL)),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', objectArn('cdn/other/x.log.gz'), from(SENDER, ACL)),
  row('ImplicitDeny', service(DELIVERY), 's3:PutObject', objectArn('cdn/logsx/x.log.gz'), from(SENDER, ACL)),
]);

const CREATE_DELIVERY = 'logs:CreateDelivery';

describe.each(['archive'])('delivery destination policy of %s', (name) => {
  const resource = deliveryDestinationArn(name);
  grid('who may create deliveries', () => delivery().destinations[name], [
    row('Allow', account(SENDER), CREATE_DELIVERY, resource),
    row('Allow', account(ORG_MEMBER, ORG), CREATE_DELIVERY, resource),
    row('Allow', account(SENDER), CREATE_DELIVERY, arn('logs', RECIPIENT, 'delivery:abcdefghij')),
    row('ImplicitDeny', account(STRANGER), CREATE_DELIVERY, resource),
    row('ImplicitDeny', account(OTHER_SENDER), CREATE_DELIVERY, resource),
    row('ImplicitDeny', account(ORG_MEMBER), CREATE_DELIVERY, resource),
    row('ImplicitDeny', account(ORG_MEMBER, OTHER_ORG), CREATE_DELIVERY, resource),
    row('ImplicitDeny', service(DELIVERY), CREATE_DELIVERY, resource),
    row('ImplicitDeny', account(SENDER), CREATE_DELIVERY, deliveryDestinationArn(name, SENDER)),
    row('ImplicitDeny', account(SENDER), CREATE_DELIVERY, arn('logs', RECIPIENT, `delivery-destination:${name}`, 'eu-west-1')),
    ...['logs:DeleteDeliveryDestination', 'logs:PutDeliveryDestinationPolicy', 'logs:GetDeliveryDestination', 'logs:DeleteDelivery',
      'logs:PutDeliveryDestination', 'logs:AnyOtherAction'].flatMap(action => [
      row('ImplicitDeny', account(SENDER), action, resource),
      row('ImplicitDeny', account(ORG_MEMBER, ORG), action, resource),
    ]),
  ]);
});

describe.each(['private', 'to-group', 'traces'])('delivery destination policy of %s (granted nothing)', (name) => {
  grid('nobody else may create deliveries', () => delivery().destinations[name], [
    row('ImplicitDeny', account(SENDER), CREATE_DELIVERY, deliveryDestinationArn(name)),
    row('ImplicitDeny', account(ORG_MEMBER, ORG), CREATE_DELIVERY, deliveryDestinationArn(name)),
  ]);
});

// ---------------------------------------------------------------------------------------------
// 5. LogArchive: CloudWatch Logs into the destination's role, the role into Firehose, Firehose into the bucket and key
// ---------------------------------------------------------------------------------------------

const EU = 'eu-west-1';
const EU_ENV: DeployEnvironment = { account: RECIPIENT, region: EU };
const ERROR_LOG_GROUP = 'central-archive-errors';
const FIREHOSE_ROLE_ARN = `arn:aws:iam::${RECIPIENT}:role/central-archive-firehose`;
const archiveObject = (key: string) => `${BUCKET_ARN}/${key}`;
const ARCHIVED = archiveObject(`logs/account=${SENDER}/log_group=/aws/lambda/app/dt=2026-01-01/central-1-2026-01-01-00-00-00-abc.gz`);
const CONTROL = archiveObject('logs/account=control-message/log_group=control-message/dt=2026-01-01/central-1-2026-01-01-00-00-00-def.gz');
const FAILED = archiveObject('errors/partitioning-failed/dt=2026-01-01/central-1-2026-01-01-00-00-00-ghi');
const TLS = { 'aws:SecureTransport': 'true' };
/** What S3 sends KMS for an object of the archive (or, with an S3 Bucket Key, for the bucket) when Firehose writes it. */
const throughS3 = (encryptionContext: string, region = REGION) =>
  ({ 'kms:ViaService': `s3.${region}.amazonaws.com`, 'kms:EncryptionContext:aws:s3:arn': encryptionContext });

/**
 * One archive with a customer-managed key, granted SENDER and ORG with account-level subscriptions, and added to
 * eu-west-1: the policies of both destinations, of both destination roles, of the Firehose role and of the bucket.
 */
const archive = once(() => {
  const app = new App();
  const home = new Stack(app, 'Home', { env: ENV });
  const key = new kms.Key(home, 'Key');
  const logArchive = new LogArchive(home, 'Archive', {
    destinationName: 'central',
    deliveryStreamName: 'central',
    subscriberAccounts: [SENDER],
    subscriberOrganizationIds: [ORG],
    accountLevelSubscriptions: true,
    encryptionKey: key,
  });
  const eu = new Stack(app, 'EuWest1', { env: EU_ENV });
  logArchive.addRegion(eu);

  const template = templateOf(home);
  const refs = referencesOf(template, [
    ['AWS::KMS::Key', 'Key', { Ref: KEY_ARN.split('/')[1], Arn: KEY_ARN }],
    ['AWS::S3::Bucket', 'ArchiveBucket', { Ref: BUCKET, Arn: BUCKET_ARN }],
    ['AWS::Logs::LogGroup', 'ArchiveErrorLogGroup', { Ref: ERROR_LOG_GROUP, Arn: `${logGroupArn(ERROR_LOG_GROUP)}:*` }],
    ['AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream', { Ref: 'central', Arn: FIREHOSE_ARN }],
  ]);
  const firehoseRole = properties(template, logicalId(template, 'AWS::IAM::Role', 'ArchiveDeliveryStreamRole'));
  const euTemplate = templateOf(eu);
  const euDestination = properties(euTemplate, logicalId(euTemplate, 'AWS::Logs::Destination', ''));
  const euRole = properties(euTemplate, logicalId(euTemplate, 'AWS::IAM::Role', ''));
  return {
    home: subscriptionPolicies(home, [
      ['AWS::KinesisFirehose::DeliveryStream', 'ArchiveDeliveryStream', { Ref: 'central', Arn: FIREHOSE_ARN }],
    ], 'ArchiveDestination'),
    eu: {
      access: [resourcePolicy(resolvePolicy(euDestination.DestinationPolicy, EU_ENV))],
      trust: [trustPolicy(resolvePolicy(euRole.AssumeRolePolicyDocument, EU_ENV))],
      permissions: euRole.Policies.map((p: any) => identityPolicy(resolvePolicy(p.PolicyDocument, EU_ENV))),
    },
    firehoseTrust: [trustPolicy(resolvePolicy(firehoseRole.AssumeRolePolicyDocument, ENV, refs))],
    firehosePermissions: firehoseRole.Policies.map((p: any) => identityPolicy(resolvePolicy(p.PolicyDocument, ENV, refs))),
    bucket: [resourcePolicy(resolvePolicy(properties(template, logicalId(template, 'AWS::S3::BucketPolicy', 'ArchiveBucket')).PolicyDocument, ENV, refs))],
  };
});

const EU_DESTINATION_ARN = arn('logs', RECIPIENT, 'destination:central', EU);

grid('archive destinations: who may subscribe, in each Region', () => [...archive().home.access], [
  row('Allow', account(SENDER), SUBSCRIBE, DESTINATION_ARN),
  row('Allow', account(SENDER), 'logs:PutAccountPolicy', DESTINATION_ARN),
  row('Allow', account(ORG_MEMBER, ORG), SUBSCRIBE, DESTINATION_ARN),
  row('Allow', account(ORG_MEMBER, ORG), 'logs:PutAccountPolicy', DESTINATION_ARN),
  row('ImplicitDeny', account(STRANGER), SUBSCRIBE, DESTINATION_ARN),
  row('ImplicitDeny', account(ORG_MEMBER, OTHER_ORG), SUBSCRIBE, DESTINATION_ARN),
  row('ImplicitDeny', account(SENDER), 'logs:DeleteDestination', DESTINATION_ARN),
  row('ImplicitDeny', account(SENDER), SUBSCRIBE, EU_DESTINATION_ARN),
]);

grid('archive destination in an added Region: the same grants, on its own ARN', () => archive().eu.access, [
  row('Allow', account(SENDER), SUBSCRIBE, EU_DESTINATION_ARN),
  row('Allow', account(SENDER), 'logs:PutAccountPolicy', EU_DESTINATION_ARN),
  row('Allow', account(ORG_MEMBER, ORG), SUBSCRIBE, EU_DESTINATION_ARN),
  row('ImplicitDeny', account(STRANGER), SUBSCRIBE, EU_DESTINATION_ARN),
  row('ImplicitDeny', account(SENDER), 'logs:PutDestinationPolicy', EU_DESTINATION_ARN),
  row('ImplicitDeny', account(SENDER), SUBSCRIBE, DESTINATION_ARN),
]);

grid('archive destination roles: CloudWatch Logs of their own Region, for the recipient and the grants', () => archive().home.trust, [
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(DESTINATION_ARN)),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', SENDER))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, { 'aws:SourceOrgID': ORG, 'aws:SourceArn': logGroupArn('app', ORG_MEMBER) }),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', STRANGER))),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(arn('logs', SENDER, 'log-group:app', EU))),
  row('ImplicitDeny', service('firehose.amazonaws.com'), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', SENDER))),
]);

grid('archive destination role of an added Region: CloudWatch Logs of that Region', () => archive().eu.trust, [
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(EU_DESTINATION_ARN)),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, fromArn(arn('logs', SENDER, 'log-group:app', EU))),
  row('Allow', service(LOGS), ASSUME, ROLE_ARN, { 'aws:SourceOrgID': ORG }),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(logGroupArn('app', SENDER))),
  row('ImplicitDeny', service(LOGS), ASSUME, ROLE_ARN, fromArn(arn('logs', STRANGER, 'log-group:app', EU))),
]);

for (const [title, policies] of [['home', () => archive().home.permissions], ['added Region', () => archive().eu.permissions]] as const) {
  grid(`archive destination role (${title}): firehose:PutRecord and PutRecordBatch on the home delivery stream only`, policies, [
    row('Allow', asRole, 'firehose:PutRecord', FIREHOSE_ARN),
    row('Allow', asRole, 'firehose:PutRecordBatch', FIREHOSE_ARN),
    row('ImplicitDeny', asRole, 'firehose:PutRecord', arn('firehose', RECIPIENT, 'deliverystream/other')),
    row('ImplicitDeny', asRole, 'firehose:PutRecord', arn('firehose', RECIPIENT, 'deliverystream/central', EU)),
    row('ImplicitDeny', asRole, 'firehose:UpdateDestination', FIREHOSE_ARN),
    row('ImplicitDeny', asRole, 's3:PutObject', ARCHIVED),
    row('ImplicitDeny', asRole, 'kms:GenerateDataKey', KEY_ARN),
  ]);
}

grid('archive delivery stream role trust: Firehose only', () => archive().firehoseTrust, [
  row('Allow', service('firehose.amazonaws.com'), ASSUME, FIREHOSE_ROLE_ARN),
  row('Allow', service('firehose.amazonaws.com'), ASSUME, FIREHOSE_ROLE_ARN, { 'sts:ExternalId': RECIPIENT }),
  row('ImplicitDeny', service(LOGS), ASSUME, FIREHOSE_ROLE_ARN),
  row('ImplicitDeny', service(DELIVERY), ASSUME, FIREHOSE_ROLE_ARN),
  ...[RECIPIENT, SENDER].map(id => row('ImplicitDeny', account(id), ASSUME, FIREHOSE_ROLE_ARN)),
]);

// "Grant Firehose access to an Amazon S3 destination" (Amazon Data Firehose developer guide), scoped to the archive's prefixes.
grid('archive delivery stream role: writes the bucket under its prefixes, uses the key through S3, reports errors', () => archive().firehosePermissions, [
  ...['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'].map(action => row('Allow', asRole, action, BUCKET_ARN)),
  ...['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'].flatMap(action => [ARCHIVED, CONTROL, FAILED].map(o => row('Allow', asRole, action, o))),
  row('Allow', asRole, 'logs:PutLogEvents', `${logGroupArn(ERROR_LOG_GROUP)}:log-stream:S3Delivery`),
  row('Allow', asRole, 'kms:GenerateDataKey', KEY_ARN, throughS3(ARCHIVED)),
  row('Allow', asRole, 'kms:Decrypt', KEY_ARN, throughS3(ARCHIVED)),
  row('Allow', asRole, 'kms:GenerateDataKey', KEY_ARN, throughS3(FAILED)),
  row('Allow', asRole, 'kms:GenerateDataKey', KEY_ARN, throughS3(BUCKET_ARN)),
  row('ImplicitDeny', asRole, 's3:PutObject', archiveObject('elsewhere/x.gz')),
  row('ImplicitDeny', asRole, 's3:PutObject', archiveObject('logsx/x.gz')),
  row('ImplicitDeny', asRole, 's3:PutObject', 'arn:aws:s3:::other-bucket/logs/x.gz'),
  row('ImplicitDeny', asRole, 's3:DeleteObject', ARCHIVED),
  row('ImplicitDeny', asRole, 's3:PutObjectAcl', ARCHIVED),
  row('ImplicitDeny', asRole, 's3:PutBucketPolicy', BUCKET_ARN),
  row('ImplicitDeny', asRole, 's3:DeleteBucket', BUCKET_ARN),
  row('ImplicitDeny', asRole, 'logs:PutLogEvents', `${logGroupArn('other')}:log-stream:S3Delivery`),
  row('ImplicitDeny', asRole, 'logs:CreateLogGroup', logGroupArn(ERROR_LOG_GROUP)),
  row('ImplicitDeny', asRole, 'kms:GenerateDataKey', KEY_ARN),
  row('ImplicitDeny', asRole, 'kms:GenerateDataKey', KEY_ARN, { 'kms:EncryptionContext:aws:s3:arn': ARCHIVED }),
  row('ImplicitDeny', asRole, 'kms:GenerateDataKey', KEY_ARN, throughS3(ARCHIVED, EU)),
  row('ImplicitDeny', asRole, 'kms:GenerateDataKey', KEY_ARN, throughS3('arn:aws:s3:::other-bucket/logs/x.gz')),
  row('ImplicitDeny', asRole, 'kms:GenerateDataKey', KEY_ARN, { 'kms:ViaService': 'sqs.us-east-1.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': ARCHIVED }),
  row('ImplicitDeny', asRole, 'kms:Encrypt', KEY_ARN, throughS3(ARCHIVED)),
  row('ImplicitDeny', asRole, 'kms:ScheduleKeyDeletion', KEY_ARN, throughS3(ARCHIVED)),
  row('ImplicitDeny', asRole, 'kms:GenerateDataKey', OTHER_KEY_ARN, throughS3(ARCHIVED)),
  row('ImplicitDeny', asRole, 'firehose:PutRecord', FIREHOSE_ARN),
  row('ImplicitDeny', asRole, 'iam:PassRole', FIREHOSE_ROLE_ARN),
]);

grid('archive bucket: the role\'s writes over TLS, nothing without it', () => [...archive().firehosePermissions, ...archive().bucket], [
  row('Allow', asRole, 's3:PutObject', ARCHIVED, TLS),
  row('Allow', asRole, 's3:ListBucket', BUCKET_ARN, TLS),
  row('ExplicitDeny', asRole, 's3:PutObject', ARCHIVED, { 'aws:SecureTransport': 'false' }),
  row('ImplicitDeny', asRole, 's3:DeleteObject', ARCHIVED, TLS),
]);

// The role's identity policy applies to the role only: the bucket policy alone must admit nobody.
grid('archive bucket policy: denies requests without TLS, admits nobody', () => archive().bucket, [
  row('ExplicitDeny', account(SENDER), 's3:GetObject', ARCHIVED, { 'aws:SecureTransport': 'false' }),
  row('ExplicitDeny', service('firehose.amazonaws.com'), 's3:PutObject', ARCHIVED, { 'aws:SecureTransport': 'false' }),
  row('ImplicitDeny', account(SENDER), 's3:GetObject', ARCHIVED, TLS),
  row('ImplicitDeny', account(ORG_MEMBER, ORG), 's3:PutObject', ARCHIVED, TLS),
  row('ImplicitDeny', service('firehose.amazonaws.com'), 's3:PutObject', ARCHIVED, TLS),
  row('ImplicitDeny', service(LOGS), 's3:PutObject', ARCHIVED, TLS),
]);
