import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as destinations from 'aws-cdk-lib/aws-logs-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, ArnFormat, Aspects, Aws, CfnResource, Stack } from 'aws-cdk-lib/core';
import { Capability, DeploymentType, StackSet, StackSetStack, StackSetTarget, StackSetTemplate } from 'cdk-stacksets';
import { Construct } from 'constructs';
import { AccountSubscriptionFilter, LogDestination, LogDestinationTarget, SubscriptionFilterChain } from '../lib';
import { validateTemplateFile } from './support/cloudformation-validate';
import { expectLibraryError, expectSynthFinding } from './support/errors';
import { joinLiteral, joinRefs, onlyResource, RECIPIENT, SENDER, templateOf, testApp } from './util';

const REGION = 'us-east-1';
const ORG = 'o-a1b2c3d4e5';
const DESTINATION_ARN = `arn:aws:logs:${REGION}:${RECIPIENT}:destination:central`;

function senderStack(app: App = testApp(), id = 'Sender', region = REGION): Stack {
  return new Stack(app, id, { env: { account: SENDER, region } });
}

/** A Lambda function whose template CloudFormation Validate accepts (no redundant DependsOn on its role). */
function lambdaFunction(scope: Construct, id = 'Fn', props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  const fn = new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = () => {}'), ...props,
  });
  (fn.node.defaultChild as CfnResource).addOverride('DependsOn', undefined);
  return fn;
}

/** The account policy of a stack, its document parsed (references rendered `${LogicalId.Attr}`). */
function accountPolicyOf(template: Template): { properties: any; document: any; logicalId: string; resource: any } {
  const { logicalId, resource } = onlyResource(template, 'AWS::Logs::AccountPolicy');
  const doc = resource.Properties.PolicyDocument;
  return { logicalId, resource, properties: resource.Properties, document: JSON.parse(typeof doc === 'string' ? doc : joinRefs(doc)) };
}

/** A recipient stack with a destination in front of a stream, and the app. */
function central(props: Partial<ConstructorParameters<typeof LogDestination>[2]> = {}) {
  const app = testApp();
  const stack = new Stack(app, 'Central', { env: { account: RECIPIENT, region: REGION } });
  const destination = new LogDestination(stack, 'Destination', {
    target: LogDestinationTarget.kinesisStream(new kinesis.Stream(stack, 'Stream')),
    destinationName: 'central',
    ...props,
  });
  return { app, stack, destination };
}

