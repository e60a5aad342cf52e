/**
 * The app shapes platform teams build around one destination: many sender stacks, grants made after the
 * filters, wrapped principals, environment-agnostic stacks, targets in other stacks and Regions.
 * Every template goes through CloudFormation Validate (`templateOf`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Annotations as AssertAnnotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as destinations from 'aws-cdk-lib/aws-logs-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  Annotations, App, AspectPriority, Aspects, Aws, CfnElement, CfnOutput, CfnParameter, CfnResource, Fn, IAspect, Lazy, NestedStack, PhysicalName,
  Stack, Stage, Validations,
} from 'aws-cdk-lib/core';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { Capability, DeploymentType, StackSet, StackSetStack, StackSetTarget, StackSetTemplate } from 'cdk-stacksets';
import { Construct, IConstruct } from 'constructs';
import {
  AccountSubscriptionFilter, DeliveryDestination, DeliveryDestinationTarget, DeliveryDestinationType, DeliverySource, LogDestination,
  LogDestinationsError, LogDestinationTarget, OrganizationTrust, SubscriptionFilterChain,
} from '../lib';
import { validateTemplateFile } from './support/cloudformation-validate';
import { expectLibraryError, expectSynthFinding, ExpectedError } from './support/errors';
import { joinLiteral, joinRefs, literalRefs, onlyResource, OTHER_SENDER, RECIPIENT, SENDER, templateOf, testApp } from './util';

const ORG = 'o-a1b2c3d4e5';
const REGION = 'us-east-1';

function recipientApp(props: Partial<ConstructorParameters<typeof LogDestination>[2]> = {}, region = REGION) {
  const app = testApp();
  const recipient = new Stack(app, 'Recipient', { env: { account: RECIPIENT, region } });
  const stream = new kinesis.Stream(recipient, 'Stream');
  const destination = new LogDestination(recipient, 'Central', {
    target: LogDestinationTarget.kinesisStream(stream),
    destinationName: 'central-logs',
    ...props,
  });
  return { app, recipient, stream, destination };
}

function senderStack(app: Construct, id: string, account = SENDER, region = REGION): Stack {
  return new Stack(app, id, { env: { account, region } });
}

function subscribe(stack: Stack, destination: logs.ILogSubscriptionDestination, id = 'Logs', logGroupName?: string): logs.LogGroup {
  const logGroup = new logs.LogGroup(stack, id, { logGroupName });
  logGroup.addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
  return logGroup;
}

function roles(template: Template): Record<string, any> {
  return template.findResources('AWS::IAM::Role');
}

function filterRoleArns(template: Template): unknown[] {
  return Object.values<any>(template.findResources('AWS::Logs::SubscriptionFilter')).map(f => f.Properties.RoleArn);
}

/** The one role of a sender stack and the log-group ARNs its permissions name. */
function senderRoleOf(template: Template): { id: string; trust: any; logGroupArns: string[] } {
  const found = Object.entries(roles(template));
  expect(found).toHaveLength(1);
  const [id, role] = found[0];
  const statements = role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
  for (const statement of statements) {
    expect(statement.Action).toBe('logs:PutLogEvents');
  }
  return {
    id,
    trust: role.Properties.AssumeRolePolicyDocument.Statement,
    logGroupArns: statements.flatMap((s: any) => [s.Resource].flat()).map(joinRefs),
  };
}

/** How the sender role names the log group called `name` of `template`: its ARN with the log group's `Ref`. */
function logGroupArn(template: Template, account: string, name: string): string {
  const found = Object.entries<any>(template.findResources('AWS::Logs::LogGroup')).filter(([, r]) => r.Properties.LogGroupName === name);
  expect(found).toHaveLength(1);
  return `arn:aws:logs:${REGION}:${account}:log-group:\${${found[0][0]}}:*`;
}

function trustStatementsOf(template: Template): any[] {
  const found = Object.values<any>(roles(template));
  expect(found).toHaveLength(1);
  return found[0].Properties.AssumeRolePolicyDocument.Statement;
}

function accessPolicy(template: Template): any {
  const destination = Object.values<any>(template.findResources('AWS::Logs::Destination'))[0];
  const policy = destination.Properties.DestinationPolicy;
  return policy === undefined ? undefined : JSON.parse(joinLiteral(policy));
}

/** A Lambda function whose template CloudFormation Validate accepts (no redundant DependsOn on its role). */
function lambdaFunction(scope: Construct, id: string, props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  const fn = new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = () => {}'), ...props,
  });
  (fn.node.defaultChild as CfnResource).addOverride('DependsOn', undefined);
  return fn;
}

/** A Direct PUT Firehose stream into a bucket, with a processor Lambda and error logging to `/firehose/errors`. */
function firehoseWithPipeline(scope: Construct): { stream: firehose.DeliveryStream; processor: lambda.Function; errors: logs.LogGroup } {
  const processor = lambdaFunction(scope, 'Processor');
  const errors = new logs.LogGroup(scope, 'FirehoseErrors', { logGroupName: '/firehose/errors' });
  const stream = new firehose.DeliveryStream(scope, 'Firehose', {
    destination: new firehose.S3Bucket(new s3.Bucket(scope, 'Archive', { enforceSSL: true }), {
      processors: [new firehose.LambdaFunctionProcessor(processor)],
      loggingConfig: new firehose.EnableLogging(errors),
    }),
  });
  return { stream, processor, errors };
}

/** The account policy of a template: its selection criteria with references written `${LogicalId}`, and its document parsed. */
function accountPolicy(template: Template): { criteria: string | undefined; document: any } {
  const found = Object.values<any>(template.findResources('AWS::Logs::AccountPolicy'));
  expect(found).toHaveLength(1);
  const { SelectionCriteria: criteria, PolicyDocument: document } = found[0].Properties;
  return {
    criteria: criteria === undefined ? undefined : joinRefs(criteria),
    document: JSON.parse(typeof document === 'string' ? document : joinRefs(document)),
  };
}

/** The classes of aws-cdk-lib/aws-logs-destinations as a second copy of aws-cdk-lib in the app has them (a fresh module registry). */
function secondCopyOfLogsDestinations(): typeof destinations {
  let copy: typeof destinations | undefined;
  jest.isolateModules(() => {
    // aws-cdk-lib loads its classes on first access: read them while the isolated registry is in force.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded: typeof destinations = require('aws-cdk-lib/aws-logs-destinations');
    copy = { KinesisDestination: loaded.KinesisDestination, FirehoseDestination: loaded.FirehoseDestination,
      LambdaDestination: loaded.LambdaDestination } as typeof destinations;
  });
  expect(copy!.KinesisDestination).not.toBe(destinations.KinesisDestination);
  return copy!;
}

describe('account-level policies: the target is read through its public bind() and the construct tree', () => {
  const targets: Array<[string, (lib: typeof destinations, stack: Stack) => logs.ILogSubscriptionDestination]> = [
    ['KinesisDestination', (lib, stack) => new lib.KinesisDestination(new kinesis.Stream(stack, 'Stream'))],
    ['FirehoseDestination', (lib, stack) => new lib.FirehoseDestination(firehoseWithPipeline(stack).stream)],
    ['LambdaDestination', (lib, stack) => new lib.LambdaDestination(lambdaFunction(stack, 'Forwarder'))],
  ];
  test.each(targets)('a %s of a second copy of aws-cdk-lib gets what one of the app\'s own copy gets', (_name, make) => {
    const templates = [destinations, secondCopyOfLogsDestinations()].map(lib => {
      const stack = senderStack(testApp(), 'Sender');
      new AccountSubscriptionFilter(stack, 'AllLogGroups', { destination: make(lib, stack) });
      return templateOf(stack).toJSON();
    });
    expect(templates[1]).toEqual(templates[0]);
  });

  test('a Firehose target: bind()\'s role with the recipe\'s trust, and the pipeline\'s own log groups excluded', () => {
    const stack = senderStack(testApp(), 'Sender');
    const { stream } = firehoseWithPipeline(stack);
    new AccountSubscriptionFilter(stack, 'AllLogGroups', { destination: new destinations.FirehoseDestination(stream) });
    const template = templateOf(stack);
    const ids = (type: string) => Object.keys(template.findResources(type));
    const [streamId] = ids('AWS::KinesisFirehose::DeliveryStream');
    const roleId = ids('AWS::IAM::Role').find(id => id.startsWith('AllLogGroups'))!;
    const [processorId] = ids('AWS::Lambda::Function');
    const [errorsId] = ids('AWS::Logs::LogGroup');
    expect(accountPolicy(template)).toEqual({
      document: { DestinationArn: `\${${streamId}.Arn}`, RoleArn: `\${${roleId}.Arn}`, FilterPattern: '' },
      criteria: `LogGroupName NOT IN ["\${${errorsId}}", "/aws/lambda/\${${processorId}}"]`,
    });
    expect(template.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument.Statement.map((s: any) => joinRefs(s.Condition.StringLike['aws:SourceArn'])))
      .toEqual([`arn:aws:logs:${REGION}:${SENDER}:*`]);
  });
});

