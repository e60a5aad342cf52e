import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as destinations from 'aws-cdk-lib/aws-logs-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnParameter, Stack } from 'aws-cdk-lib/core';
import {
  AccountSubscriptionFilter, CentralizationScope, DeliveryDestination, DeliveryDestinationTarget, DeliverySource, LogCentralizationRule,
  LogDestination, LogDestinationTarget,
} from '../lib';
import { expectLibraryError, expectSynthFinding, ExpectedError } from './support/errors';
import { RECIPIENT, SENDER, templateOf, testApp, testStack } from './util';

const STREAM_ARN = `arn:aws:kinesis:us-east-1:${RECIPIENT}:stream/central`;

function destination(stack: Stack = testStack(), props: Partial<ConstructorParameters<typeof LogDestination>[2]> = {}): LogDestination {
  return new LogDestination(stack, 'Central', { target: LogDestinationTarget.fromArn(STREAM_ARN), ...props });
}

/** A Firehose stream that reads from a Kinesis data stream (not Direct PUT). */
function kinesisSourcedFirehose(stack: Stack): firehose.DeliveryStream {
  return new firehose.DeliveryStream(stack, 'Firehose', {
    source: new firehose.KinesisStreamSource(new kinesis.Stream(stack, 'Source')),
    destination: new firehose.S3Bucket(new s3.Bucket(stack, 'Bucket')),
  });
}