describe('AccountSubscriptionFilter to a destination of another account', () => {
  test('an organization destination gets the sender role, allowed logs:PutLogEvents on every log group of the account', () => {
    const stack = senderStack();
    new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: LogDestination.fromDestinationAttributes(stack, 'Central', { destinationArn: DESTINATION_ARN, organizationAccess: true }),
    });
    const template = templateOf(stack);
    const role = onlyResource(template, 'AWS::IAM::Role');
    const policy = accountPolicyOf(template);

    expect(policy.properties).toEqual({
      PolicyName: 'cdk-log-destinations-subscription-filter',
      PolicyType: 'SUBSCRIPTION_FILTER_POLICY',
      Scope: 'ALL',
      PolicyDocument: expect.anything(),
    });
    expect(policy.document).toEqual({ DestinationArn: DESTINATION_ARN, RoleArn: `\${${role.logicalId}.Arn}`, FilterPattern: '' });
    // AWS's recipe: trusted by CloudWatch Logs with no condition.
    expect(role.resource.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'logs.amazonaws.com' } },
    ]);
    const statements = role.resource.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
    expect(statements.map((s: any) => ({ ...s, Resource: joinLiteral(s.Resource) }))).toEqual([
      { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: `arn:aws:logs:${REGION}:${SENDER}:log-group:*` },
    ]);
  });

  test('a destination that lists the account gets no role', () => {
    const stack = senderStack();
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN) });
    const template = templateOf(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(accountPolicyOf(template).document).toEqual({ DestinationArn: DESTINATION_ARN, FilterPattern: '' });
  });

  test('a senderRole of your own is named in the policy and no role is created', () => {
    const stack = senderStack();
    const senderRole = iam.Role.fromRoleArn(stack, 'Mine', `arn:aws:iam::${SENDER}:role/mine`);
    new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: LogDestination.fromDestinationAttributes(stack, 'Central', { destinationArn: DESTINATION_ARN, senderRole }),
    });
    const template = templateOf(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(accountPolicyOf(template).document.RoleArn).toBe(`arn:aws:iam::${SENDER}:role/mine`);
  });

  test('an owned destination whose final access policy admits an organization gives the policy the role, granted after it', () => {
    const { app, destination } = central({ accountLevelSubscriptions: true, subscriberAccounts: [SENDER] });
    const stack = senderStack(app);
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination });
    destination.grantSubscribeOrganization(ORG);
    const template = templateOf(stack);
    const role = onlyResource(template, 'AWS::IAM::Role');
    expect(accountPolicyOf(template).document).toEqual({ DestinationArn: DESTINATION_ARN, RoleArn: `\${${role.logicalId}.Arn}`, FilterPattern: '' });
    // The policy waits for the destination (a stack dependency across stacks).
    expect(stack.dependencies.map(s => s.stackName)).toEqual(['Central']);
  });

  test('an owned destination that lists accounts only gives no role', () => {
    const { app, destination } = central({ accountLevelSubscriptions: true, subscriberAccounts: [SENDER] });
    const stack = senderStack(app);
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination });
    const template = templateOf(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(accountPolicyOf(template).document).toEqual({ DestinationArn: DESTINATION_ARN, FilterPattern: '' });
  });

  test('the policy and a log-group filter of one stack share the stack\'s one sender role, which covers both', () => {
    const { app, destination } = central({ accountLevelSubscriptions: true, subscriberOrganizationIds: [ORG] });
    const stack = senderStack(app);
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination });
    new logs.LogGroup(stack, 'Audit', { logGroupName: '/app/audit' })
      .addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
    const template = templateOf(stack);
    const role = onlyResource(template, 'AWS::IAM::Role');
    const resources = role.resource.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement).map((s: any) => joinRefs(s.Resource));
    const groupId = onlyResource(template, 'AWS::Logs::LogGroup').logicalId;
    expect(resources).toEqual([`arn:aws:logs:${REGION}:${SENDER}:log-group:*`, `arn:aws:logs:${REGION}:${SENDER}:log-group:\${${groupId}}:*`]);
  });

  test('fails when an owned destination of another account does not allow logs:PutAccountPolicy', () => {
    const { app, destination } = central({ subscriberOrganizationIds: [ORG] });
    const stack = senderStack(app);
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination });
    expectSynthFinding(() => app.synth(), {
      path: 'Sender/AllLogs', property: 'destination', value: '\'Central/Destination\'', fragment: 'account 111111111111 needs logs:PutAccountPolicy',
    });
  });

  test('fails when the destination is in another Region than the policy', () => {
    const stack = senderStack(undefined, 'Sender', 'eu-west-1');
    const destination = LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN);
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'AllLogs', { destination }), {
      path: 'Sender/AllLogs', property: 'destination', fragment: 'policy is in eu-west-1 but the destination is in us-east-1',
    });
  });

  test('distribution is passed for a destination (AWS\'s recipes use it there)', () => {
    const stack = senderStack();
    new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN),
      distribution: logs.Distribution.RANDOM,
      filterPattern: logs.FilterPattern.literal('ERROR'),
    });
    expect(accountPolicyOf(templateOf(stack)).document).toEqual({ DestinationArn: DESTINATION_ARN, FilterPattern: 'ERROR', Distribution: 'Random' });
  });

  test('fails when distribution is given for an owned destination in front of a Firehose stream', () => {
    const app = testApp();
    const recipient = new Stack(app, 'Central', { env: { account: RECIPIENT, region: REGION } });
    const destination = new LogDestination(recipient, 'Destination', {
      target: LogDestinationTarget.fromArn(`arn:aws:firehose:${REGION}:${RECIPIENT}:deliverystream/central`),
      accountLevelSubscriptions: true,
      subscriberAccounts: [SENDER],
    });
    expectLibraryError(() => new AccountSubscriptionFilter(senderStack(app), 'AllLogs', { destination, distribution: logs.Distribution.RANDOM }), {
      path: 'Sender/AllLogs', property: 'distribution', fragment: 'this destination is a destination in front of a Firehose stream',
    });
  });
});