describe('account-level policies to a Lambda alias or version', () => {
  test('an alias: the exclusion is the function\'s own log group, /aws/lambda/<function name>, without the qualifier', () => {
    const stack = senderStack(testApp(), 'Sender');
    const fn = lambdaFunction(stack, 'Forwarder');
    const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    new AccountSubscriptionFilter(stack, 'AllLogGroups', { destination: new destinations.LambdaDestination(alias) });
    const template = templateOf(stack);
    const [fnId] = Object.keys(template.findResources('AWS::Lambda::Function'));
    const [aliasId] = Object.keys(template.findResources('AWS::Lambda::Alias'));
    expect(accountPolicy(template)).toEqual({
      document: { DestinationArn: `\${${aliasId}}`, FilterPattern: '' },
      criteria: `LogGroupName NOT IN ["/aws/lambda/\${${fnId}}"]`,
    });
  });

  test('a version: the same exclusion', () => {
    const stack = senderStack(testApp(), 'Sender');
    const fn = lambdaFunction(stack, 'Forwarder');
    new AccountSubscriptionFilter(stack, 'AllLogGroups', { destination: new destinations.LambdaDestination(fn.currentVersion) });
    const template = templateOf(stack);
    const [fnId] = Object.keys(template.findResources('AWS::Lambda::Function'));
    expect(accountPolicy(template).criteria).toBe(`LogGroupName NOT IN ["/aws/lambda/\${${fnId}}"]`);
  });

  test('an imported alias ARN: the function name without the qualifier', () => {
    const stack = senderStack(testApp(), 'Sender');
    const alias = lambda.Function.fromFunctionAttributes(stack, 'Live', {
      functionArn: `arn:aws:lambda:${REGION}:${SENDER}:function:forwarder:live`, sameEnvironment: true,
    });
    new AccountSubscriptionFilter(stack, 'AllLogGroups', { destination: new destinations.LambdaDestination(alias) });
    expect(accountPolicy(templateOf(stack)).criteria).toBe('LogGroupName NOT IN ["/aws/lambda/forwarder"]');
  });
});

describe('an account-level policy in the account that owns its destination', () => {
  test('excludes the destination\'s own pipeline log groups (a Firehose processor\'s, its error logging)', () => {
    const app = testApp();
    const archive = senderStack(app, 'LogArchive', RECIPIENT);
    const { stream } = firehoseWithPipeline(archive);
    const destination = new LogDestination(archive, 'Central', {
      target: LogDestinationTarget.firehose(stream), destinationName: 'central-logs', subscriberOrganizationIds: [ORG], accountLevelSubscriptions: true,
    });
    // The log-archive account's own log groups, and a member account's.
    const own = senderStack(app, 'LogArchiveLogGroups', RECIPIENT);
    new AccountSubscriptionFilter(own, 'AllLogGroups', { destination });
    const member = senderStack(app, 'Member', SENDER);
    new AccountSubscriptionFilter(member, 'AllLogGroups', { destination });

    const archiveTemplate = templateOf(archive);
    const [processorId] = Object.keys(archiveTemplate.findResources('AWS::Lambda::Function'));
    const [errorsId] = Object.keys(archiveTemplate.findResources('AWS::Logs::LogGroup'));
    const criteria = accountPolicy(templateOf(own)).criteria!;
    // Across stacks, the names come through the archive stack's exports.
    const imported = (id: string) => `\\{"Fn::ImportValue":"LogArchive:ExportsOutputRef${id}[0-9A-F]{8}"\\}`;
    expect(criteria).toMatch(new RegExp(`^LogGroupName NOT IN \\["${imported(errorsId)}", "/aws/lambda/${imported(processorId)}"\\]$`));
    expect(accountPolicy(templateOf(member)).criteria).toBeUndefined();
  });

  test('an imported destination of the policy\'s own account gets a warning: its pipeline cannot be seen', () => {
    const stack = senderStack(testApp(), 'LogArchive', RECIPIENT);
    new AccountSubscriptionFilter(stack, 'AllLogGroups', {
      destination: LogDestination.fromDestinationArn(stack, 'Central', `arn:${Aws.PARTITION}:logs:${REGION}:${RECIPIENT}:destination:central-logs`),
    });
    // The partition token prints as the reference it is.
    expect(AssertAnnotations.fromStack(stack).findWarning('/LogArchive/AllLogGroups', Match.stringLikeRegexp(
      `^The destination arn:\\$\\{AWS::Partition\\}:logs:${REGION}:${RECIPIENT}:destination:central-logs is in this policy's account ${RECIPIENT}.*excludeLogGroups`,
    ))).toHaveLength(1);
  });
});

describe('a log group subscribed twice to one destination', () => {
  const ARN = `arn:aws:logs:${REGION}:${RECIPIENT}:destination:central-logs`;

  test('warns naming the log group\'s filter and the account-level policy, for filters of any stack of the environment', () => {
    const app = testApp();
    const platform = senderStack(app, 'Platform');
    const policy = new AccountSubscriptionFilter(platform, 'AllLogGroups', {
      destination: LogDestination.fromDestinationArn(platform, 'Central', ARN), excludeLogGroups: ['/app/excluded'],
    });
    // Subscribed twice: a filter in the policy's stack, and one in another stack of the same account and Region.
    subscribe(platform, LogDestination.fromDestinationArn(platform, 'Again', ARN), 'Audit', '/app/audit');
    const service = senderStack(app, 'Service');
    subscribe(service, LogDestination.fromDestinationArn(service, 'Central', ARN), 'Logs', '/app/service');
    // Not twice: an excluded log group, a filter to another destination, a stack of another Region or account.
    subscribe(service, LogDestination.fromDestinationArn(service, 'Same', ARN), 'Excluded', '/app/excluded');
    subscribe(service, LogDestination.fromDestinationArn(service, 'Other', `${ARN}-other`), 'Elsewhere', '/app/elsewhere');
    const west = senderStack(app, 'West', SENDER, 'us-west-2');
    subscribe(west, LogDestination.fromDestinationArn(west, 'Central', ARN.replace(REGION, 'us-west-2')), 'Logs', '/app/west');
    const otherAccount = senderStack(app, 'OtherAccount', OTHER_SENDER);
    subscribe(otherAccount, LogDestination.fromDestinationArn(otherAccount, 'Central', ARN), 'Logs', '/app/other');

    expect(AssertAnnotations.fromStack(platform).findWarning('*', Match.anyValue()).map(w => w.entry.data)).toEqual([
      'The log group /app/audit has its own subscription filter (Platform/Audit/ToCentral) to '
      + `${ARN}, and this account-level policy (Platform/AllLogGroups) subscribes it to the same destination: CloudWatch Logs `
      + 'delivers its events twice. Exclude it from the policy (excludeLogGroups: [\'/app/audit\']), or remove the filter. '
      + '[ack: cdk-log-destinations:delivered-twice]',
      'The log group /app/service has its own subscription filter (Service/Logs/ToCentral) to '
      + `${ARN}, and this account-level policy (Platform/AllLogGroups) subscribes it to the same destination: CloudWatch Logs `
      + 'delivers its events twice. Exclude it from the policy (excludeLogGroups: [\'/app/service\']), or remove the filter. '
      + '[ack: cdk-log-destinations:delivered-twice]',
    ]);
    expect(policy.excludedLogGroups).toEqual(['/app/excluded']);
  });

  test('an owned destination and a log group of its stack\'s environment: the generated log group name is matched by reference', () => {
    const { app, destination } = recipientApp({ subscriberOrganizationIds: [ORG], accountLevelSubscriptions: true });
    const sender = senderStack(app, 'Sender');
    const policy = new AccountSubscriptionFilter(sender, 'AllLogGroups', { destination });
    const twice = subscribe(sender, destination, 'Twice');
    const excluded = subscribe(sender, destination, 'Excluded');
    policy.excludeLogGroup(excluded.logGroupName);
    const warnings = AssertAnnotations.fromStack(sender).findWarning('*', Match.stringLikeRegexp('delivers its events twice'));
    expect(warnings.map(w => w.entry.data)).toEqual([expect.stringMatching(
      new RegExp(`^The log group \\$\\{${Stack.of(twice).getLogicalId(twice.node.defaultChild as CfnResource)}\\} has its own subscription filter \\(Sender/Twice/ToCentral\\)`))]);
  });
});