/** Each case: what the user does, and the construct path, the property and the key fragment of the rule its error names. */
const cases: Array<[string, () => unknown, ExpectedError]> = [
  ['fails when the name has a colon', () => destination(undefined, { destinationName: 'central:logs' }),
    { path: 'Stack/Central', property: 'destinationName', fragment: 'it contains \':\' or \'*\'' }],
  ['fails when the name has a star', () => destination(undefined, { destinationName: 'logs*' }),
    { path: 'Stack/Central', property: 'destinationName', fragment: 'it contains \':\' or \'*\'' }],
  ['fails when the name is empty', () => destination(undefined, { destinationName: '' }),
    { path: 'Stack/Central', property: 'destinationName', fragment: 'it is empty' }],
  ['fails when the name is 513 characters', () => destination(undefined, { destinationName: 'a'.repeat(513) }),
    { path: 'Stack/Central', property: 'destinationName', fragment: 'it has 513 characters' }],
  ['fails when an account is not 12 digits', () => destination().grantSubscribe('12345'),
    { path: 'Stack/Central', property: 'account', fragment: 'exactly 12 digits' }],
  ['fails when an account has a letter', () => destination(undefined, { subscriberAccounts: ['11111111111a'] }),
    { path: 'Stack/Central', property: 'account', fragment: 'exactly 12 digits' }],
  ['fails when an account is a root ARN, and says which ID to pass', () => destination().grantSubscribe(`arn:aws:iam::${SENDER}:root`),
    { path: 'Stack/Central', property: 'account', fragment: `bare account ID '${SENDER}'` }],
  ['fails when an organization ID is upper case', () => destination().grantSubscribeOrganization('o-ABCDEFGHIJ'),
    { path: 'Stack/Central', property: 'organizationId', fragment: '10 to 32 lowercase letters or digits' }],
  ['fails when an organization ID is too short', () => destination(undefined, { subscriberOrganizationIds: ['o-abc'] }),
    { path: 'Stack/Central', property: 'organizationId', fragment: '10 to 32 lowercase letters or digits' }],
  ['fails when an organization unit is given for an organization', () => destination().grantSubscribeOrganization('ou-ab12-cdefghij'),
    { path: 'Stack/Central', property: 'organizationId', fragment: 'organizational unit ID' }],
  ['fails when a statement has no principal', () => destination().addToResourcePolicy(new iam.PolicyStatement({ actions: ['logs:PutSubscriptionFilter'] })),
    { path: 'Stack/Central', property: 'statement', fragment: 'needs a principal' }],
  ['fails when a statement names a service', () => destination().addToResourcePolicy(new iam.PolicyStatement({
    actions: ['logs:PutSubscriptionFilter'], principals: [new iam.ServicePrincipal('lambda.amazonaws.com')],
  })), { path: 'Stack/Central', property: 'statement principal', fragment: 'not Service principals' }],
  ['fails when a statement names a role ARN', () => destination().addToResourcePolicy(new iam.PolicyStatement({
    actions: ['logs:PutSubscriptionFilter'], principals: [new iam.ArnPrincipal(`arn:aws:iam::${SENDER}:role/deployer`)],
  })), { path: 'Stack/Central', property: 'statement principal', fragment: 'bare 12-digit ID, not by ARN' }],
  ['fails when a statement uses notPrincipals', () => destination().addToResourcePolicy(new iam.PolicyStatement({
    actions: ['logs:PutSubscriptionFilter'], notPrincipals: [new iam.AccountPrincipal(SENDER)],
  })), { path: 'Stack/Central', property: 'statement.notPrincipals', fragment: 'only takes Principal' }],
  ['fails when a statement names an account that is not 12 digits', () => destination().addToResourcePolicy(new iam.PolicyStatement({
    actions: ['logs:PutSubscriptionFilter'], principals: [new iam.AccountPrincipal('1234')],
  })), { path: 'Stack/Central', property: 'statement principal account', fragment: 'exactly 12 digits' }],
  ['fails when the target ARN is not a stream', () => new LogDestination(testStack(), 'Central', {
    target: LogDestinationTarget.fromArn('arn:aws:sqs:us-east-1:111111111111:queue'),
  }), { path: 'Stack/Central', property: 'target', fragment: 'Kinesis data stream or a Firehose delivery stream' }],
  ['fails when a token target ARN comes without actions or role', () => {
    const stack = testStack();
    return new LogDestination(stack, 'Central', { target: LogDestinationTarget.fromArn(new CfnParameter(stack, 'Arn').valueAsString) });
  }, { path: 'Stack/Central', property: 'target', value: '\'${Arn}\'', fragment: 'Pass actions to LogDestinationTarget.fromArn' }],
  ['fails when an imported destination ARN is malformed', () => LogDestination.fromDestinationArn(testStack(), 'Central', 'arn:aws:logs:us-east-1:111:central'),
    { path: 'Stack/Central', property: 'destinationArn', fragment: 'arn:<partition>:logs:<region>:<12-digit account>:destination:<name>' }],
  ['fails when a log group in another region subscribes', () => {
    const stack = new Stack(testApp(), 'Sender', { env: { account: SENDER, region: 'eu-west-1' } });
    const dest = LogDestination.fromDestinationArn(stack, 'Central', `arn:aws:logs:us-east-1:${RECIPIENT}:destination:central-logs`);
    return new logs.LogGroup(stack, 'Logs').addSubscriptionFilter('ToCentral', { destination: dest, filterPattern: logs.FilterPattern.allEvents() });
  }, { path: 'Sender/Logs/ToCentral', property: 'destination', fragment: 'log group is in eu-west-1 but the destination is in us-east-1' }],
  ['fails when a LogDestination\'s Firehose stream reads from a Kinesis stream instead of Direct PUT', () => {
    const stack = testStack();
    return new LogDestination(stack, 'Central', { target: LogDestinationTarget.firehose(kinesisSourcedFirehose(stack)) });
  }, { path: 'Stack/Central', property: 'target', fragment: 'DeliveryStreamType is KinesisStreamAsSource' }],
  ['fails when an account-level policy\'s Firehose stream reads from a Kinesis stream instead of Direct PUT', () => {
    const stack = testStack();
    return new AccountSubscriptionFilter(stack, 'AllLogGroups', { destination: new destinations.FirehoseDestination(kinesisSourcedFirehose(stack)) });
  }, { path: 'Stack/AllLogGroups', property: 'destination', fragment: 'DeliveryStreamType is KinesisStreamAsSource' }],
  ['fails when a vended-logs Firehose stream reads from a Kinesis stream instead of Direct PUT', () => {
    const stack = testStack();
    return new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.firehose(kinesisSourcedFirehose(stack)) });
  }, { path: 'Stack/Archive', property: 'target', fragment: 'DeliveryStreamType is KinesisStreamAsSource' }],
];

