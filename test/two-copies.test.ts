/**
 * Two copies of the library in one app (each of two dependencies brings its own): every object of one
 * copy must work where the other copy's API takes it, because the library recognises its own types by
 * `Symbol.for` brands and keeps its registries in the construct tree, never by `instanceof` or module state.
 */
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, Stack } from 'aws-cdk-lib/core';
import * as ours from '../lib';
import { expectLibraryError, expectSynthFinding } from './support/errors';
import { secondCopy } from './support/second-copy';
import { OTHER_SENDER, RECIPIENT, SENDER, templateOf, testApp } from './util';

const REGION = 'us-east-1';
const ORG = 'o-a1b2c3d4e5';
const copy = secondCopy();
const theirs = copy.lib;
afterAll(() => copy.remove());

function env(account: string): { env: { account: string; region: string } } {
  return { env: { account, region: REGION } };
}

test('the second copy is a copy: its classes are not ours', () => {
  expect(theirs.LogDestination).not.toBe(ours.LogDestination);
  expect(theirs.LogGroupSelection).not.toBe(ours.LogGroupSelection);
  const stack = new Stack(testApp(), 'Stack', env(RECIPIENT));
  const destination = new theirs.DeliveryDestination(stack, 'Dest', { target: theirs.DeliveryDestinationTarget.xray() });
  expect(destination).not.toBeInstanceOf(ours.DeliveryDestination);
  expect(ours.DeliveryDestination.isDeliveryDestination(destination)).toBe(true);
});

test('an error of either copy is recognised by the other', () => {
  const stack = new Stack(testApp(), 'Stack', env(RECIPIENT));
  // expectLibraryError recognises the error by ours.LogDestinationsError.isLogDestinationsError.
  const error = expectLibraryError(() => new theirs.LogDestination(stack, 'Dest', {
    target: theirs.LogDestinationTarget.fromArn(`arn:aws:kinesis:${REGION}:${RECIPIENT}:stream/s`), subscriberAccounts: ['1234'],
  }), { path: 'Stack/Dest', property: 'account', fragment: '12 digits' });
  expect(error).not.toBeInstanceOf(ours.LogDestinationsError);
});

test('a Firehose target of the other copy still refuses distribution on an account-level filter', () => {
  const app = testApp();
  const recipient = new Stack(app, 'Central', env(RECIPIENT));
  const destination = new ours.LogDestination(recipient, 'Destination', {
    target: theirs.LogDestinationTarget.fromArn(`arn:aws:firehose:${REGION}:${RECIPIENT}:deliverystream/central`),
    accountLevelSubscriptions: true,
    subscriberAccounts: [SENDER],
  });
  const sender = new Stack(app, 'Sender', env(SENDER));
  expectLibraryError(() => new ours.AccountSubscriptionFilter(sender, 'AllLogs', { destination, distribution: logs.Distribution.RANDOM }),
    { path: 'Sender/AllLogs', property: 'distribution', fragment: 'in front of a Firehose stream' });
});

test.each([
  ['ours AND theirs', () => ours.LogGroupSelection.namePrefix('/app/').and(theirs.LogGroupSelection.nameNotIn(['/app/debug'])),
    'LogGroupName LIKE \'/app/%\' AND LogGroupName NOT IN (\'/app/debug\')'],
  ['theirs OR ours', () => theirs.LogGroupSelection.nameEquals('a').or(ours.LogGroupSelection.nameEquals('b')),
    'LogGroupName = \'a\' OR LogGroupName = \'b\''],
])('selections of the two copies combine: %s', (_, selection, expected) => {
  const stack = new Stack(testApp(), 'Stack', env(RECIPIENT));
  new ours.LogCentralizationRule(stack, 'Rule', {
    sourceRegions: [REGION],
    scope: ours.CentralizationScope.organization(ORG),
    destinationAccount: RECIPIENT,
    destinationRegion: REGION,
    logGroups: selection(),
  });
  const rule = Template.fromStack(stack).findResources('AWS::ObservabilityAdmin::OrganizationCentralizationRule');
  expect(Object.values<any>(rule)[0].Properties.Rule.Source.SourceLogsConfiguration.LogGroupSelectionCriteria).toBe(expected);
});

test('destinations of both copies used in one sender stack share its one sender role', () => {
  const app = new App();
  const sender = new Stack(app, 'Sender', env(SENDER));
  for (const [lib, name] of [[ours, 'ours'], [theirs, 'theirs']] as const) {
    const destination = lib.LogDestination.fromDestinationAttributes(sender, `Central-${name}`, {
      destinationArn: `arn:aws:logs:${REGION}:${RECIPIENT}:destination:${name}`, organizationAccess: true,
    });
    new logs.LogGroup(sender, `Logs-${name}`).addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
  }
  const template = templateOf(sender);
  const roles = Object.keys(template.findResources('AWS::IAM::Role'));
  expect(roles).toHaveLength(1);
  const roleArns = Object.values<any>(template.findResources('AWS::Logs::SubscriptionFilter')).map(f => f.Properties.RoleArn);
  expect(roleArns).toEqual([{ 'Fn::GetAtt': [roles[0], 'Arn'] }, { 'Fn::GetAtt': [roles[0], 'Arn'] }]);
});