describe('stacks of other Regions and Region-agnostic senders', () => {
  test('an unnamed stream and key of another Region work when the stacks set crossRegionReferences', () => {
    const app = testApp();
    const home = new Stack(app, 'Home', { env: { account: RECIPIENT, region: 'eu-west-1' }, crossRegionReferences: true });
    const key = new kms.Key(home, 'Key', { enableKeyRotation: true });
    const stream = new kinesis.Stream(home, 'Stream', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: key });
    const recipient = new Stack(app, 'Recipient', { env: { account: RECIPIENT, region: REGION }, crossRegionReferences: true });
    new LogDestination(recipient, 'Central', { target: LogDestinationTarget.kinesisStream(stream) });
    const template = Template.fromStack(recipient);
    // CloudFormation Validate finds nothing but a redundant DependsOn in aws-cdk-lib's own cross-Region reader function.
    const templatePath = app.synth().getStackArtifact(recipient.artifactId).templateFullPath;
    expect(validateTemplateFile(templatePath).map(d => `${d.ruleId} ${d.entity?.logicalId}`))
      .toEqual([expect.stringMatching(/^W3005 CustomCrossRegionExportReaderCustomResourceProviderHandler/)]);
    const [readerId] = Object.keys(template.findResources('Custom::CrossRegionExportReader'));
    const streamId = Stack.of(stream).getLogicalId(stream.node.defaultChild as CfnResource);
    // aws-cdk-lib's cross-Region reference: an SSM parameter written in eu-west-1, read here.
    const destination = Object.values<any>(template.findResources('AWS::Logs::Destination'))[0];
    const imported = (id: string) => ({
      'Fn::GetAtt': [readerId, expect.stringMatching(new RegExp(`^/cdk/exports/Recipient/Homeeuwest1FnGetAtt${id}Arn[0-9A-F]{8}$`))],
    });
    expect(destination.Properties.TargetArn).toEqual(imported(streamId));
    const keyId = Stack.of(key).getLogicalId(key.node.defaultChild as CfnResource);
    const role = Object.values<any>(roles(template)).find(r => r.Properties.Policies?.[0]?.PolicyName === 'Delivery');
    expect(role.Properties.Policies[0].PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: imported(streamId) },
      { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: imported(keyId) },
    ]);
  });

  test('a Region-agnostic sender of a destination of one Region warns, once per stack and destination, as account-level policies do', () => {
    const { app, destination } = recipientApp({ subscriberAccounts: [SENDER] });
    const agnostic = new Stack(app, 'Agnostic');
    const imported = LogDestination.fromDestinationArn(agnostic, 'Central', `arn:aws:logs:${REGION}:${RECIPIENT}:destination:central-logs`);
    subscribe(agnostic, imported, 'First');
    subscribe(agnostic, imported, 'Second');
    const regional = senderStack(app, 'Regional');
    subscribe(regional, destination, 'Logs');
    expect(AssertAnnotations.fromStack(agnostic).findWarning('*', Match.anyValue()).map(w => [w.id, w.entry.data])).toEqual([[
      '/Agnostic/First/ToCentral',
      `The destination is in ${REGION} and this stack is Region-agnostic: the subscription filter works only where the stack is deployed `
      + `to ${REGION}, since CloudWatch Logs delivers only to a destination in the log groups' Region. To deploy to several Regions (a `
      + 'StackSet), create a destination of one name in each and import it with an ARN built with Aws.REGION. '
      + '[ack: cdk-log-destinations:destination-region-fixed]',
    ]]);
    expect(AssertAnnotations.fromStack(regional).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('the organization trust of the destination role', () => {
  function organizationApp(organizationTrust?: OrganizationTrust) {
    const { recipient, destination } = recipientApp({ subscriberAccounts: [SENDER], subscriberOrganizationIds: [ORG], organizationTrust });
    const template = templateOf(recipient);
    const role = Object.entries<any>(roles(template));
    const [destinationId, resource] = Object.entries<any>(template.findResources('AWS::Logs::Destination'))[0];
    return {
      destination,
      ids: { role: role.map(([id]) => id), destination: destinationId, name: resource.Properties.DestinationName },
      trust: role[0][1].Properties.AssumeRolePolicyDocument.Statement.map((s: any) => literalRefs(s)),
      access: accessPolicy(template),
    };
  }
  const statement = (condition: any) => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'logs.amazonaws.com' }, Condition: condition });

  test('by default trusts the listed accounts by aws:SourceArn and the organization by aws:SourceOrgID', () => {
    expect(organizationApp().trust).toEqual([
      statement({ StringLike: { 'aws:SourceArn': [`arn:aws:logs:${REGION}:${RECIPIENT}:*`, `arn:aws:logs:${REGION}:${SENDER}:*`] } }),
      statement({ StringEquals: { 'aws:SourceOrgID': [ORG] } }),
    ]);
  });

  test('ANY_ACCOUNT_IN_REGION trusts CloudWatch Logs for every account of the Region; the access policy stays the gate', () => {
    const regional = organizationApp(OrganizationTrust.ANY_ACCOUNT_IN_REGION);
    expect(regional.trust).toEqual([statement({ StringLike: { 'aws:SourceArn': [`arn:aws:logs:${REGION}:*:*`] } })]);
    expect(regional.access).toEqual(organizationApp().access);
  });

  test('switching it replaces nothing: the role, the destination and its name keep their logical IDs', () => {
    expect(organizationApp(OrganizationTrust.ANY_ACCOUNT_IN_REGION).ids).toEqual(organizationApp().ids);
    expect(organizationApp().ids).toEqual({ role: [expect.stringMatching(/^CentralRole/)], destination: expect.stringMatching(/^Central/), name: 'central-logs' });
  });

  test('without an organization granted it changes nothing', () => {
    const trustOf = (organizationTrust?: OrganizationTrust) =>
      trustStatementsOf(templateOf(recipientApp({ subscriberAccounts: [SENDER], organizationTrust }).recipient));
    expect(trustOf(OrganizationTrust.ANY_ACCOUNT_IN_REGION)).toEqual(trustOf());
  });

  test('throws for a role you bring, and when destinations sharing a role ask for different trusts', () => {
    const { recipient, destination } = recipientApp();
    const own = new iam.Role(recipient, 'Own', { assumedBy: new iam.ServicePrincipal('logs.amazonaws.com') });
    const target = LogDestinationTarget.kinesisStream(new kinesis.Stream(recipient, 'Other'));
    expectLibraryError(() => new LogDestination(recipient, 'Mine', { target, role: own, organizationTrust: OrganizationTrust.ANY_ACCOUNT_IN_REGION }),
      { path: 'Recipient/Mine', property: 'organizationTrust', fragment: 'a role you bring' });
    expectLibraryError(() => new LogDestination(recipient, 'Sharing', {
      target, role: destination.role, organizationTrust: OrganizationTrust.ANY_ACCOUNT_IN_REGION,
    }), { path: 'Recipient/Sharing', property: 'organizationTrust', fragment: 'sharing the role Recipient/Central/Role' });
  });
});

describe('many sender stacks, one destination', () => {
  test('two sender accounts subscribe to one organization destination, each with its own role for its own log groups', () => {
    const { app, recipient, destination } = recipientApp({ subscriberOrganizationIds: [ORG] });
    const first = senderStack(app, 'SenderA', SENDER);
    const second = senderStack(app, 'SenderB', OTHER_SENDER);
    subscribe(first, destination, 'Logs', '/app/a');
    subscribe(second, destination, 'Logs', '/app/b');
    subscribe(second, destination, 'Audit', '/app/b-audit');

    const a = senderRoleOf(templateOf(first));
    const b = senderRoleOf(templateOf(second));
    expect(a.logGroupArns).toEqual([logGroupArn(templateOf(first), SENDER, '/app/a')]);
    expect(b.logGroupArns).toEqual([
      logGroupArn(templateOf(second), OTHER_SENDER, '/app/b'),
      logGroupArn(templateOf(second), OTHER_SENDER, '/app/b-audit'),
    ]);
    expect(filterRoleArns(templateOf(second))).toEqual([{ 'Fn::GetAtt': [b.id, 'Arn'] }, { 'Fn::GetAtt': [b.id, 'Arn'] }]);
    // The recipient stack holds no sender role.
    expect(Object.keys(roles(templateOf(recipient)))).toHaveLength(1);
  });

  test('two sender stacks of one account and Region share a destination without a cycle', () => {
    const { app, destination } = recipientApp({ subscriberOrganizationIds: [ORG] });
    const first = senderStack(app, 'SenderA');
    const second = senderStack(app, 'SenderB');
    subscribe(first, destination, 'Logs', '/app/a');
    subscribe(second, destination, 'Logs', '/app/b');
    expect(senderRoleOf(templateOf(first)).logGroupArns).toEqual([logGroupArn(templateOf(first), SENDER, '/app/a')]);
    expect(senderRoleOf(templateOf(second)).logGroupArns).toEqual([logGroupArn(templateOf(second), SENDER, '/app/b')]);
    app.synth();
  });

  test('an organizationAccess import used from two stacks gives each stack its own role', () => {
    const app = testApp();
    const shared = senderStack(app, 'Shared');
    // A stack needs a resource to be a valid template (CloudFormation Validate F0001); the import itself creates none.
    new logs.LogGroup(shared, 'Local');
    const destination = LogDestination.fromDestinationAttributes(shared, 'Central', {
      destinationArn: `arn:aws:logs:${REGION}:${RECIPIENT}:destination:central-logs`,
      organizationAccess: true,
    });
    const first = senderStack(app, 'SenderA');
    const second = senderStack(app, 'SenderB', OTHER_SENDER);
    subscribe(first, destination, 'Logs', '/app/a');
    subscribe(second, destination, 'Logs', '/app/b');
    expect(senderRoleOf(templateOf(first)).logGroupArns).toEqual([logGroupArn(templateOf(first), SENDER, '/app/a')]);
    expect(senderRoleOf(templateOf(second)).logGroupArns).toEqual([logGroupArn(templateOf(second), OTHER_SENDER, '/app/b')]);
    Template.fromStack(shared).resourceCountIs('AWS::IAM::Role', 0);
  });

  test('one sender stack subscribing to two organization destinations has one sender role', () => {
    const { app, recipient, destination } = recipientApp({ subscriberOrganizationIds: [ORG] });
    const other = new LogDestination(recipient, 'Other', {
      target: LogDestinationTarget.kinesisStream(new kinesis.Stream(recipient, 'OtherStream')),
      subscriberOrganizationIds: [ORG],
    });
    const sender = senderStack(app, 'Sender');
    subscribe(sender, destination, 'Logs', '/app/a');
    subscribe(sender, other, 'Audit', '/app/audit');
    const template = templateOf(sender);
    expect(senderRoleOf(template).logGroupArns).toEqual([
      logGroupArn(template, SENDER, '/app/a'),
      logGroupArn(template, SENDER, '/app/audit'),
    ]);
  });

  test('a sender stack inside a nested stack gets its role there', () => {
    const { app, destination } = recipientApp({ subscriberOrganizationIds: [ORG] });
    const sender = senderStack(app, 'Sender');
    const nested = new NestedStack(sender, 'Nested');
    new logs.LogGroup(nested, 'Logs', { logGroupName: '/app/nested' })
      .addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
    const nestedTemplate = Template.fromStack(nested);
    expect(senderRoleOf(nestedTemplate).logGroupArns).toEqual([logGroupArn(nestedTemplate, SENDER, '/app/nested')]);
    expect(Object.keys(roles(templateOf(sender)))).toHaveLength(0);
  });
});