describe('AccountSubscriptionFilter to a target of the same account', () => {
  test('a Kinesis stream gets the role KinesisDestination\'s bind() creates, its trust confined to this account\'s logs in this Region', () => {
    const stack = senderStack();
    const stream = new kinesis.Stream(stack, 'Stream');
    const filter = new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: new destinations.KinesisDestination(stream),
      distribution: logs.Distribution.RANDOM,
    });
    const template = templateOf(stack);
    const role = onlyResource(template, 'AWS::IAM::Role');
    const rolePolicy = onlyResource(template, 'AWS::IAM::Policy');
    const streamId = onlyResource(template, 'AWS::Kinesis::Stream').logicalId;
    expect(stack.resolve(filter.role!.roleArn)).toEqual({ 'Fn::GetAtt': [role.logicalId, 'Arn'] });
    const policy = accountPolicyOf(template);
    expect(policy.document).toEqual({
      DestinationArn: `\${${streamId}.Arn}`, RoleArn: `\${${role.logicalId}.Arn}`, FilterPattern: '', Distribution: 'Random',
    });
    // The policy waits for the role's permissions.
    expect(policy.resource.DependsOn).toEqual([rolePolicy.logicalId]);
    const trust = role.resource.Properties.AssumeRolePolicyDocument.Statement;
    expect(trust.map((s: any) => ({ ...s, Condition: { StringLike: { 'aws:SourceArn': joinLiteral(s.Condition.StringLike['aws:SourceArn']) } } })))
      .toEqual([{
        Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'logs.amazonaws.com' },
        Condition: { StringLike: { 'aws:SourceArn': `arn:aws:logs:${REGION}:${SENDER}:*` } },
      }]);
    // What aws-cdk-lib's KinesisDestination grants its role: stream.grantWrite, and passing itself.
    expect(rolePolicy.resource.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'], Resource: { 'Fn::GetAtt': [streamId, 'Arn'] } },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [role.logicalId, 'Arn'] } },
    ]);
  });

  test('a Kinesis stream with a customer-managed key: the key permissions come from the stream\'s own grant', () => {
    const stack = senderStack();
    const encryptionKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const stream = new kinesis.Stream(stack, 'Stream', { encryption: kinesis.StreamEncryption.KMS, encryptionKey });
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination: new destinations.KinesisDestination(stream) });
    const template = templateOf(stack);
    const keyId = onlyResource(template, 'AWS::KMS::Key').logicalId;
    const statements = onlyResource(template, 'AWS::IAM::Policy').resource.Properties.PolicyDocument.Statement;
    expect(statements[1]).toEqual(
      { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } });
  });

  test('a Firehose stream gets firehose:PutRecord and PutRecordBatch, and its processor Lambda\'s log group is excluded', () => {
    const stack = senderStack();
    const processorFn = lambdaFunction(stack, 'Processor');
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    const stream = new firehose.DeliveryStream(stack, 'Firehose', {
      destination: new firehose.S3Bucket(bucket, {
        processors: [new firehose.LambdaFunctionProcessor(processorFn)],
        loggingConfig: new firehose.DisableLogging(),
      }),
    });
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination: new destinations.FirehoseDestination(stream) });
    const template = Template.fromStack(stack);
    const policy = accountPolicyOf(template);
    const roleId = policy.document.RoleArn.replace(/^\$\{(.*)\.Arn\}$/, '$1');
    expect(template.toJSON().Resources[roleId].Type).toBe('AWS::IAM::Role');
    const rolePolicy = Object.values<any>(template.findResources('AWS::IAM::Policy')).find(p => p.Properties.Roles[0].Ref === roleId);
    expect(rolePolicy.Properties.PolicyDocument.Statement).toEqual([{
      Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Firehose/), 'Arn'] },
    }]);
    const processorId = Object.keys(template.findResources('AWS::Lambda::Function'))[0];
    // The processor's function name, read from the function the processor's ARN refers to.
    expect(policy.properties.SelectionCriteria).toEqual({
      'Fn::Join': ['', ['LogGroupName NOT IN ["/aws/lambda/', { Ref: processorId }, '"]']],
    });
  });

  test('a Firehose stream that logs its errors to CloudWatch Logs has that log group excluded', () => {
    const stack = senderStack();
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    const errorLogs = new logs.LogGroup(stack, 'FirehoseErrors', { logGroupName: '/firehose/errors' });
    const stream = new firehose.DeliveryStream(stack, 'Firehose', {
      destination: new firehose.S3Bucket(bucket, { loggingConfig: new firehose.EnableLogging(errorLogs) }),
    });
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination: new destinations.FirehoseDestination(stream) });
    const criteria = accountPolicyOf(Template.fromStack(stack)).properties.SelectionCriteria;
    expect(joinRefs(criteria)).toMatch(/^LogGroupName NOT IN \["\$\{FirehoseErrors[0-9A-F]+\}"(, "\$\{FirehoseErrors[0-9A-F]+\}")*\]$/);
  });

  test('fails when distribution is given for a Firehose stream', () => {
    const stack = senderStack();
    const stream = firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Firehose', `arn:aws:firehose:${REGION}:${SENDER}:deliverystream/app`);
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: new destinations.FirehoseDestination(stream), distribution: logs.Distribution.BY_LOG_STREAM,
    }), { path: 'Sender/AllLogs', property: 'distribution', value: '\'ByLogStream\'', fragment: 'this destination is a Firehose stream' });
  });

  test('a Lambda function gets LambdaDestination\'s permission for any log group of the account, and its log groups are excluded', () => {
    const stack = senderStack();
    const customLogs = new logs.LogGroup(stack, 'FnLogs', { logGroupName: '/app/forwarder' });
    const fn = lambdaFunction(stack, 'Forwarder', { logGroup: customLogs });
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination: new destinations.LambdaDestination(fn), excludeLogGroups: ['/aws/noisy'] });
    const template = templateOf(stack);
    const permission = onlyResource(template, 'AWS::Lambda::Permission');
    const fnId = Object.keys(template.findResources('AWS::Lambda::Function'))[0];
    expect({ ...permission.resource.Properties, SourceArn: joinLiteral(permission.resource.Properties.SourceArn) }).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'logs.amazonaws.com',
      SourceArn: `arn:aws:logs:${REGION}:${SENDER}:log-group:*`,
    });
    const policy = accountPolicyOf(template);
    expect(policy.document).toEqual({ DestinationArn: `\${${fnId}.Arn}`, FilterPattern: '' });
    expect(policy.resource.DependsOn).toEqual([permission.logicalId]);
    expect(joinRefs(policy.properties.SelectionCriteria))
      .toBe(`LogGroupName NOT IN ["/aws/lambda/\${${fnId}}", "\${${Object.keys(template.findResources('AWS::Logs::LogGroup'))[0]}}", "/aws/noisy"]`);
  });

  test('a LambdaDestination with addPermissions false gets no permission', () => {
    const stack = senderStack();
    const fn = lambdaFunction(stack);
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination: new destinations.LambdaDestination(fn, { addPermissions: false }) });
    templateOf(stack).resourceCountIs('AWS::Lambda::Permission', 0);
  });

  test('fails when distribution is given for a Lambda function', () => {
    const stack = senderStack();
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: new destinations.LambdaDestination(lambdaFunction(stack)), distribution: logs.Distribution.RANDOM,
    }), { path: 'Sender/AllLogs', property: 'distribution', fragment: 'this destination is a Lambda function' });
  });

  test('fails when the stream is in another account', () => {
    const stack = senderStack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'Stream', `arn:aws:kinesis:${REGION}:${RECIPIENT}:stream/central`);
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'AllLogs', { destination: new destinations.KinesisDestination(stream) }), {
      path: 'Sender/AllLogs', property: 'destination', value: `'arn:aws:kinesis:us-east-1:${RECIPIENT}:stream/central'`,
      fragment: `in account ${RECIPIENT} and the policy in account ${SENDER}`,
    });
  });

  test('any other destination is bound for a log group standing for every log group of the account', () => {
    const stack = senderStack();
    const seen: string[] = [];
    const custom: logs.ILogSubscriptionDestination = {
      bind: (_scope, logGroup) => {
        seen.push(joinLiteral(stack.resolve(logGroup.logGroupRef.logGroupArn)), logGroup.logGroupRef.logGroupName);
        return { arn: `arn:aws:kinesis:${REGION}:${SENDER}:stream/custom` };
      },
    };
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination: custom });
    expect(seen).toEqual([`arn:aws:logs:${REGION}:${SENDER}:log-group:*`, '*']);
    expect(accountPolicyOf(templateOf(stack)).document).toEqual({ DestinationArn: `arn:aws:kinesis:${REGION}:${SENDER}:stream/custom`, FilterPattern: '' });
  });
});

