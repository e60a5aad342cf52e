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
import { LogDestinationsError } from '../lib/private/errors';
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

/** Runs `fn` and returns the error it throws, failing the test when it does not throw our error type. */
function errorOf(fn: () => unknown): LogDestinationsError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LogDestinationsError);
    expect(e).not.toBeInstanceOf(TypeError);
    return e as LogDestinationsError;
  }
  throw new Error('expected an error, but none was thrown');
}

/**
 * Each case: what the user does, and the fragments the message must contain, in the order
 * construct path, property, value, rule, fix.
 */
const cases: Array<[string, () => unknown, string[]]> = [
  ['fails when the name has a colon', () => destination(undefined, { destinationName: 'central:logs' }),
    ['Stack/Central', 'destinationName', '\'central:logs\'', 'no \':\' or \'*\'', 'leave destinationName out']],
  ['fails when the name has a star', () => destination(undefined, { destinationName: 'logs*' }),
    ['Stack/Central', 'destinationName', '\'logs*\'', '1 to 512 characters', 'Choose another name']],
  ['fails when the name is empty', () => destination(undefined, { destinationName: '' }),
    ['Stack/Central', 'destinationName', '\'\'', 'it is empty', 'Choose another name']],
  ['fails when the name is 513 characters', () => destination(undefined, { destinationName: 'a'.repeat(513) }),
    ['Stack/Central', 'destinationName', '(513 characters)', 'it has 513 characters', 'Choose another name']],
  ['fails when an account is not 12 digits', () => destination().grantSubscribe('12345'),
    ['Stack/Central', 'account', '\'12345\'', 'exactly 12 digits', 'Pass the 12-digit ID']],
  ['fails when an account has a letter', () => destination(undefined, { subscriberAccounts: ['11111111111a'] }),
    ['Stack/Central', 'account', '\'11111111111a\'', 'exactly 12 digits', 'Pass the 12-digit ID']],
  ['fails when an account is a root ARN, and says which ID to pass', () => destination().grantSubscribe(`arn:aws:iam::${SENDER}:root`),
    ['Stack/Central', 'account', `'arn:aws:iam::${SENDER}:root'`, 'exactly 12 digits', `bare account ID '${SENDER}'`]],
  ['fails when an organization ID is upper case', () => destination().grantSubscribeOrganization('o-ABCDEFGHIJ'),
    ['Stack/Central', 'organizationId', '\'o-ABCDEFGHIJ\'', '10 to 32 lowercase letters or digits', 'such as \'o-a1b2c3d4e5\'']],
  ['fails when an organization ID is too short', () => destination(undefined, { subscriberOrganizationIds: ['o-abc'] }),
    ['Stack/Central', 'organizationId', '\'o-abc\'', '10 to 32', 'Pass the organization ID']],
  ['fails when an organization unit is given for an organization', () => destination().grantSubscribeOrganization('ou-ab12-cdefghij'),
    ['Stack/Central', 'organizationId', '\'ou-ab12-cdefghij\'', '\'o-\' followed by', 'organizational unit ID']],
  ['fails when a statement has no principal', () => destination().addToResourcePolicy(new iam.PolicyStatement({ actions: ['logs:PutSubscriptionFilter'] })),
    ['Stack/Central', 'statement', 'logs:PutSubscriptionFilter', 'needs a principal', 'grantSubscribe(account)']],
  ['fails when a statement names a service', () => destination().addToResourcePolicy(new iam.PolicyStatement({
    actions: ['logs:PutSubscriptionFilter'], principals: [new iam.ServicePrincipal('lambda.amazonaws.com')],
  })), ['Stack/Central', 'statement principal', 'lambda.amazonaws.com', 'not Service principals', 'iam.AccountPrincipal']],
  ['fails when a statement names a role ARN', () => destination().addToResourcePolicy(new iam.PolicyStatement({
    actions: ['logs:PutSubscriptionFilter'], principals: [new iam.ArnPrincipal(`arn:aws:iam::${SENDER}:role/deployer`)],
  })), ['Stack/Central', 'statement principal', `arn:aws:iam::${SENDER}:role/deployer`, 'bare 12-digit ID, not by ARN', 'grantSubscribe(account)']],
  ['fails when a statement uses notPrincipals', () => destination().addToResourcePolicy(new iam.PolicyStatement({
    actions: ['logs:PutSubscriptionFilter'], notPrincipals: [new iam.AccountPrincipal(SENDER)],
  })), ['Stack/Central', 'statement.notPrincipals', SENDER, 'only takes Principal', 'Name the accounts']],
  ['fails when a statement names an account that is not 12 digits', () => destination().addToResourcePolicy(new iam.PolicyStatement({
    actions: ['logs:PutSubscriptionFilter'], principals: [new iam.AccountPrincipal('1234')],
  })), ['Stack/Central', 'statement principal account', '\'1234\'', 'exactly 12 digits', 'Pass the 12-digit ID']],
  ['fails when the target ARN is not a stream', () => new LogDestination(testStack(), 'Central', {
    target: LogDestinationTarget.fromArn('arn:aws:sqs:us-east-1:111111111111:queue'),
  }), ['Stack/Central', 'target', 'arn:aws:sqs:us-east-1:111111111111:queue', 'Kinesis data stream or a Firehose delivery stream', 'Pass an ARN like']],
  ['fails when a token target ARN comes without actions or role', () => {
    const stack = testStack();
    return new LogDestination(stack, 'Central', { target: LogDestinationTarget.fromArn(new CfnParameter(stack, 'Arn').valueAsString) });
  }, ['Stack/Central', 'target', '\'${Arn}\'', 'only known at deploy time cannot be inferred', 'Pass actions to LogDestinationTarget.fromArn']],
  ['fails when an imported destination ARN is malformed', () => LogDestination.fromDestinationArn(testStack(), 'Central', 'arn:aws:logs:us-east-1:111:central'),
    ['Stack/Central', 'destinationArn', '\'arn:aws:logs:us-east-1:111:central\'', 'arn:<partition>:logs:<region>', 'describe-destinations']],
  ['fails when a log group in another region subscribes', () => {
    const stack = new Stack(testApp(), 'Sender', { env: { account: SENDER, region: 'eu-west-1' } });
    const dest = LogDestination.fromDestinationArn(stack, 'Central', `arn:aws:logs:us-east-1:${RECIPIENT}:destination:central-logs`);
    return new logs.LogGroup(stack, 'Logs').addSubscriptionFilter('ToCentral', { destination: dest, filterPattern: logs.FilterPattern.allEvents() });
  }, ['Sender/Logs/ToCentral', 'destination', 'central-logs', 'log group is in eu-west-1 but the destination is in us-east-1', 'Create a LogDestination in eu-west-1']],
  ['fails when a LogDestination\'s Firehose stream reads from a Kinesis stream instead of Direct PUT', () => {
    const stack = testStack();
    return new LogDestination(stack, 'Central', { target: LogDestinationTarget.firehose(kinesisSourcedFirehose(stack)) });
  }, ['Stack/Central', 'target', '\'Stack/Firehose\'', 'DeliveryStreamType is KinesisStreamAsSource', 'without a source prop (Direct PUT)']],
  ['fails when an account-level policy\'s Firehose stream reads from a Kinesis stream instead of Direct PUT', () => {
    const stack = testStack();
    return new AccountSubscriptionFilter(stack, 'AllLogGroups', { destination: new destinations.FirehoseDestination(kinesisSourcedFirehose(stack)) });
  }, ['Stack/AllLogGroups', 'destination', '\'Stack/Firehose\'', 'DeliveryStreamType is KinesisStreamAsSource', 'without a source prop (Direct PUT)']],
  ['fails when a vended-logs Firehose stream reads from a Kinesis stream instead of Direct PUT', () => {
    const stack = testStack();
    return new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.firehose(kinesisSourcedFirehose(stack)) });
  }, ['Stack/Archive', 'target', '\'Stack/Firehose\'', 'DeliveryStreamType is KinesisStreamAsSource', 'without a source prop (Direct PUT)']],
];