describe('whether a filter carries a role follows the final access policy', () => {
  test('an organization granted after the filter was created still gives the filter a role', () => {
    const { app, destination } = recipientApp();
    const sender = senderStack(app, 'Sender');
    subscribe(sender, destination, 'Logs', '/app/a');
    destination.grantSubscribeOrganization(ORG);
    const template = templateOf(sender);
    const role = senderRoleOf(template);
    expect(filterRoleArns(template)).toEqual([{ 'Fn::GetAtt': [role.id, 'Arn'] }]);
  });

  test('a listed sender of a destination that also admits an organization gets a role (AWS keys the rule on the destination)', () => {
    const { app, destination } = recipientApp({ subscriberAccounts: [SENDER], subscriberOrganizationIds: [ORG] });
    const sender = senderStack(app, 'Sender');
    subscribe(sender, destination);
    const template = templateOf(sender);
    expect(filterRoleArns(template)).toEqual([{ 'Fn::GetAtt': [senderRoleOf(template).id, 'Arn'] }]);
  });

  test('a destination that lists accounts only gives no role, before or after its grants', () => {
    const { app, destination } = recipientApp();
    const sender = senderStack(app, 'Sender');
    subscribe(sender, destination);
    destination.grantSubscribe(SENDER);
    const template = templateOf(sender);
    expect(filterRoleArns(template)).toEqual([undefined]);
    expect(Object.keys(roles(template))).toHaveLength(0);
  });

  test('an organization admitted through addToResourcePolicy gives senders a role and the destination role its aws:SourceOrgID trust', () => {
    const { app, recipient, destination } = recipientApp();
    const sender = senderStack(app, 'Sender');
    subscribe(sender, destination);
    destination.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.OrganizationPrincipal(ORG)],
      actions: ['logs:PutSubscriptionFilter'],
    }));
    expect(filterRoleArns(templateOf(sender))).toEqual([{ 'Fn::GetAtt': [senderRoleOf(templateOf(sender)).id, 'Arn'] }]);
    expect(trustStatementsOf(templateOf(recipient))[1]).toEqual({
      Effect: 'Allow',
      Principal: { Service: 'logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceOrgID': [ORG] } },
    });
  });

  test('the sender role follows AWS\'s recipe: trusted by logs.amazonaws.com with no condition', () => {
    const { app, destination } = recipientApp({ subscriberOrganizationIds: [ORG] });
    const sender = senderStack(app, 'Sender');
    subscribe(sender, destination);
    expect(senderRoleOf(templateOf(sender)).trust).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
    }]);
  });
});

describe('environment-agnostic stacks', () => {
  test('throws when an owned destination of an environment-agnostic stack is used by a sender stack of a known account', () => {
    const app = testApp();
    const recipient = new Stack(app, 'Recipient');
    const destination = new LogDestination(recipient, 'Central', {
      target: LogDestinationTarget.kinesisStream(new kinesis.Stream(recipient, 'Stream')),
      subscriberAccounts: [SENDER],
    });
    const sender = senderStack(app, 'Sender');
    expectLibraryError(() => subscribe(sender, destination), {
      path: 'Sender/Logs/ToCentral', property: 'destination', value: '\'Recipient/Central\'', fragment: 'environment-agnostic',
    });
  });

  test('two environment-agnostic stacks share a destination through a stack reference, not the sender\'s own account', () => {
    const app = testApp();
    const recipient = new Stack(app, 'Recipient');
    const destination = new LogDestination(recipient, 'Central', {
      target: LogDestinationTarget.kinesisStream(new kinesis.Stream(recipient, 'Stream')),
    });
    const sender = new Stack(app, 'Sender');
    subscribe(sender, destination);
    const filter = Object.values<any>(templateOf(sender).findResources('AWS::Logs::SubscriptionFilter'))[0];
    expect(filter.Properties.DestinationArn).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^Recipient:ExportsOutput/) });
  });
});

describe('the access policy builder', () => {
  test.each([
    ['an AccountPrincipal with conditions', () => new iam.AccountPrincipal(SENDER).withConditions({ StringEquals: { 'aws:PrincipalTag/team': 'a' } })],
    ['an AccountPrincipal with session tags', () => new iam.AccountPrincipal(SENDER).withSessionTags()],
    ['a CompositePrincipal of an account', () => new iam.CompositePrincipal(new iam.AccountPrincipal(SENDER))],
    ['an ArnPrincipal of a root ARN', () => new iam.ArnPrincipal(`arn:aws:iam::${SENDER}:root`)],
  ])('unwraps %s to the bare account ID, in the policy and the role trust', (_name, principal) => {
    const { recipient, destination } = recipientApp();
    destination.addToResourcePolicy(new iam.PolicyStatement({ principals: [principal()], actions: ['logs:PutSubscriptionFilter'] }));
    const template = templateOf(recipient);
    expect(accessPolicy(template).Statement[0].Principal).toEqual({ AWS: SENDER });
    const sourceArns = [trustStatementsOf(template)[0].Condition.StringLike['aws:SourceArn']].flat().map(joinLiteral);
    expect(sourceArns).toEqual([`arn:aws:logs:${REGION}:${RECIPIENT}:*`, `arn:aws:logs:${REGION}:${SENDER}:*`]);
  });

  test('a CompositePrincipal of two accounts names both, bare', () => {
    const { recipient, destination } = recipientApp();
    destination.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.CompositePrincipal(new iam.AccountPrincipal(SENDER), new iam.AccountPrincipal(OTHER_SENDER))],
      actions: ['logs:PutSubscriptionFilter'],
    }));
    expect(accessPolicy(templateOf(recipient)).Statement[0].Principal).toEqual({ AWS: [SENDER, OTHER_SENDER] });
  });

  test('StarPrincipal and AnyPrincipal are treated alike: both need an organization condition', () => {
    for (const principal of [new iam.StarPrincipal(), new iam.AnyPrincipal()]) {
      const { destination } = recipientApp();
      expectLibraryError(() => destination.addToResourcePolicy(new iam.PolicyStatement({ principals: [principal], actions: ['logs:PutSubscriptionFilter'] })),
        { path: 'Recipient/Central', property: 'statement', fragment: 'admits every AWS account' });
    }
    for (const principal of [new iam.StarPrincipal(), new iam.AnyPrincipal()]) {
      const { recipient, destination } = recipientApp();
      destination.addToResourcePolicy(new iam.PolicyStatement({
        principals: [principal],
        actions: ['logs:PutSubscriptionFilter'],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
      }));
      const template = templateOf(recipient);
      expect(accessPolicy(template).Statement).toEqual([{
        Effect: 'Allow',
        Principal: '*',
        Action: 'logs:PutSubscriptionFilter',
        Resource: `arn:aws:logs:${REGION}:${RECIPIENT}:destination:central-logs`,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
      }]);
      expect(trustStatementsOf(template)[1].Condition).toEqual({ StringEquals: { 'aws:SourceOrgID': [ORG] } });
    }
  });

  test('a parameter of another stack with the same name as one granted is another account; the same account under any spelling is one', () => {
    const { app, recipient, destination } = recipientApp();
    const parameter = new CfnParameter(recipient, 'Account');
    expect(destination.grantSubscribe(parameter.valueAsString).statementAdded).toBe(true);
    expect(destination.grantSubscribe(Fn.ref(parameter.logicalId)).statementAdded).toBe(false);
    expect(destination.grantSubscribe(SENDER).statementAdded).toBe(true);
    expect(destination.grantSubscribe(Lazy.string({ produce: () => SENDER })).statementAdded).toBe(false);
    const other = senderStack(app, 'Other', RECIPIENT);
    expect(destination.grantSubscribe(new CfnParameter(other, 'Account').valueAsString).statementAdded).toBe(true);
  });

  test('the order of token accounts does not depend on how many tokens the app made before', () => {
    const policies = [0, 5, 50, 500, 5000].map(burn => {
      const { recipient, destination } = recipientApp();
      const zed = new CfnParameter(recipient, 'Zed').valueAsString;
      for (let i = 0; i < burn; i++) {
        Lazy.string({ produce: () => 'x' });
      }
      const alpha = new CfnParameter(recipient, 'Alpha').valueAsString;
      destination.grantSubscribe(zed);
      destination.grantSubscribe(alpha);
      destination.grantSubscribe(SENDER);
      const template = templateOf(recipient);
      const destinationPolicy = Object.values<any>(template.findResources('AWS::Logs::Destination'))[0].Properties.DestinationPolicy;
      return JSON.stringify([destinationPolicy, trustStatementsOf(template)]);
    });
    expect(new Set(policies).size).toBe(1);
  });

  test('the own account granted as a literal and as Aws.ACCOUNT_ID appears once', () => {
    const { recipient, destination } = recipientApp();
    destination.grantSubscribe(RECIPIENT);
    destination.grantSubscribe(Aws.ACCOUNT_ID);
    destination.grantSubscribe(SENDER);
    const template = templateOf(recipient);
    expect(accessPolicy(template).Statement[0].Principal).toEqual({ AWS: [SENDER, RECIPIENT] });
    const sourceArns = [trustStatementsOf(template)[0].Condition.StringLike['aws:SourceArn']].flat().map(joinLiteral);
    expect(sourceArns).toEqual([`arn:aws:logs:${REGION}:${RECIPIENT}:*`, `arn:aws:logs:${REGION}:${SENDER}:*`]);
  });
});