describe('AccountSubscriptionFilter: selection criteria, names and the one-per-environment rule', () => {
  test('excludeLogGroups and excludeLogGroup render LogGroupName NOT IN [...], without duplicates', () => {
    const stack = senderStack();
    const filter = new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN), excludeLogGroups: ['/aws/lambda/noisy', 'LogGroupToExclude2'],
    });
    filter.excludeLogGroup('/aws/lambda/noisy');
    filter.excludeLogGroup('/aws/vpc/flow-logs');
    expect(accountPolicyOf(templateOf(stack)).properties.SelectionCriteria)
      .toBe('LogGroupName NOT IN ["/aws/lambda/noisy", "LogGroupToExclude2", "/aws/vpc/flow-logs"]');
    expect(filter.excludedLogGroups).toEqual(['/aws/lambda/noisy', 'LogGroupToExclude2', '/aws/vpc/flow-logs']);
  });

  test('fails when the selection criteria are over 25 KB', () => {
    const stack = senderStack();
    new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN),
      // 52 names of 496 characters: 21 + 52 × 498 + 51 × 2 + 1 = 26,020 bytes.
      excludeLogGroups: Array.from({ length: 52 }, (_, i) => `/aws/lambda/${String(i).padStart(3, '0')}-${'x'.repeat(480)}`),
    });
    expectSynthFinding(() => templateOf(stack), { path: 'Sender/AllLogs', property: 'excludeLogGroups', fragment: 'about 26020 bytes' });
  });

  /** A sender stack whose policy excludes names filling its `SelectionCriteria` to exactly `bytes` bytes. */
  function filterOfCriteriaBytes(bytes: number): Stack {
    const stack = senderStack();
    const prefix = 'LogGroupName NOT IN [""]'.length;
    const filter = new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN),
      excludeLogGroups: ['a'.repeat(512)],
    });
    // Fill up to `bytes` with 512-character names, each costing 4 more bytes (`, ""`), then one shorter name.
    let size = prefix + 512;
    let i = 0;
    while (size + 4 + 512 <= bytes) {
      filter.excludeLogGroup(`${String(i++).padStart(4, '0')}${'b'.repeat(508)}`);
      size += 516;
    }
    filter.excludeLogGroup('c'.repeat(bytes - size - 4));
    return stack;
  }

  test('fails when the selection criteria are one byte over 25,000, the safe reading of 25 KB', () => {
    const stack = filterOfCriteriaBytes(25_001);
    expectSynthFinding(() => templateOf(stack), { path: 'Sender/AllLogs', property: 'excludeLogGroups', fragment: 'about 25001 bytes' });
  });

  test('selection criteria of exactly 25,000 bytes pass', () => {
    const stack = filterOfCriteriaBytes(AccountSubscriptionFilter.SELECTION_CRITERIA_MAX_BYTES);
    expect(Buffer.byteLength(accountPolicyOf(templateOf(stack)).properties.SelectionCriteria)).toBe(25_000);
    expect(AccountSubscriptionFilter.SELECTION_CRITERIA_MAX_BYTES).toBe(25_000);
  });

  test('fails when an excluded log group name is not a log group name', () => {
    const stack = senderStack();
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN), excludeLogGroups: ['/aws/lambda/*'],
    }), { path: 'Sender/AllLogs', property: 'excludeLogGroups', value: '\'/aws/lambda/*\'', fragment: 'one of . - _ / #' });
  });

  test('fails when policyName has a colon', () => {
    const stack = senderStack();
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN), policyName: 'all:logs',
    }), { path: 'Sender/AllLogs', property: 'policyName', fragment: '1 to 256 characters' });
  });

  test('the default policy name does not follow the construct path: moving or renaming the construct keeps it', () => {
    const names = ['AllLogs', 'Renamed'].map(id => {
      const stack = senderStack();
      const scope = id === 'Renamed' ? new Construct(stack, 'Moved') : stack;
      const filter = new AccountSubscriptionFilter(scope, id, { destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN) });
      expect(filter.policyName).toBe(AccountSubscriptionFilter.DEFAULT_POLICY_NAME);
      return accountPolicyOf(templateOf(stack)).properties.PolicyName;
    });
    expect(names).toEqual(['cdk-log-destinations-subscription-filter', 'cdk-log-destinations-subscription-filter']);
  });

  test('policyName is used as given', () => {
    const stack = senderStack();
    const filter = new AccountSubscriptionFilter(stack, 'AllLogs', {
      destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN), policyName: 'all-log-groups',
    });
    expect(filter.policyName).toBe('all-log-groups');
    expect(accountPolicyOf(templateOf(stack)).properties.PolicyName).toBe('all-log-groups');
  });

  test('throws when two account-level policies are created in one stack', () => {
    const stack = senderStack();
    const destination = LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN);
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination });
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'MoreLogs', { destination }), {
      path: 'Sender/MoreLogs', property: 'scope', fragment: 'account 111111111111 in us-east-1 has an account-level subscription filter policy already (Sender/AllLogs)',
    });
  });

  test('throws when two stacks of the app put an account-level policy in one account and Region', () => {
    const app = testApp();
    const first = senderStack(app, 'First');
    new AccountSubscriptionFilter(first, 'AllLogs', { destination: LogDestination.fromDestinationArn(first, 'Central', DESTINATION_ARN) });
    const second = senderStack(app, 'Second');
    expectLibraryError(() => new AccountSubscriptionFilter(second, 'AllLogs', {
      destination: LogDestination.fromDestinationArn(second, 'Central', DESTINATION_ARN),
    }), { path: 'Second/AllLogs', property: 'scope', fragment: 'already (First/AllLogs)' });
  });

  test('throws when an environment-agnostic stack gets two account-level policies', () => {
    const stack = new Stack(testApp(), 'Agnostic');
    const destination = LogDestination.fromDestinationArn(stack, 'Central', `arn:aws:logs:${Aws.REGION}:${RECIPIENT}:destination:central`);
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination });
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'MoreLogs', { destination }), {
      path: 'Agnostic/MoreLogs', property: 'scope', fragment: 'environment-agnostic stack has an account-level subscription filter policy already (Agnostic/AllLogs)',
    });
  });

  test('two Regions of one account each get their policy', () => {
    const app = testApp();
    for (const region of ['us-east-1', 'eu-west-1']) {
      const stack = senderStack(app, `Sender-${region}`, region);
      new AccountSubscriptionFilter(stack, 'AllLogs', {
        destination: LogDestination.fromDestinationArn(stack, 'Central', `arn:aws:logs:${region}:${RECIPIENT}:destination:central`),
      });
    }
    const assembly = app.synth();
    expect(assembly.stacks.map(s => Object.values<any>(s.template.Resources).filter(r => r.Type === 'AWS::Logs::AccountPolicy').length)).toEqual([1, 1]);
  });

  test('fails when the destination ARN names no Region', () => {
    const stack = senderStack();
    const custom: logs.ILogSubscriptionDestination = { bind: () => ({ arn: `arn:aws:logs::${RECIPIENT}:destination:central` }) };
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'AllLogs', { destination: custom }), {
      path: 'Sender/AllLogs', property: 'destination', value: `'arn:aws:logs::${RECIPIENT}:destination:central'`, fragment: 'names no Region',
    });
  });

  test('fails when a same-account stream ARN names no Region', () => {
    const stack = senderStack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'Stream', `arn:aws:kinesis::${SENDER}:stream/app`);
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'AllLogs', { destination: new destinations.KinesisDestination(stream) }), {
      path: 'Sender/AllLogs', property: 'destination', value: `'arn:aws:kinesis::${SENDER}:stream/app'`, fragment: 'names no Region',
    });
  });
});