describe('bad input fails at synth with a message naming path, property and rule', () => {
  test.each(cases)('%s', (_name, fn, expected) => {
    expectLibraryError(fn, expected);
  });

  test('fails when the access policy is over 5,120 bytes, saying how many accounts and suggesting the organization grant', () => {
    const stack = testStack();
    const dest = destination(stack);
    for (let i = 0; i < 400; i++) {
      dest.grantSubscribe(String(100000000000 + i));
    }
    const finding = expectSynthFinding(() => templateOf(stack), { path: 'Stack/Central', property: 'access policy', fragment: 'grants 400 account(s)' });
    expect(finding).toContain('grantSubscribeOrganization');
  });

  test('tokens are not validated early', () => {
    const stack = testStack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const account = new CfnParameter(stack, 'Account').valueAsString;
    const org = new CfnParameter(stack, 'Org').valueAsString;
    const dest = destination(stack, { destinationName: name, subscriberAccounts: [account] });
    dest.grantSubscribeOrganization(org);
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Logs::Destination', { DestinationName: { Ref: 'Name' } });
  });

  test('a subscription in an environment-agnostic stack is not region-checked', () => {
    const stack = new Stack(testApp(), 'Agnostic');
    const dest = LogDestination.fromDestinationArn(stack, 'Central', `arn:aws:logs:us-east-1:${RECIPIENT}:destination:central-logs`);
    new logs.LogGroup(stack, 'Logs').addSubscriptionFilter('ToCentral', { destination: dest, filterPattern: logs.FilterPattern.allEvents() });
    templateOf(stack).hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      DestinationArn: `arn:aws:logs:us-east-1:${RECIPIENT}:destination:central-logs`,
    });
  });

  test('the error carries the construct path', () => {
    const error = expectLibraryError(() => destination().grantSubscribe('1'), { path: 'Stack/Central', property: 'account', fragment: '12 digits' });
    expect(error.constructPath).toBe('Stack/Central');
  });

  test('a stream given as a construct never reaches the token-ARN error', () => {
    const stack = testStack();
    const stream = new kinesis.Stream(stack, 'Stream');
    new LogDestination(stack, 'Central', { target: LogDestinationTarget.kinesisStream(stream) });
    const role = Object.values<any>(templateOf(stack).findResources('AWS::IAM::Role'))[0];
    expect(role.Properties.Policies[0].PolicyDocument.Statement).toEqual([{
      Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Stream/), 'Arn'] },
    }]);
  });
});

describe('tokens in messages', () => {
  test('a list token spread into a list prints as the reference it resolves to, not as #{Token[...]}', () => {
    const stack = testStack();
    const regions = new CfnParameter(stack, 'Regions', { type: 'List<String>' }).valueAsList;
    expectLibraryError(() => new LogCentralizationRule(stack, 'Rule', {
      destinationAccount: RECIPIENT, destinationRegion: 'us-east-1', scope: CentralizationScope.organization('o-a1b2c3d4e5'),
      sourceRegions: ['us-east-1', 'us-east-1', ...regions],
    }), { path: 'Stack/Rule', property: 'sourceRegions', value: '\'["us-east-1","us-east-1","${Regions}"]\'', fragment: 'unique' });
  });

  test('a list token spread into recordFields is not taken for an unknown field name', () => {
    const stack = testStack();
    const fields = new CfnParameter(stack, 'Fields', { type: 'List<String>' }).valueAsList;
    const archive = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'Group')) });
    const source = new DeliverySource(stack, 'Cdn', { resourceArn: `arn:aws:cloudfront::${RECIPIENT}:distribution/E1`, logType: 'ACCESS_LOGS' });
    expectLibraryError(() => source.deliverTo(archive, { recordFields: ['nope', ...fields] }), {
      path: /Stack\/Cdn\/ToStackArchive[0-9A-F]+/, property: 'recordFields', value: '\'["nope","${Fields}"]\'', fragment: 'has no field \'nope\'',
    });
  });
});