describe('targets and roles in other stacks and Regions', () => {
  test('a role of your own from another stack of the environment works without a cycle', () => {
    const app = testApp();
    const roleStack = senderStack(app, 'Roles', RECIPIENT);
    const role = new iam.Role(roleStack, 'DeliveryRole', { assumedBy: new iam.ServicePrincipal('logs.amazonaws.com') });
    const recipient = senderStack(app, 'Recipient', RECIPIENT);
    const destination = new LogDestination(recipient, 'Central', {
      target: LogDestinationTarget.kinesisStream(new kinesis.Stream(recipient, 'Stream')),
      role,
    });
    app.synth();
    const template = templateOf(recipient);
    const policies = Object.entries<any>(template.findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    const [policyId, policy] = policies[0];
    expect(policy.Properties.PolicyDocument.Statement.map((s: any) => s.Action)).toEqual(['kinesis:PutRecord']);
    const destinationResource = Object.values<any>(template.findResources('AWS::Logs::Destination'))[0];
    expect(destinationResource.DependsOn).toEqual([policyId]);
    expect(destination.role).toBe(role);
  });

  test('a Kinesis stream in another Region with a generated-if-needed name works', () => {
    const app = testApp();
    const home = senderStack(app, 'Home', RECIPIENT, 'eu-west-1');
    const stream = new kinesis.Stream(home, 'Stream', { streamName: PhysicalName.GENERATE_IF_NEEDED });
    const recipient = senderStack(app, 'Recipient', RECIPIENT, REGION);
    new LogDestination(recipient, 'Central', { target: LogDestinationTarget.kinesisStream(stream) });
    const destination = Object.values<any>(templateOf(recipient).findResources('AWS::Logs::Destination'))[0];
    expect(joinLiteral(destination.Properties.TargetArn)).toMatch(new RegExp(`^arn:aws:kinesis:eu-west-1:${RECIPIENT}:stream/`));
  });

  test('throws a clear error for a Kinesis stream in another Region without a physical name', () => {
    const app = testApp();
    const home = senderStack(app, 'Home', RECIPIENT, 'eu-west-1');
    const stream = new kinesis.Stream(home, 'Stream');
    const recipient = senderStack(app, 'Recipient', RECIPIENT, REGION);
    expectLibraryError(() => new LogDestination(recipient, 'Central', { target: LogDestinationTarget.kinesisStream(stream) }), {
      path: 'Recipient/Central', property: 'target', value: '\'Home/Stream\'', fragment: 'PhysicalName.GENERATE_IF_NEEDED',
    });
  });

  test('throws a clear error for an encrypted stream in another Region whose key cannot be named there', () => {
    const app = testApp();
    const home = senderStack(app, 'Home', RECIPIENT, 'eu-west-1');
    const stream = new kinesis.Stream(home, 'Stream', {
      streamName: 'central', encryption: kinesis.StreamEncryption.KMS, encryptionKey: new kms.Key(home, 'Key'),
    });
    const recipient = senderStack(app, 'Recipient', RECIPIENT, REGION);
    expectLibraryError(() => new LogDestination(recipient, 'Central', { target: LogDestinationTarget.kinesisStream(stream) }), {
      path: 'Recipient/Central', property: 'target', value: '\'Home/Key\'', fragment: 'LogDestinationTarget.fromArn',
    });
  });
});

describe('senders the destination never admitted', () => {
  test('fails when a sender account the destination does not admit subscribes', () => {
    const { app, destination } = recipientApp({ subscriberAccounts: [OTHER_SENDER] });
    const sender = senderStack(app, 'Sender');
    subscribe(sender, destination);
    expectSynthFinding(() => app.synth(), {
      path: 'Sender/Logs/ToCentral', property: 'destination', value: '\'Recipient/Central\'', fragment: `grantSubscribe('${SENDER}')`,
    });
  });

  test('a sender admitted after subscribing, or through its organization, or a token account, passes', () => {
    const { app, destination } = recipientApp();
    const sender = senderStack(app, 'Sender');
    subscribe(sender, destination);
    destination.grantSubscribe(SENDER);
    const orgDestination = recipientApp({ subscriberOrganizationIds: [ORG] });
    subscribe(senderStack(orgDestination.app, 'Sender'), orgDestination.destination);
    const tokenDestination = recipientApp();
    tokenDestination.destination.grantSubscribe(new CfnParameter(tokenDestination.recipient, 'Account').valueAsString);
    subscribe(senderStack(tokenDestination.app, 'Sender'), tokenDestination.destination);
    for (const built of [app, orgDestination.app, tokenDestination.app]) {
      expect(built.synth().stacks.map(s => s.stackName)).toEqual(['Recipient', 'Sender']);
    }
  });
});

describe('messages written for a person', () => {
  test('fromArn does not call a literal ARN a token', () => {
    const stack = senderStack(testApp(), 'Recipient', RECIPIENT);
    const error = expectLibraryError(() => new LogDestination(stack, 'Central', {
      target: LogDestinationTarget.fromArn(`arn:aws:kinesis:${REGION}:${RECIPIENT}:stream/central`, { actions: [] }),
    }), { path: 'Recipient/Central', property: 'target', fragment: 'no actions' });
    expect(error.message).not.toMatch(/token/);
  });

  test('the Region mismatch error prints the destination ARN readably', () => {
    const { app, destination } = recipientApp();
    const sender = senderStack(app, 'Sender', SENDER, 'eu-west-1');
    const error = expectLibraryError(() => subscribe(sender, destination), {
      path: 'Sender/Logs/ToCentral', property: 'destination', value: `'arn:\${AWS::Partition}:logs:us-east-1:${RECIPIENT}:destination:central-logs'`,
      fragment: 'the destination is in us-east-1',
    });
    expect(error.message).not.toMatch(/Token\[/);
  });

  test.each([
    ['a number as account', (d: LogDestination) => d.grantSubscribe(111111111111 as any),
      { path: 'Recipient/Central', property: 'account', value: '\'111111111111\'', fragment: 'a string' }],
    ['a principal as account', (d: LogDestination) => d.grantSubscribe(new iam.AccountPrincipal(SENDER) as any),
      { path: 'Recipient/Central', property: 'account', value: `'AccountPrincipal(${SENDER})'`, fragment: 'a string' }],
    ['a number as organization', (d: LogDestination) => d.grantSubscribeOrganization(42 as any),
      { path: 'Recipient/Central', property: 'organizationId', value: '\'42\'', fragment: 'a string' }],
  ] as Array<[string, (d: LogDestination) => unknown, ExpectedError]>)('throws the library error for %s given from JavaScript', (_name, call, expected) => {
    const { destination } = recipientApp();
    const error = expectLibraryError(() => call(destination), expected);
    expect(error.message).not.toMatch(/Token\[/);
  });

  test('a name that is not a string gets the library error, not a TypeError', () => {
    const stack = senderStack(testApp(), 'Recipient', RECIPIENT);
    const target = LogDestinationTarget.kinesisStream(new kinesis.Stream(stack, 'Stream'));
    expectLibraryError(() => new LogDestination(stack, 'Central', { target, destinationName: { name: 'x' } as any }),
      { path: 'Recipient/Central', property: 'destinationName', fragment: 'a string' });
  });
});

describe('the error type', () => {
  test('is exported from the package root and recognised by its brand, not only by instanceof', () => {
    const { destination } = recipientApp();
    let caught: unknown;
    try {
      destination.grantSubscribe('1234');
    } catch (e) {
      caught = e;
    }
    expect(LogDestinationsError.isLogDestinationsError(caught)).toBe(true);
    expect(caught).toBeInstanceOf(LogDestinationsError);
    // An error of another copy of the library: same brand, another class.
    const foreign = Object.assign(new Error('x'), { [Symbol.for('cdk-log-destinations.LogDestinationsError')]: true });
    expect(LogDestinationsError.isLogDestinationsError(foreign)).toBe(true);
    expect(LogDestinationsError.isLogDestinationsError(new Error('Recipient/Central: invalid account'))).toBe(false);
    expect(LogDestinationsError.isLogDestinationsError(undefined)).toBe(false);
  });

  test('a finding of the finished app names the construct path once', () => {
    const { app, destination } = recipientApp();
    for (let i = 0; i < 400; i++) {
      destination.grantSubscribe(String(100000000000 + i));
    }
    const finding = expectSynthFinding(() => app.synth(), { path: 'Recipient/Central', property: 'access policy', fragment: 'at most 5120 bytes' });
    expect(finding.split('Recipient/Central').length - 1).toBe(1);
  });
});

describe('grants that tell the truth', () => {
  test('statementAdded is true when the call changed the access policy, false when it was granted already', () => {
    const { destination } = recipientApp();
    expect(destination.grantSubscribe(SENDER).statementAdded).toBe(true);
    expect(destination.grantSubscribe(SENDER).statementAdded).toBe(false);
    expect(destination.grantSubscribe(RECIPIENT).statementAdded).toBe(true);
    expect(destination.grantSubscribe(Aws.ACCOUNT_ID).statementAdded).toBe(false);
    expect(destination.grantSubscribeOrganization(ORG).statementAdded).toBe(true);
    expect(destination.grantSubscribeOrganization(ORG).statementAdded).toBe(false);
  });

  test('a role shared through role: other.role is found by its brand, not by a map of the library module', () => {
    const { recipient, destination } = recipientApp();
    const brand = Object.getOwnPropertySymbols(destination.role).map(s => s.description);
    expect(brand).toContain('cdk-log-destinations.DestinationRole');
    new LogDestination(recipient, 'Second', {
      target: LogDestinationTarget.kinesisStream(new kinesis.Stream(recipient, 'Other')),
      role: destination.role,
    });
    expect(Object.keys(roles(templateOf(recipient)))).toHaveLength(1);
  });

  test('the library\'s cdk-nag acknowledgements can be turned off by context', () => {
    for (const [context, expected] of [[{}, 1], [{ 'cdk-log-destinations:acknowledgeRules': false }, 0]] as const) {
      const app = new App({ context });
      const recipient = new Stack(app, 'Recipient', { env: { account: RECIPIENT, region: REGION } });
      const destination = new LogDestination(recipient, 'Central', {
        target: LogDestinationTarget.kinesisStream(new kinesis.Stream(recipient, 'Stream')),
        subscriberOrganizationIds: [ORG],
      });
      const sender = senderStack(app, 'Sender');
      subscribe(sender, destination);
      app.synth();
      const acknowledged = sender.node.findAll().flatMap(c => c.node.metadata)
        .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
      expect(acknowledged).toHaveLength(expected);
    }
  });
});

describe('identity that survives two copies of the library', () => {
  test('isLogDestination and isDeliveryDestination recognise owned constructs by brand, not imports or look-alikes', () => {
    const { recipient, destination } = recipientApp();
    const imported = LogDestination.fromDestinationArn(recipient, 'Imported', `arn:aws:logs:${REGION}:${SENDER}:destination:x`);
    expect(LogDestination.isLogDestination(destination)).toBe(true);
    expect(LogDestination.isLogDestination(imported)).toBe(false);
    expect(LogDestination.isLogDestination({ destinationArn: 'x' })).toBe(false);
    expect(LogDestination.isLogDestination(undefined)).toBe(false);
    const bucket = new s3.Bucket(recipient, 'Bucket');
    const archive = new DeliveryDestination(recipient, 'Archive', { target: DeliveryDestinationTarget.s3(bucket) });
    expect(DeliveryDestination.isDeliveryDestination(archive)).toBe(true);
    expect(DeliveryDestination.isDeliveryDestination(destination)).toBe(false);
    expect(DeliveryDestination.isDeliveryDestination(
      DeliveryDestination.fromDeliveryDestinationName(recipient, 'ImportedArchive', 'archive'))).toBe(false);
  });
});

describe('delivery destination targets of your own', () => {
  test('throws when a target does not come from the factories, naming them', () => {
    // A subclass as 0.2 documented it, with the public bind and bindOrganizations the hidden hooks replaced.
    class CustomTarget extends (DeliveryDestinationTarget as unknown as new () => object) {
      public bind() {
        return { destinationType: DeliveryDestinationType.FIREHOSE, destinationResourceArn: `arn:aws:firehose:${REGION}:${RECIPIENT}:deliverystream/x` };
      }
      public bindOrganizations(): void {}
    }
    const { recipient } = recipientApp();
    expectLibraryError(() => new DeliveryDestination(recipient, 'Custom', { target: new CustomTarget() as unknown as DeliveryDestinationTarget }), {
      path: 'Recipient/Custom', property: 'target', value: '\'CustomTarget\'', fragment: 'DeliveryDestinationTarget.s3(), logGroup(), firehose() or xray()',
    });
  });

  test('a Firehose destination admits an organization with its delivery destination policy alone', () => {
    const { recipient } = recipientApp();
    const stream = firehose.DeliveryStream.fromDeliveryStreamArn(recipient, 'Imported', `arn:aws:firehose:${REGION}:${RECIPIENT}:deliverystream/central`);
    const archive = new DeliveryDestination(recipient, 'ToStream', { target: DeliveryDestinationTarget.firehose(stream) });
    expect(archive.grantSubscribeOrganization(ORG).statementAdded).toBe(true);
    const policy = templateOf(recipient).findResources('AWS::Logs::DeliveryDestination');
    const statements = Object.values<any>(policy)[0].Properties.DeliveryDestinationPolicy.DeliveryDestinationPolicy.Statement;
    expect(statements.map((st: any) => st.Condition)).toEqual([{ StringEquals: { 'aws:PrincipalOrgID': [ORG] } }]);
  });
});

/** An app on the feature flags `cdk init` writes (partition literals and aspect stabilization on), with aspect stabilization as given. */
function initApp(aspectStabilization = true): App {
  return testApp({ context: { ...CURRENTLY_RECOMMENDED_FLAGS, '@aws-cdk/core:aspectStabilization': aspectStabilization } });
}

/** The organization destination of `recipientApp`, in a stack of `scope` (an app or a stage). */
function centralDestination(scope: Construct, props: Partial<ConstructorParameters<typeof LogDestination>[2]> = {}) {
  const recipient = new Stack(scope, 'Recipient', { env: { account: RECIPIENT, region: REGION } });
  const destination = new LogDestination(recipient, 'Central', {
    target: LogDestinationTarget.kinesisStream(new kinesis.Stream(recipient, 'Stream')),
    destinationName: 'central-logs',
    subscriberOrganizationIds: [ORG],
    ...props,
  });
  return { recipient, destination };
}

const CENTRAL_ARN = `arn:aws:logs:${REGION}:${RECIPIENT}:destination:central-logs`;

/**
 * The whole sender template of one subscribed log group under `cdk init` flags: the log group, the filter naming the
 * destination by its literal ARN with the sender role, and the role allowed logs:PutLogEvents on that log group.
 */
function expectSenderTemplate(template: Template, account: string, extraFilter: Record<string, unknown> = {}): void {
  const logGroupId = onlyResource(template, 'AWS::Logs::LogGroup').logicalId;
  const role = onlyResource(template, 'AWS::IAM::Role');
  expect(role.logicalId).toBe('LogDestinationsSenderRole1C0D4023');
  expect(role.resource.Properties).toEqual({
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'logs.amazonaws.com' } }],
    },
    Policies: [{
      PolicyName: 'PutLogEvents',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Action: 'logs:PutLogEvents',
          Resource: { 'Fn::Join': ['', [`arn:aws:logs:${REGION}:${account}:log-group:`, { Ref: logGroupId }, ':*']] },
        }],
      },
    }],
  });
  expect(onlyResource(template, 'AWS::Logs::SubscriptionFilter').resource).toEqual({
    Type: 'AWS::Logs::SubscriptionFilter',
    Properties: {
      DestinationArn: CENTRAL_ARN,
      FilterPattern: '',
      LogGroupName: { Ref: logGroupId },
      RoleArn: { 'Fn::GetAtt': [role.logicalId, 'Arn'] },
    },
    ...extraFilter,
  });
}