describe('AccountSubscriptionFilter in a StackSet (account- and Region-agnostic)', () => {
  function stackSetApp() {
    const app = testApp();
    const management = new Stack(app, 'Management', { env: { account: RECIPIENT, region: REGION } });
    const member = new StackSetStack(management, 'AllAccounts');
    const destination = LogDestination.fromDestinationAttributes(member, 'Central', {
      // The destination of the Region each stack instance is deployed to: one of that name in every Region.
      destinationArn: `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${RECIPIENT}:destination:central`,
      organizationAccess: true,
    });
    new AccountSubscriptionFilter(member, 'AllLogs', { destination, excludeLogGroups: ['/aws/lambda/noisy'] });
    new StackSet(management, 'StackSet', {
      target: StackSetTarget.fromOrganizationalUnits({ regions: ['us-east-1', 'eu-west-1'], organizationalUnits: ['ou-abcd-12345678'] }),
      template: StackSetTemplate.fromStackSetStack(member),
      deploymentType: DeploymentType.serviceManaged({ autoDeployEnabled: true }),
      capabilities: [Capability.IAM],
    });
    return { app, management, member };
  }

  test('synthesizes with no account or Region: the ARN uses the deploying Region, the role the deploying account', () => {
    const { app, member } = stackSetApp();
    const templatePath = path.join(app.synth().directory, member.templateFile);
    expect(validateTemplateFile(templatePath)).toEqual([]);
    const template = Template.fromJSON(JSON.parse(fs.readFileSync(templatePath, 'utf8')));
    const policy = onlyResource(template, 'AWS::Logs::AccountPolicy').resource.Properties;
    const role = onlyResource(template, 'AWS::IAM::Role');
    expect(JSON.parse(joinRefs(policy.PolicyDocument))).toEqual({
      DestinationArn: `arn:aws:logs:\${AWS::Region}:${RECIPIENT}:destination:central`,
      RoleArn: `\${${role.logicalId}.Arn}`,
      FilterPattern: '',
    });
    expect(policy.SelectionCriteria).toBe('LogGroupName NOT IN ["/aws/lambda/noisy"]');
    const resources = role.resource.Properties.Policies[0].PolicyDocument.Statement.map((s: any) => joinRefs(s.Resource));
    expect(resources).toEqual(['arn:aws:logs:${AWS::Region}:${AWS::AccountId}:log-group:*']);
  });

  test('fails when the destination is owned in an environment-agnostic stack, whose outputs a StackSet cannot import', () => {
    const app = testApp();
    const agnostic = new Stack(app, 'Central');
    const destination = new LogDestination(agnostic, 'Destination', {
      target: LogDestinationTarget.kinesisStream(new kinesis.Stream(agnostic, 'Stream')), accountLevelSubscriptions: true, subscriberOrganizationIds: [ORG],
    });
    const member = new StackSetStack(new Stack(app, 'Management'), 'AllAccounts');
    expectLibraryError(() => new AccountSubscriptionFilter(member, 'AllLogs', { destination }), {
      path: 'Management/AllAccounts/AllLogs', property: 'destination', fragment: 'in an environment-agnostic stack and the subscription in a StackSet template',
    });
  });

  test('warns when a Region-agnostic stack names a destination of one Region', () => {
    const { app, destination } = central({ accountLevelSubscriptions: true, subscriberOrganizationIds: [ORG] });
    const member = new StackSetStack(new Stack(app, 'Management', { env: { account: RECIPIENT, region: REGION } }), 'AllAccounts');
    new AccountSubscriptionFilter(member, 'AllLogs', { destination });
    const warnings = member.node.findChild('AllLogs').node.metadata.filter(m => m.type === 'aws:cdk:warning').map(m => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/^The destination is in us-east-1 and this stack is Region-agnostic: the policy works only where the stack is deployed to us-east-1.*Aws.REGION\. \[ack: cdk-log-destinations:destination-region-fixed\]$/)]);
  });

  test('the management stack deploys the template to the OUs with automatic deployment', () => {
    const { management } = stackSetApp();
    const stackSet = onlyResource(templateOf(management), 'AWS::CloudFormation::StackSet').resource.Properties;
    expect(stackSet.PermissionModel).toBe('SERVICE_MANAGED');
    // The template creates the sender role.
    expect(stackSet.Capabilities).toEqual(['CAPABILITY_IAM']);
    expect(stackSet.AutoDeployment).toEqual({ Enabled: true, RetainStacksOnAccountRemoval: true });
    expect(stackSet.StackInstancesGroup).toEqual([{
      DeploymentTargets: { AccountFilterType: 'NONE', OrganizationalUnitIds: ['ou-abcd-12345678'] }, Regions: ['us-east-1', 'eu-west-1'],
    }]);
  });
});