describe('bad input fails at synth with a message naming path, property, value, rule and fix', () => {
  test.each(cases)('%s', (_name, fn, fragments) => {
    const error = errorOf(fn);
    let from = 0;
    for (const fragment of fragments) {
      const at = error.message.indexOf(fragment, from);
      expect({ fragment, found: at >= 0, message: error.message }).toEqual({ fragment, found: true, message: error.message });
      // The fragments appear in order: path, property, value, rule, fix.
      from = at + fragment.length;
    }
    expect(error.message.startsWith(fragments[0])).toBe(true);
  });

  test('fails when the access policy is over 5,120 bytes, saying how many accounts and suggesting the organization grant', () => {
    const stack = testStack();
    const dest = destination(stack);
    for (let i = 0; i < 400; i++) {
      dest.grantSubscribe(String(100000000000 + i));
    }
    expect(() => templateOf(stack)).toThrow(/\[Stack\/Central\] invalid access policy of about \d+ bytes: PutDestinationPolicy accepts at most 5120 bytes, and this destination grants 400 account\(s\).*grantSubscribeOrganization/);
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
    const error = errorOf(() => destination().grantSubscribe('1'));
    expect(error.constructPath).toBe('Stack/Central');
    expect(error.name).toBe('LogDestinationsError');
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
    const error = errorOf(() => new LogCentralizationRule(stack, 'Rule', {
      destinationAccount: RECIPIENT, destinationRegion: 'us-east-1', scope: CentralizationScope.organization('o-a1b2c3d4e5'),
      sourceRegions: ['us-east-1', 'us-east-1', ...regions],
    }));
    expect(error.message).toContain('Stack/Rule: invalid sourceRegions \'["us-east-1","us-east-1","${Regions}"]\': the Regions must be unique');
  });

  test('a list token spread into recordFields is not taken for an unknown field name', () => {
    const stack = testStack();
    const fields = new CfnParameter(stack, 'Fields', { type: 'List<String>' }).valueAsList;
    const archive = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'Group')) });
    const source = new DeliverySource(stack, 'Cdn', { resourceArn: `arn:aws:cloudfront::${RECIPIENT}:distribution/E1`, logType: 'ACCESS_LOGS' });
    const error = errorOf(() => source.deliverTo(archive, { recordFields: ['nope', ...fields] }));
    expect(error.message).toMatch(/^Stack\/Cdn\/ToStackArchive[0-9A-F]+: invalid recordFields '\["nope","\$\{Fields\}"\]': .* has no field 'nope'\. Use/);
  });
});