describe('more than 100 sender stacks in one app', () => {
  test.each([true, false])('101 sender stacks of an organization destination synthesize, each with its sender role (aspect stabilization %p)',
    aspectStabilization => {
      const app = initApp(aspectStabilization);
      const { destination } = centralDestination(app);
      const senders = Array.from({ length: 101 }, (_, i) => {
        const sender = senderStack(app, `Sender${i}`, String(100000000000 + i));
        subscribe(sender, destination);
        return sender;
      });
      const assembly = app.synth();
      expect(assembly.stacks).toHaveLength(102);
      for (const i of [0, 100]) {
        expectSenderTemplate(templateOf(senders[i]), String(100000000000 + i));
        expect(senders[i].dependencies.map(stack => stack.node.path)).toEqual(['Recipient']);
      }
    });
});

describe('the role a filter names', () => {
  test('is its own stack\'s sender role wherever the filter\'s RoleArn is used, another stack included', () => {
    // Without cdk init flags: the newest aws-cdk-lib recommends Fn::GetStackOutput for references between stacks.
    const app = testApp();
    const { destination } = centralDestination(app);
    const senders = ['SenderA', 'SenderB'].map(id => senderStack(app, id, SENDER));
    const filters = senders.map(sender => subscribe(sender, destination).node.findChild('ToCentral').node.defaultChild as logs.CfnSubscriptionFilter);
    const checks = senderStack(app, 'Checks', SENDER);
    new logs.LogGroup(checks, 'Local'); // a template needs a resource (CloudFormation Validate F0001)
    filters.forEach((filter, i) => new CfnOutput(checks, `RoleArn${i}`, { value: filter.roleArn! }));
    const outputs = templateOf(checks).toJSON().Outputs;
    expect([outputs.RoleArn0.Value, outputs.RoleArn1.Value]).toEqual(['SenderA', 'SenderB'].map(id => ({
      'Fn::ImportValue': `${id}:ExportsOutputFnGetAttLogDestinationsSenderRole1C0D4023Arn2712723D`,
    })));
  });
});