describe('SubscriptionFilterChain', () => {
  function stackWithFilters(count: number): Stack {
    const stack = senderStack();
    const destination = LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN);
    for (let i = 0; i < count; i++) {
      new logs.LogGroup(stack, `Group${i}`).addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
    }
    return stack;
  }

  function dependsOnByFilter(stack: Stack): Array<string[] | undefined> {
    const filters = Template.fromStack(stack).findResources('AWS::Logs::SubscriptionFilter');
    const ids = Object.keys(filters);
    return ids.map(id => filters[id].DependsOn?.map((d: string) => ids.indexOf(d).toString()));
  }

  test('without it, filters are created all at once', () => {
    expect(dependsOnByFilter(stackWithFilters(3))).toEqual([undefined, undefined, undefined]);
  });

  test('chains every filter of a stack after the previous one', () => {
    const stack = stackWithFilters(4);
    Aspects.of(stack).add(new SubscriptionFilterChain());
    expect(dependsOnByFilter(stack)).toEqual([undefined, ['0'], ['1'], ['2']]);
  });

  test('with concurrency 2, each filter waits for the one two places before it', () => {
    const stack = stackWithFilters(5);
    Aspects.of(stack.node.root).add(new SubscriptionFilterChain({ concurrency: 2 }));
    expect(dependsOnByFilter(stack)).toEqual([undefined, undefined, ['0'], ['1'], ['2']]);
  });

  test.each([[0], [1.5], [-2], [Number.NaN]])('throws when it is constructed with concurrency %p, not a whole number of at least 1', concurrency => {
    expectLibraryError(() => new SubscriptionFilterChain({ concurrency }), {
      path: 'new SubscriptionFilterChain()', property: 'concurrency', fragment: 'at least 1',
    });
  });

  test('throws when it is constructed with concurrency \'2\', a string (a JavaScript caller)', () => {
    expectLibraryError(() => new SubscriptionFilterChain({ concurrency: '2' as unknown as number }), {
      path: 'new SubscriptionFilterChain()', property: 'concurrency', value: '\'2\'', fragment: 'a number',
    });
  });
});