function deliveryApp() {
  const app = testApp();
  const stack = new Stack(app, 'Logging', env(RECIPIENT));
  const source = new ours.DeliverySource(stack, 'Access', { resourceArn: 'arn:aws:s3:::source-bucket', logType: 'S3_SERVER_ACCESS_LOGS' });
  const first = new theirs.DeliveryDestination(stack, 'First', { target: theirs.DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'A')) });
  const second = new ours.DeliveryDestination(stack, 'Second', { target: ours.DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'B')) });
  return { app, stack, source, first, second };
}

test('deliveries of one source made through both copies are created one after another', () => {
  const { stack, source, first, second } = deliveryApp();
  const one = source.deliverTo(first);
  const two = new theirs.Delivery(stack, 'Two', { source, destination: second });
  const deliveries = templateOf(stack).findResources('AWS::Logs::Delivery');
  const [oneId, twoId] = [one, two].map(d => stack.getLogicalId(d.node.defaultChild as any));
  expect(deliveries[twoId].DependsOn).toContain(oneId);
  expect(deliveries[oneId].DependsOn ?? []).not.toContain(twoId);
});

test('a delivery of one copy to a destination of the other that does not admit its account fails the synth', () => {
  const { app, first } = deliveryApp();
  const other = new Stack(app, 'Other', env(OTHER_SENDER));
  new ours.DeliverySource(other, 'Access', { resourceArn: 'arn:aws:s3:::other-bucket', logType: 'S3_SERVER_ACCESS_LOGS' }).deliverTo(first);
  expectSynthFinding(() => app.synth(), {
    path: /Other\/Access\/To\w+/, property: 'destination', value: '\'Logging/First\'', fragment: `delivery sources of account ${OTHER_SENDER}`,
  });
});

test('the hidden hooks of the other copy\'s S3 target are called: it admits an organization', () => {
  const stack = new Stack(testApp(), 'Stack', env(RECIPIENT));
  const bucket = new s3.Bucket(stack, 'Bucket');
  const archive = new ours.DeliveryDestination(stack, 'Archive', { target: theirs.DeliveryDestinationTarget.s3(bucket) });
  archive.grantSubscribeOrganization(ORG);
  const statements = Template.fromStack(stack).findResources('AWS::S3::BucketPolicy');
  const conditions = Object.values<any>(statements)[0].Properties.PolicyDocument.Statement.map((st: any) => st.Condition.StringEquals);
  expect(conditions).toEqual([
    { 'aws:SourceAccount': [RECIPIENT], 's3:x-amz-acl': 'bucket-owner-full-control' },
    { 'aws:SourceAccount': [RECIPIENT] },
    { 'aws:SourceOrgID': [ORG], 's3:x-amz-acl': 'bucket-owner-full-control' },
    { 'aws:SourceOrgID': [ORG] },
  ]);
});

test('the hidden hooks of the other copy\'s scope and partitioning are called', () => {
  const stack = new Stack(testApp(), 'Stack', env(RECIPIENT));
  new ours.LogCentralizationRule(stack, 'Rule', {
    sourceRegions: [REGION],
    scope: theirs.CentralizationScope.accounts([SENDER]).or(ours.CentralizationScope.organizationalUnits(['ou-ab12-cd34ef56'])),
    destinationAccount: RECIPIENT,
    destinationRegion: REGION,
    destinationLogGroupNamePattern: '/central/${source.accountId}/${source.region}${source.logGroup}',
  });
  const rule = Object.values<any>(Template.fromStack(stack).findResources('AWS::ObservabilityAdmin::OrganizationCentralizationRule'))[0];
  expect(rule.Properties.Rule.Source.Scope).toBe(`AccountId = '${SENDER}' OR OrganizationUnitId = 'ou-ab12-cd34ef56'`);
  const archive = new ours.LogArchive(new Stack(testApp(), 'Archive', env(RECIPIENT)), 'Archive', { partitioning: theirs.ArchivePartitioning.byDate() });
  const stream = Object.values<any>(Template.fromStack(Stack.of(archive)).findResources('AWS::KinesisFirehose::DeliveryStream'))[0];
  expect(stream.Properties.ExtendedS3DestinationConfiguration.Prefix).toBe('logs/dt=!{timestamp:yyyy-MM-dd}/');
});