describe('CDK Pipelines: the destination in one stage, its senders in another', () => {
  /** Archive stage: the organization destination and a delivery destination; Apps stage: their senders. */
  function stagedApp(scope: Construct) {
    const archive = new Stage(scope, 'LogArchive');
    const { recipient, destination } = centralDestination(archive, { accountLevelSubscriptions: true });
    const archiveBucket = new DeliveryDestination(recipient, 'Archive', {
      target: DeliveryDestinationTarget.s3(new s3.Bucket(recipient, 'Bucket')),
      deliveryDestinationName: 'archive',
      subscriberAccounts: [SENDER],
    });
    const apps = new Stage(scope, 'Apps');
    const sender = senderStack(apps, 'Sender', SENDER);
    subscribe(sender, destination);
    const accountWide = senderStack(apps, 'AccountWide', OTHER_SENDER);
    new AccountSubscriptionFilter(accountWide, 'AllLogGroups', { destination });
    const eventStack = senderStack(apps, 'Events', SENDER);
    const bus = new events.EventBus(eventStack, 'Bus');
    new DeliverySource(eventStack, 'BusLogs', { resourceArn: bus.eventBusArn, logType: 'INFO_LOGS' }).deliverTo(archiveBucket);
    return { archive, apps, recipient, sender, accountWide, events: eventStack };
  }

  function expectStagedTemplates(shapes: ReturnType<typeof stagedApp>): void {
    // The literal ARNs of the other stage's destinations, the sender role, and no dependency across the stages.
    expectSenderTemplate(templateOf(shapes.sender), SENDER);
    const policy = onlyResource(templateOf(shapes.accountWide), 'AWS::Logs::AccountPolicy').resource;
    const role = onlyResource(templateOf(shapes.accountWide), 'AWS::IAM::Role');
    expect(policy.DependsOn).toBeUndefined();
    expect(JSON.parse(joinRefs(policy.Properties.PolicyDocument))).toEqual({
      DestinationArn: CENTRAL_ARN, RoleArn: `\${${role.logicalId}.Arn}`, FilterPattern: '',
    });
    const delivery = onlyResource(templateOf(shapes.events), 'AWS::Logs::Delivery').resource;
    expect(delivery.Properties.DeliveryDestinationArn).toBe(`arn:aws:logs:${REGION}:${RECIPIENT}:delivery-destination:archive`);
    const source = shapes.events.node.findChild('BusLogs').node.defaultChild as CfnElement;
    expect(delivery.DependsOn).toEqual([shapes.events.getLogicalId(source)]);
    for (const stack of [shapes.sender, shapes.accountWide, shapes.events]) {
      expect(stack.dependencies).toEqual([]);
    }
  }

  test('plain Stages: the sender stage names the destinations by ARN, with no dependency across the stages', () => {
    const app = initApp();
    const shapes = stagedApp(app);
    expectStagedTemplates(shapes);
  });

  test('a pipelines.CodePipeline of the two stages: the log-archive stage deploys in the earlier wave', () => {
    const app = initApp();
    const pipelineStack = new Stack(app, 'Pipeline', { env: { account: RECIPIENT, region: REGION } });
    const pipeline = new pipelines.CodePipeline(pipelineStack, 'Pipeline', {
      crossAccountKeys: true,
      synth: new pipelines.ShellStep('Synth', {
        input: pipelines.CodePipelineSource.connection('example/platform', 'main', {
          connectionArn: `arn:aws:codeconnections:${REGION}:${RECIPIENT}:connection/11111111-2222-3333-4444-555555555555`,
        }),
        commands: ['npm ci', 'npx cdk synth'],
      }),
    });
    const shapes = stagedApp(pipelineStack);
    pipeline.addStage(shapes.archive);
    pipeline.addStage(shapes.apps);
    app.synth();
    expectStagedTemplates(shapes);
    const stages = Template.fromStack(pipelineStack).findResources('AWS::CodePipeline::Pipeline');
    const names = Object.values<any>(stages)[0].Properties.Stages.map((s: any) => s.Name);
    expect(names.indexOf('LogArchive')).toBeGreaterThan(-1);
    expect(names.indexOf('LogArchive')).toBeLessThan(names.indexOf('Apps'));
  });

  test('stacks of one stage keep their ordering: a sender stack, and a nested stack, wait for the destination', () => {
    const app = initApp();
    const stage = new Stage(app, 'Prod');
    const { recipient, destination } = centralDestination(stage);
    const sender = senderStack(stage, 'Sender', SENDER);
    subscribe(sender, destination);
    const parent = senderStack(stage, 'Parent', OTHER_SENDER);
    subscribe(new NestedStack(parent, 'Nested'), destination);
    app.synth();
    expect(sender.dependencies).toEqual([recipient]);
    expect(parent.dependencies).toEqual([recipient]);
  });

  test('throws when an environment-agnostic destination is used from another stage', () => {
    const app = initApp();
    const archive = new Stage(app, 'LogArchive');
    const agnostic = new Stack(archive, 'Recipient');
    const destination = new LogDestination(agnostic, 'Central', {
      target: LogDestinationTarget.kinesisStream(new kinesis.Stream(agnostic, 'Stream')),
    });
    const sender = new Stack(new Stage(app, 'Apps'), 'Sender');
    expectLibraryError(() => subscribe(sender, destination), {
      path: 'Apps/Sender/Logs/ToCentral', property: 'destination', value: '\'LogArchive/Recipient/Central\'', fragment: 'another stage',
    });
  });
});

describe('filters your own aspects create', () => {
  /** An aspect that subscribes every log group of the sender stacks to the destination, as platform teams write it. */
  class SubscribeEveryLogGroup implements IAspect {
    constructor(private readonly destination: logs.ILogSubscriptionDestination, private readonly recipient: Stack) {}
    public visit(node: IConstruct): void {
      if (node instanceof logs.LogGroup && Stack.of(node) !== this.recipient) {
        node.addSubscriptionFilter('ToCentral', { destination: this.destination, filterPattern: logs.FilterPattern.allEvents() });
      }
    }
  }

  const priorities = [AspectPriority.MUTATING, AspectPriority.DEFAULT, AspectPriority.READONLY];
  const cases = [true, false].flatMap(stabilization => priorities.map(priority => [stabilization, priority] as const));

  test.each(cases)('with SubscriptionFilterChain, each filter gets the sender role and its place in the chain '
    + '(aspect stabilization %p, the aspect\'s priority %p)', (aspectStabilization, priority) => {
    const app = initApp(aspectStabilization);
    const { recipient, destination } = centralDestination(app);
    const sender = senderStack(app, 'Sender', SENDER);
    const logGroups = ['/app/a', '/app/b', '/app/c'].map((logGroupName, i) => new logs.LogGroup(sender, `Logs${i}`, { logGroupName }));
    Aspects.of(app).add(new SubscriptionFilterChain());
    Aspects.of(app).add(new SubscribeEveryLogGroup(destination, recipient), { priority });

    const template = templateOf(sender);
    const role = senderRoleOf(template);
    const logGroupIds = logGroups.map(group => sender.getLogicalId(group.node.defaultChild as CfnElement));
    expect(role.logGroupArns).toEqual(logGroupIds.map(id => `arn:aws:logs:${REGION}:${SENDER}:log-group:\${${id}}:*`));
    const filters = template.findResources('AWS::Logs::SubscriptionFilter');
    const filterIds = Object.keys(filters);
    expect(filterIds).toHaveLength(3);
    expect(filterIds.map(id => filters[id].Properties)).toEqual(logGroupIds.map(id => ({
      DestinationArn: CENTRAL_ARN, FilterPattern: '', LogGroupName: { Ref: id }, RoleArn: { 'Fn::GetAtt': [role.id, 'Arn'] },
    })));
    expect(filterIds.map(id => filters[id].DependsOn)).toEqual([undefined, [filterIds[0]], [filterIds[1]]]);
    expect(sender.dependencies).toEqual([recipient]);
  });

  test('fails when an aspect subscribes a log group of an account the destination does not admit', () => {
    const app = initApp();
    const { recipient, destination } = centralDestination(app, { subscriberOrganizationIds: [], subscriberAccounts: [OTHER_SENDER] });
    new logs.LogGroup(senderStack(app, 'Sender', SENDER), 'Logs');
    Aspects.of(app).add(new SubscribeEveryLogGroup(destination, recipient));
    expectSynthFinding(() => app.synth(), {
      path: 'Sender/Logs/ToCentral', property: 'destination', value: '\'Recipient/Central\'', fragment: `grantSubscribe('${SENDER}')`,
    });
  });

  test('101 sender stacks whose filters an aspect creates synthesize', () => {
    const app = initApp();
    const { recipient, destination } = centralDestination(app);
    const senders = Array.from({ length: 101 }, (_, i) => {
      const sender = senderStack(app, `Sender${i}`, String(100000000000 + i));
      new logs.LogGroup(sender, 'Logs');
      return sender;
    });
    Aspects.of(app).add(new SubscribeEveryLogGroup(destination, recipient));
    expect(app.synth().stacks).toHaveLength(102);
    expectSenderTemplate(templateOf(senders[100]), String(100000000100));
  });
});