describe('Every Region: fan-in to the home Region\'s stream', () => {
  const HOME_STREAM = `arn:aws:kinesis:${REGION}:${RECIPIENT}:stream/central`;
  const HOME_KEY = `arn:aws:kms:${REGION}:${RECIPIENT}:key/11111111-2222-3333-4444-555555555555`;

  test('a destination of one name per Region, each in front of the home stream, with the key grant', () => {
    const app = testApp();
    const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
    const stacks = regions.map(region => {
      const stack = new Stack(app, `Central-${region}`, { env: { account: RECIPIENT, region } });
      new LogDestination(stack, 'Destination', {
        destinationName: 'central',
        target: LogDestinationTarget.fromArn(HOME_STREAM, { encryptionKey: kms.Key.fromKeyArn(stack, 'HomeKey', HOME_KEY) }),
        subscriberOrganizationIds: [ORG],
        accountLevelSubscriptions: true,
      });
      return stack;
    });
    for (const [i, stack] of stacks.entries()) {
      const template = templateOf(stack);
      expect(onlyResource(template, 'AWS::Logs::Destination').resource.Properties).toMatchObject({ DestinationName: 'central', TargetArn: HOME_STREAM });
      expect(onlyResource(template, 'AWS::IAM::Role').resource.Properties.Policies[0].PolicyDocument.Statement).toEqual([
        { Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: HOME_STREAM },
        { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: HOME_KEY },
      ]);
      expect(onlyResource(template, 'AWS::IAM::Role').resource.Properties.AssumeRolePolicyDocument.Statement[0]
        .Condition.StringLike['aws:SourceArn'].map(joinLiteral)).toEqual([`arn:aws:logs:${regions[i]}:${RECIPIENT}:*`]);
    }
  });

  test('a sender stack per Region names the destination of its Region', () => {
    const app = testApp();
    const regions = ['us-east-1', 'eu-west-1'];
    const stacks = regions.map(region => {
      const stack = senderStack(app, `Sender-${region}`, region);
      new AccountSubscriptionFilter(stack, 'AllLogs', {
        destination: LogDestination.fromDestinationAttributes(stack, 'Central', {
          destinationArn: stack.formatArn({ service: 'logs', account: RECIPIENT, resource: 'destination', resourceName: 'central', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          organizationAccess: true,
        }),
      });
      return stack;
    });
    expect(stacks.map(stack => accountPolicyOf(templateOf(stack)).document.DestinationArn))
      .toEqual(regions.map(region => `arn:aws:logs:${region}:${RECIPIENT}:destination:central`));
  });
});

describe('LogDestination accountLevelSubscriptions', () => {
  test('adds logs:PutAccountPolicy to every grant statement', () => {
    const { stack, destination } = central({ accountLevelSubscriptions: true, subscriberAccounts: [SENDER], subscriberOrganizationIds: [ORG] });
    destination.grantSubscribe('222222222222');
    const policy = JSON.parse(joinLiteral(onlyResource(templateOf(stack), 'AWS::Logs::Destination').resource.Properties.DestinationPolicy));
    expect(policy.Statement.map((s: any) => s.Action)).toEqual([
      ['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy'], ['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy'],
    ]);
  });

  test('is off by default: logs:PutSubscriptionFilter only', () => {
    const { stack } = central({ subscriberAccounts: [SENDER], subscriberOrganizationIds: [ORG] });
    const policy = JSON.parse(joinLiteral(onlyResource(templateOf(stack), 'AWS::Logs::Destination').resource.Properties.DestinationPolicy));
    expect(policy.Statement.map((s: any) => s.Action)).toEqual(['logs:PutSubscriptionFilter', 'logs:PutSubscriptionFilter']);
  });

  test('the filter pattern is rendered as CloudWatch Logs reads it', () => {
    const { app, destination } = central({ accountLevelSubscriptions: true, subscriberOrganizationIds: [ORG] });
    const stack = senderStack(app);
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination, filterPattern: logs.FilterPattern.stringValue('$.level', '=', 'ERROR') });
    expect(accountPolicyOf(templateOf(stack)).document.FilterPattern).toBe('{ $.level = "ERROR" }');
  });
});