describe('StackSet templates', () => {
  /** A management stack whose StackSet deploys `member` to two Regions of an OU. */
  function stackSetOf(management: Stack, member: StackSetStack): void {
    new StackSet(management, 'StackSet', {
      target: StackSetTarget.fromOrganizationalUnits({ regions: ['us-east-1', 'eu-west-1'], organizationalUnits: ['ou-abcd-12345678'] }),
      template: StackSetTemplate.fromStackSetStack(member),
      deploymentType: DeploymentType.serviceManaged({ autoDeployEnabled: true }),
      capabilities: [Capability.IAM],
    });
  }

  test('a warning of a construct inside the template reaches the host stack\'s messages in the cloud assembly', () => {
    const app = initApp();
    const { destination } = centralDestination(app, { accountLevelSubscriptions: true });
    const management = new Stack(app, 'Management', { env: { account: '888888888888', region: REGION } });
    const member = new StackSetStack(management, 'EveryAccount');
    new AccountSubscriptionFilter(member, 'AllLogGroups', { destination });
    stackSetOf(management, member);

    const messages = app.synth().getStackArtifact(management.artifactId).messages
      .filter(m => String(m.entry.data).includes('cdk-log-destinations:'));
    expect(messages.map(m => ({ level: m.level, id: m.id, data: m.entry.data }))).toEqual([{
      level: 'warning',
      id: '/Management',
      data: expect.stringMatching(new RegExp('^In the StackSet template Management/EveryAccount, at Management/EveryAccount/AllLogGroups: '
        + 'The destination is in us-east-1 and this stack is Region-agnostic: .* \\[ack: cdk-log-destinations:destination-region-fixed\\]$')),
    }]);
  });

  test('a warning acknowledged on the management stack, or where it arises, is reported nowhere', () => {
    for (const acknowledged of ['management', 'template'] as const) {
      const app = initApp();
      const { destination } = centralDestination(app, { accountLevelSubscriptions: true });
      const management = new Stack(app, 'Management', { env: { account: '888888888888', region: REGION } });
      const member = new StackSetStack(management, 'EveryAccount');
      const id = 'cdk-log-destinations:destination-region-fixed';
      if (acknowledged === 'template') {
        Annotations.of(member).acknowledgeWarning(id);
      }
      new AccountSubscriptionFilter(member, 'AllLogGroups', { destination });
      if (acknowledged === 'management') {
        Annotations.of(management).acknowledgeWarning(id);
      }
      stackSetOf(management, member);
      const messages = app.synth().getStackArtifact(management.artifactId).messages.filter(m => String(m.entry.data).includes(id));
      expect({ acknowledged, messages }).toEqual({ acknowledged, messages: [] });
    }
  });

  test('the host stack waits for a destination of another stack, and the template names it by its literal ARN', () => {
    const app = initApp();
    const { recipient, destination } = centralDestination(app, { accountLevelSubscriptions: true });
    const management = new Stack(app, 'Management', { env: { account: '888888888888', region: REGION } });
    const member = new StackSetStack(management, 'EveryAccount');
    new AccountSubscriptionFilter(member, 'AllLogGroups', { destination });
    stackSetOf(management, member);

    const assembly = app.synth();
    expect(management.dependencies).toEqual([recipient]);
    expect(assembly.getStackArtifact(management.artifactId).dependencies.map(d => d.id)).toContain('Recipient');
    const templatePath = path.join(assembly.directory, member.templateFile);
    expect(validateTemplateFile(templatePath)).toEqual([]);
    const template = JSON.parse(fs.readFileSync(templatePath, 'utf8'));
    const policy = Object.values<any>(template.Resources).find(r => r.Type === 'AWS::Logs::AccountPolicy');
    expect(JSON.parse(joinRefs(policy.Properties.PolicyDocument)).DestinationArn).toBe(CENTRAL_ARN);
    expect(policy.DependsOn).toBeUndefined();
  });

  test('when the host stack holds the destination, its StackSet resource waits for it', () => {
    const app = initApp();
    const { recipient, destination } = centralDestination(app, { accountLevelSubscriptions: true });
    const member = new StackSetStack(recipient, 'EveryAccount');
    new AccountSubscriptionFilter(member, 'AllLogGroups', { destination });
    stackSetOf(recipient, member);
    const template = templateOf(recipient);
    const destinationId = recipient.getLogicalId(destination.node.defaultChild as CfnElement);
    expect(onlyResource(template, 'AWS::CloudFormation::StackSet').resource.DependsOn).toEqual([destinationId]);
    expect(onlyResource(template, 'AWS::Kinesis::Stream').resource.DependsOn).toBeUndefined();
    expect(recipient.dependencies).toEqual([]);
  });

  test('a destination and a filter in one template: the filter waits for it there, and the host for nothing', () => {
    const app = initApp();
    const management = new Stack(app, 'Management', { env: { account: '888888888888', region: REGION } });
    const member = new StackSetStack(management, 'EveryAccount');
    const destination = new LogDestination(member, 'Local', { target: LogDestinationTarget.kinesisStream(new kinesis.Stream(member, 'Stream')) });
    subscribe(member, destination);
    stackSetOf(management, member);
    const assembly = app.synth();
    const templatePath = path.join(assembly.directory, member.templateFile);
    expect(validateTemplateFile(templatePath)).toEqual([]);
    const template = Template.fromJSON(JSON.parse(fs.readFileSync(templatePath, 'utf8')));
    const destinationId = onlyResource(template, 'AWS::Logs::Destination').logicalId;
    expect(onlyResource(template, 'AWS::Logs::SubscriptionFilter').resource.DependsOn).toEqual([destinationId]);
    expect(onlyResource(templateOf(management), 'AWS::CloudFormation::StackSet').resource.DependsOn).toBeUndefined();
    expect(management.dependencies).toEqual([]);
  });

  test('fails when a finding of a construct inside the template fails the synth, as in a normal stack', () => {
    const app = initApp();
    const management = new Stack(app, 'Management', { env: { account: '888888888888', region: REGION } });
    const member = new StackSetStack(management, 'EveryAccount');
    new AccountSubscriptionFilter(member, 'AllLogGroups', {
      destination: LogDestination.fromDestinationAttributes(member, 'Central', {
        destinationArn: `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${RECIPIENT}:destination:central-logs`, organizationAccess: true,
      }),
      excludeLogGroups: Array.from({ length: 1000 }, (_, i) => `/aws/lambda/function-with-a-long-name-${i}`),
    });
    stackSetOf(management, member);
    expectSynthFinding(() => app.synth(), { path: 'Management/EveryAccount/AllLogGroups', property: 'excludeLogGroups', fragment: 'of 1000 log group(s)' });
  });
});

describe('cycles the library\'s ordering would cause', () => {
  test('throws when a stack subscribes its own log group to a destination in front of its own stream', () => {
    const app = initApp();
    const data = senderStack(app, 'Data', RECIPIENT);
    const stream = new kinesis.Stream(data, 'Stream');
    const central = senderStack(app, 'Central', RECIPIENT);
    const destination = new LogDestination(central, 'Destination', { target: LogDestinationTarget.kinesisStream(stream) });
    subscribe(data, destination);
    expectLibraryError(() => app.synth(), {
      path: 'Data/Logs/ToCentral', property: 'destination', value: '\'Central/Destination\'', fragment: 'Central deploys after Data (Central/Destination uses Data/Stream)',
    });
  });

  test('throws when the destination\'s stack depends on the sender stack', () => {
    const app = initApp();
    const { recipient, destination } = centralDestination(app);
    const sender = senderStack(app, 'Sender', SENDER);
    recipient.node.addDependency(sender);
    subscribe(sender, destination);
    expectLibraryError(() => app.synth(), {
      path: 'Sender/Logs/ToCentral', property: 'destination', value: '\'Recipient/Central\'', fragment: '(Recipient depends on Sender)',
    });
  });

  test('throws when a delivery waits for a delivery destination whose bucket is in the delivery\'s stack', () => {
    const app = initApp();
    const data = senderStack(app, 'Data', RECIPIENT);
    const bucket = new s3.Bucket(data, 'Bucket');
    const central = senderStack(app, 'Central', RECIPIENT);
    const archive = new DeliveryDestination(central, 'Archive', { target: DeliveryDestinationTarget.s3(bucket) });
    const bus = new events.EventBus(data, 'Bus');
    new DeliverySource(data, 'BusLogs', { resourceArn: bus.eventBusArn, logType: 'INFO_LOGS' }).deliverTo(archive);
    expectLibraryError(() => app.synth(), { path: /Data\/BusLogs\/\S+/, property: 'destination', value: '\'Central/Archive\'', fragment: 'Central deploys after Data' });
  });
});
