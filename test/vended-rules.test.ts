/**
 * The vended-logs rules of AWS's recipes (issue 11) and the app shapes of issue 12, for the
 * DeliveryDestination / DeliverySource / Delivery family.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { App, Aws, CfnParameter, Fn, Lazy, Stack } from 'aws-cdk-lib/core';
import { Delivery, DeliveryDestination, DeliveryDestinationTarget, DeliveryDestinationType, DeliverySource } from '../lib';
import { expectLibraryError, expectSynthFinding } from './support/errors';
import { literalRefs as literal, onlyResource, OTHER_SENDER, RECIPIENT, SENDER, templateOf, testApp, testStack } from './util';

const DELIVERY = 'delivery.logs.amazonaws.com';
const ORG = 'o-a1b2c3d4e5';
const DISTRIBUTION_ARN = `arn:aws:cloudfront::${RECIPIENT}:distribution/E1A2B3C4D5E6F7`;
const sourceArn = (account: string) => `arn:aws:logs:us-east-1:${account}:delivery-source:*`;

function bucketStatements(stack: Stack): any[] {
  return literal(onlyResource(templateOf(stack), 'AWS::S3::BucketPolicy').resource.Properties.PolicyDocument.Statement);
}

function env(account: string, region = 'us-east-1') {
  return { env: { account, region } };
}

describe('S3 bucket policy (Logs sent to Amazon S3, V2)', () => {
  test('admits the default and the Hive-compatible key of every admitted account', () => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
    destination.grantSubscribe(SENDER);

    const [write] = bucketStatements(stack);
    expect(write.Action).toEqual('s3:PutObject');
    expect(write.Resource.map((r: string) => r.replace(/^\$\{Bucket\w+\.Arn\}/, ''))).toEqual([
      `/AWSLogs/${RECIPIENT}/*`, `/AWSLogs/aws-account-id=${RECIPIENT}/*`,
      `/AWSLogs/${SENDER}/*`, `/AWSLogs/aws-account-id=${SENDER}/*`,
    ]);
  });

  test('lets the delivery service list the bucket and read its ACL, with the same source conditions', () => {
    const stack = testStack();
    new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')), subscriberAccounts: [SENDER] });

    const [write, check] = bucketStatements(stack);
    expect(check).toEqual({
      Effect: 'Allow',
      Principal: { Service: DELIVERY },
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: expect.stringMatching(/^\$\{Bucket\w+\.Arn\}$/),
      Condition: {
        StringEquals: { 'aws:SourceAccount': [RECIPIENT, SENDER] },
        ArnLike: { 'aws:SourceArn': [sourceArn(RECIPIENT), sourceArn(SENDER)] },
      },
    });
    expect(write.Condition.ArnLike).toEqual(check.Condition.ArnLike);
  });

  test('a destination prefix goes into the destination ARN and replaces the AWSLogs path in the policy', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    new DeliveryDestination(stack, 'Archive', {
      target: DeliveryDestinationTarget.s3(bucket, { prefix: 'vended/cdn' }),
      subscriberAccounts: [SENDER],
      subscriberOrganizationIds: [ORG],
    });

    const { resource } = onlyResource(templateOf(stack), 'AWS::Logs::DeliveryDestination');
    expect(literal(resource.Properties.DestinationResourceArn)).toMatch(/^\$\{Bucket\w+\.Arn\}\/vended\/cdn$/);
    const writes = bucketStatements(stack).filter(s => s.Action === 's3:PutObject');
    expect(writes.map(s => s.Resource)).toEqual([
      expect.stringMatching(/^\$\{Bucket\w+\.Arn\}\/vended\/cdn\/\*$/),
      expect.stringMatching(/^\$\{Bucket\w+\.Arn\}\/vended\/cdn\/\*$/),
    ]);
  });

  test.each([
    ['starts with a slash', '/logs', 'it starts or ends with \'/\''],
    ['ends with a slash', 'logs/', 'it starts or ends with \'/\''],
    ['has a wildcard', 'logs/*', 'it contains \'*\' or \'?\''],
    ['is empty', '', 'it is empty'],
  ])('fails when the prefix %s', (_, prefix, fragment) => {
    const stack = testStack();
    expectLibraryError(() => new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'B2'), { prefix }) }),
      { path: 'Stack/Archive', property: 'prefix', value: `'${prefix}'`, fragment });
  });

  test('organization grants cover the default and the Hive-compatible keys', () => {
    const stack = testStack();
    new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')), subscriberOrganizationIds: [ORG] });
    const org = bucketStatements(stack).filter(s => s.Condition.StringEquals['aws:SourceOrgID']);
    expect(org.map(s => s.Action)).toEqual(['s3:PutObject', ['s3:GetBucketAcl', 's3:ListBucket']]);
    expect(org[0].Resource).toMatch(/\/AWSLogs\/\*$/);
  });

  test('fails at synth when the bucket policy passes 20 KB, saying how many accounts and suggesting the organization grant', () => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
    for (let i = 0; i < 120; i++) {
      destination.grantSubscribe(String(100000000000 + i));
    }
    const finding = expectSynthFinding(() => templateOf(stack), { path: 'Stack/Archive', property: 'grants', fragment: '120 account(s)' });
    expect(finding).toContain('grantSubscribeOrganization');
  });

  test('does not fail below 20 KB', () => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
    for (let i = 0; i < 20; i++) {
      destination.grantSubscribe(String(100000000000 + i));
    }
    expect(bucketStatements(stack)[0].Resource).toHaveLength(42);
  });
});

describe('KMS-encrypted buckets', () => {
  // AWS's key statement itself: delivery-destination.test.ts ('lets the delivery service use a customer-managed key').

  test('fails when the bucket is encrypted with the AWS-managed key aws/s3', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Bucket', { encryption: s3.BucketEncryption.KMS_MANAGED });
    expectLibraryError(() => new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(bucket) }),
      { path: 'Stack/Archive', property: 'target', value: '\'Stack/Bucket\'', fragment: 'AWS managed key' });
  });
});

describe('cross-account delivery exists only for S3 and Firehose', () => {
  const cwl = (stack: Stack) => DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'Group'));

  test.each([
    ['a CloudWatch Logs', cwl],
    ['an X-Ray', (_: Stack) => DeliveryDestinationTarget.xray()],
  ])('throws when %s destination grants another account', (what, target) => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Dest', { target: target(stack) });
    expectLibraryError(() => destination.grantSubscribe(SENDER), {
      path: 'Stack/Dest', property: 'account', value: `'${SENDER}'`, fragment: `${what} delivery destination cannot take deliveries from another account`,
    });
    expectLibraryError(() => destination.grantSubscribeOrganization(ORG),
      { path: 'Stack/Dest', property: 'organizationId', value: `'${ORG}'`, fragment: 'only Amazon S3 and Firehose' });
  });

  test('throws for the subscriber props too', () => {
    const stack = testStack();
    expectLibraryError(() => new DeliveryDestination(stack, 'Dest', { target: cwl(stack), subscriberAccounts: [SENDER] }),
      { path: 'Stack/Dest', property: 'account', fragment: 'only Amazon S3 and Firehose' });
    expectLibraryError(() => new DeliveryDestination(stack, 'Traces', { target: DeliveryDestinationTarget.xray(), subscriberOrganizationIds: [ORG] }),
      { path: 'Stack/Traces', property: 'organizationId', fragment: 'only Amazon S3 and Firehose' });
  });

  test('granting the destination\'s own account is a no-op that adds no statement', () => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Dest', { target: cwl(stack) });
    expect(destination.grantSubscribe(RECIPIENT).statementAdded).toBe(false);
    templateOf(stack).hasResourceProperties('AWS::Logs::DeliveryDestination', { DeliveryDestinationPolicy: Match.absent() });
  });

  test('fails at synth when a token account is granted on a CloudWatch Logs destination', () => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Dest', { target: cwl(stack) });
    destination.grantSubscribe(new CfnParameter(stack, 'Account').valueAsString);
    // A validation finding: aws-cdk-lib prints the path in front, and the finding does not repeat it.
    const finding = expectSynthFinding(() => templateOf(stack),
      { path: 'Stack/Dest', property: 'account', value: '\'${Account}\'', fragment: 'only Amazon S3 and Firehose' });
    expect(finding.split('Stack/Dest').length - 1).toBe(1);
  });

  test.each([
    ['an S3', (stack: Stack) => DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket'))],
    ['a CloudWatch Logs', (stack: Stack) => cwl(stack)],
  ])('granting Aws.ACCOUNT_ID on %s destination is a no-op, with or without an account on the stack', (_, target) => {
    for (const stack of [testStack(), new Stack(testApp(), 'Agnostic')]) {
      const destination = new DeliveryDestination(stack, 'Dest', { target: target(stack) });
      expect(destination.grantSubscribe(Aws.ACCOUNT_ID).statementAdded).toBe(false);
      templateOf(stack).hasResourceProperties('AWS::Logs::DeliveryDestination', { DeliveryDestinationPolicy: Match.absent() });
    }
  });

  test('an account granted twice, under any spelling, is one grant', () => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Dest', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
    const parameter = new CfnParameter(stack, 'Account');
    expect(destination.grantSubscribe(SENDER).statementAdded).toBe(true);
    expect(destination.grantSubscribe(Lazy.string({ produce: () => SENDER })).statementAdded).toBe(false);
    expect(destination.grantSubscribe(parameter.valueAsString).statementAdded).toBe(true);
    expect(destination.grantSubscribe(Fn.ref(parameter.logicalId)).statementAdded).toBe(false);
    // The destination's own account, as a token that resolves to it, is no grant at all.
    expect(destination.grantSubscribe(Lazy.string({ produce: () => RECIPIENT })).statementAdded).toBe(false);
    const policy = onlyResource(templateOf(stack), 'AWS::Logs::DeliveryDestination').resource.Properties.DeliveryDestinationPolicy;
    expect(literal(policy.DeliveryDestinationPolicy.Statement[0].Principal.AWS)).toEqual([`arn:aws:iam::${SENDER}:root`, 'arn:aws:iam::${Account}:root']);
  });

  test('a parameter of another stack with the same name as one granted is another account', () => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Dest', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
    const other = new Stack(App.of(stack)!, 'Other', env(RECIPIENT));
    expect(destination.grantSubscribe(new CfnParameter(stack, 'Account').valueAsString).statementAdded).toBe(true);
    expect(destination.grantSubscribe(new CfnParameter(other, 'Account').valueAsString).statementAdded).toBe(true);
  });
});

test('fails when a delivery goes to an imported CloudWatch Logs destination of another account', () => {
  const stack = testStack(env(SENDER));
  const imported = DeliveryDestination.fromDeliveryDestinationAttributes(stack, 'Central', {
    deliveryDestinationArn: `arn:aws:logs:us-east-1:${RECIPIENT}:delivery-destination:central`,
    destinationType: DeliveryDestinationType.CLOUDWATCH_LOGS,
  });
  const source = new DeliverySource(stack, 'Bus', { resourceArn: new events.EventBus(stack, 'EventBus').eventBusArn, logType: 'INFO_LOGS' });
  expectLibraryError(() => source.deliverTo(imported), {
    path: /Stack\/Bus\/\w+/, property: 'destination', value: '\'Stack/Central\'',
    fragment: `CloudWatch Logs in account ${RECIPIENT} and the source is in ${SENDER}`,
  });
});

describe('Firehose targets', () => {
  test('fails when the delivery stream reads from a Kinesis stream instead of Direct PUT', () => {
    const stack = testStack();
    const stream = new firehose.DeliveryStream(stack, 'Stream', {
      source: new firehose.KinesisStreamSource(new kinesis.Stream(stack, 'Kinesis')),
      destination: new firehose.S3Bucket(new s3.Bucket(stack, 'Landing')),
    });
    expectLibraryError(() => new DeliveryDestination(stack, 'Dest', { target: DeliveryDestinationTarget.firehose(stream) }),
      { path: 'Stack/Dest', property: 'target', value: '\'Stack/Stream\'', fragment: 'KinesisStreamAsSource' });
  });
});

describe('sources whose logs one Region delivers', () => {
  test('fails when a CloudFront distribution\'s source is created outside us-east-1', () => {
    const stack = testStack(env(RECIPIENT, 'eu-west-1'));
    expectLibraryError(() => new DeliverySource(stack, 'Cdn', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' }),
      { path: 'Stack/Cdn', property: 'resourceArn', fragment: 'AWS::CloudFront::Distribution are delivered through us-east-1 only' });
  });

  test('lets it through in us-east-1 and in an environment-agnostic stack', () => {
    new DeliverySource(testStack(), 'Cdn', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' });
    const agnostic = new Stack(testApp(), 'Agnostic');
    new DeliverySource(agnostic, 'Cdn', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' });
    templateOf(agnostic).resourceCountIs('AWS::Logs::DeliverySource', 1);
  });
});

describe('delivery ordering', () => {
  test('deliveries to one destination are created one at a time, even from different sources', () => {
    const stack = testStack();
    const archive = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
    const bus = new events.EventBus(stack, 'Bus');
    const info = new DeliverySource(stack, 'Info', { resourceArn: bus.eventBusArn, logType: 'INFO_LOGS' });
    const errors = new DeliverySource(stack, 'Errors', { resourceArn: bus.eventBusArn, logType: 'ERROR_LOGS' });
    const first = info.deliverTo(archive);
    const second = errors.deliverTo(archive);

    const deliveries = templateOf(stack).findResources('AWS::Logs::Delivery');
    const id = (d: Delivery) => stack.getLogicalId(d.node.defaultChild as any);
    expect(deliveries[id(second)].DependsOn).toContain(id(first));
    expect(deliveries[id(first)].DependsOn).not.toContain(id(second));
  });

  test('keeps no state between apps: the same construct paths in a new app start a fresh chain', () => {
    const build = () => {
      const stack = testStack();
      const archive = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
      return new DeliverySource(stack, 'Cdn', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' }).deliverTo(archive);
    };
    build();
    const again = build();
    const { resource } = onlyResource(templateOf(Stack.of(again)), 'AWS::Logs::Delivery');
    expect(resource.DependsOn).toHaveLength(2);
  });

  test('deliveries in several stacks to one destination synthesize without a cycle', () => {
    const app = testApp();
    const central = new Stack(app, 'Central', env(RECIPIENT));
    const archive = new DeliveryDestination(central, 'Archive', {
      target: DeliveryDestinationTarget.s3(new s3.Bucket(central, 'Bucket')), subscriberAccounts: [SENDER, OTHER_SENDER],
    });
    for (const [name, account] of [['EdgeA', SENDER], ['EdgeB', OTHER_SENDER]]) {
      const edge = new Stack(app, name, env(account));
      new DeliverySource(edge, 'Bus', { resourceArn: new events.EventBus(edge, 'EventBus').eventBusArn, logType: 'INFO_LOGS' }).deliverTo(archive);
    }
    expect(app.synth().stacks.map(artifact => artifact.stackName).sort()).toEqual(['Central', 'EdgeA', 'EdgeB']);
    // The edges deploy after the destination they deliver to, and the destination's stack waits for no edge.
    expect(central.dependencies).toEqual([]);
    for (const name of ['EdgeA', 'EdgeB']) {
      const edge = app.node.findChild(name) as Stack;
      expect(edge.dependencies).toEqual([central]);
      templateOf(edge).resourceCountIs('AWS::Logs::Delivery', 1);
    }
  });

  test('fails when two delivery sources name the same resource and log type', () => {
    const app = testApp();
    const one = new Stack(app, 'One', env(RECIPIENT));
    const two = new Stack(app, 'Two', env(RECIPIENT));
    new DeliverySource(one, 'Cdn', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' });
    new DeliverySource(one, 'CdnConnections', { resourceArn: DISTRIBUTION_ARN, logType: 'CONNECTION_LOGS' });
    expectLibraryError(() => new DeliverySource(two, 'Cdn', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' }),
      { path: 'Two/Cdn', property: 'resourceArn', fragment: 'One/Cdn already sends ACCESS_LOGS of this resource' });
  });
});

describe('app shapes', () => {
  test('fails when an owned destination of an environment-agnostic stack is used from a stack of a known account', () => {
    const app = testApp();
    const agnostic = new Stack(app, 'Central');
    const archive = new DeliveryDestination(agnostic, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(agnostic, 'Bucket')) });
    const edge = new Stack(app, 'Edge', env(SENDER));
    const source = new DeliverySource(edge, 'Bus', { resourceArn: new events.EventBus(edge, 'EventBus').eventBusArn, logType: 'INFO_LOGS' });
    expectLibraryError(() => source.deliverTo(archive),
      { path: /Edge\/Bus\/\w+/, property: 'destination', value: '\'Central/Archive\'', fragment: 'environment-agnostic' });
  });

  test('an agnostic destination used in its own stack renders its own pseudo parameters', () => {
    const stack = new Stack(testApp(), 'Agnostic');
    const archive = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
    new DeliverySource(stack, 'Bus', { resourceArn: new events.EventBus(stack, 'EventBus').eventBusArn, logType: 'INFO_LOGS' }).deliverTo(archive);
    templateOf(stack).resourceCountIs('AWS::Logs::Delivery', 1);
  });

  test('warns when one environment gets more CloudWatch Logs resource policies than the account quota of 10', () => {
    const app = testApp();
    const stacks = Array.from({ length: 11 }, (_, i) => new Stack(app, `S${i}`, env(RECIPIENT)));
    for (const stack of stacks) {
      new DeliveryDestination(stack, 'Dest', { target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'Group')) });
    }
    // Another Region of the account: its policy counts against that Region's quota, not this one's.
    const elsewhere = new Stack(app, 'Elsewhere', env(RECIPIENT, 'eu-west-1'));
    new DeliveryDestination(elsewhere, 'Dest', { target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(elsewhere, 'Group')) });
    Annotations.fromStack(stacks[0]).hasWarning('*', Match.stringLikeRegexp(
      '11 AWS::Logs::ResourcePolicy resources in account 999999999999 us-east-1.*quota of 10'));
  });

  /** `count` stacks of one environment, each with an X-Ray delivery destination (so its own X-Ray resource policy). */
  function xrayStacks(count: number): Stack[] {
    const app = testApp();
    const stacks = Array.from({ length: count }, (_, i) => new Stack(app, `S${i}`, env(RECIPIENT)));
    for (const stack of stacks) {
      new DeliveryDestination(stack, 'Traces', { target: DeliveryDestinationTarget.xray() });
    }
    return stacks;
  }

  test('warns when one environment gets more X-Ray resource policies than the quota of 5', () => {
    const stacks = xrayStacks(6);
    Annotations.fromStack(stacks[5]).hasWarning('*', Match.stringLikeRegexp('6 AWS::XRay::ResourcePolicy resources .*quota of 5'));
  });

  test('does not warn at the quota', () => {
    const stacks = xrayStacks(5);
    Annotations.fromStack(stacks[0]).hasNoWarning('*', Match.stringLikeRegexp('quota'));
  });

  test('a key in a third stack, its bucket in a second and the destination in a first, with literal grants, synthesize', () => {
    const app = testApp();
    const keys = new Stack(app, 'Keys', env(RECIPIENT));
    const storage = new Stack(app, 'Storage', env(RECIPIENT));
    const logging = new Stack(app, 'Logging', env(RECIPIENT));
    const bucket = new s3.Bucket(storage, 'Bucket', { encryptionKey: new kms.Key(keys, 'Key') });
    new DeliveryDestination(logging, 'Archive', { target: DeliveryDestinationTarget.s3(bucket), subscriberAccounts: [SENDER] });
    const key = onlyResource(templateOf(keys), 'AWS::KMS::Key').resource;
    expect(literal(key.Properties.KeyPolicy.Statement).find((st: any) => st.Principal.Service === DELIVERY).Condition.StringEquals)
      .toEqual({ 'aws:SourceAccount': [RECIPIENT, SENDER] });
    expect(logging.dependencies.map(d => d.node.id).sort()).toEqual(['Keys', 'Storage']);
  });

  test('fails with a library error when the bucket\'s key in another stack would take a grant given as a parameter', () => {
    const app = testApp();
    const keys = new Stack(app, 'Keys', env(RECIPIENT));
    const logging = new Stack(app, 'Logging', env(RECIPIENT));
    const bucket = new s3.Bucket(logging, 'Bucket', { encryptionKey: new kms.Key(keys, 'Key') });
    const destination = new DeliveryDestination(logging, 'Archive', { target: DeliveryDestinationTarget.s3(bucket) });
    expectLibraryError(() => destination.grantSubscribeOrganization(new CfnParameter(logging, 'Org').valueAsString),
      { path: 'Logging/Archive', property: 'organizationId', value: '\'${Org}\'', fragment: 'permissions live in stack Keys' });
  });

  test('a bucket in one stack and its destination in another, with literal grants, synthesize', () => {
    const app = testApp();
    const storage = new Stack(app, 'Storage', env(RECIPIENT));
    const logging = new Stack(app, 'Logging', env(RECIPIENT));
    const bucket = new s3.Bucket(storage, 'Bucket', { encryptionKey: new kms.Key(storage, 'Key') });
    new DeliveryDestination(logging, 'Archive', { target: DeliveryDestinationTarget.s3(bucket), subscriberAccounts: [SENDER] });
    expect(bucketStatements(storage)[0].Condition.StringEquals['aws:SourceAccount']).toEqual([RECIPIENT, SENDER]);
  });

  test('fails with a library error when a bucket of another stack would take a grant given as a parameter', () => {
    const app = testApp();
    const storage = new Stack(app, 'Storage', env(RECIPIENT));
    const logging = new Stack(app, 'Logging', env(RECIPIENT));
    const destination = new DeliveryDestination(logging, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(storage, 'Bucket')) });
    expectLibraryError(() => destination.grantSubscribe(new CfnParameter(logging, 'Account').valueAsString),
      { path: 'Logging/Archive', property: 'account', value: '\'${Account}\'', fragment: 'permissions live in stack Storage' });
    // Aws.ACCOUNT_ID is the destination's own account: no grant, so no reference either. A literal account is no reference.
    expect(destination.grantSubscribe(Aws.ACCOUNT_ID).statementAdded).toBe(false);
    expect(destination.grantSubscribe(SENDER).statementAdded).toBe(true);
    app.synth();
    expect(bucketStatements(storage)[0].Condition.StringEquals['aws:SourceAccount']).toEqual([RECIPIENT, SENDER]);
  });
});

describe('resource types inferred from attribute ARNs', () => {
  test.each([
    ['a Kinesis stream', (s: Stack) => new kinesis.Stream(s, 'R').streamArn, 'AWS::Kinesis::Stream'],
    ['an SQS queue', (s: Stack) => new sqs.Queue(s, 'R').queueArn, 'AWS::SQS::Queue'],
  ])('fails for %s, which vends no logs, as an explicit resourceType does', (_, arnOf, type) => {
    const stack = testStack();
    expectLibraryError(() => new DeliverySource(stack, 'Src', { resourceArn: arnOf(stack), logType: 'ACCESS_LOGS' }),
      { path: 'Stack/Src', property: 'resourceType', value: `'${type}'`, fragment: 'has no such resource type' });
    expectLibraryError(() => new DeliverySource(stack, 'Explicit', { resourceArn: 'arn:aws:sqs:us-east-1:999999999999:q', resourceType: type, logType: 'ACCESS_LOGS' }),
      { path: 'Stack/Explicit', property: 'resourceType', value: `'${type}'`, fragment: 'has no such resource type' });
  });

  test('skipLogTypeCheck lets it through', () => {
    const stack = testStack();
    const source = new DeliverySource(stack, 'Src', { resourceArn: new kinesis.Stream(stack, 'R').streamArn, logType: 'NEW_LOGS', skipLogTypeCheck: true });
    expect(source.resourceType).toBeUndefined();
  });
});

describe('messages', () => {
  test('a token value prints as the reference it resolves to, as in every other message, not as ${Token[...]}', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    const prefix = new CfnParameter(stack, 'P').valueAsString;
    new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(bucket, { prefix }) });
    const cwl = new DeliveryDestination(stack, 'Group', { target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'G')) });
    cwl.grantSubscribe(new CfnParameter(stack, 'B').valueAsString);
    const finding = expectSynthFinding(() => App.of(stack)!.synth(),
      { path: 'Stack/Group', property: 'account', value: '\'${B}\'', fragment: 'only Amazon S3 and Firehose' });
    expect(finding).not.toMatch(/\$\{Token\[/);
  });
});

describe('addToResourcePolicy and what grants return', () => {
  test('writes a statement into the delivery destination policy', () => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
    const result = destination.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AuditRead',
      principals: [new iam.AccountPrincipal(SENDER)],
      actions: ['logs:GetDeliveryDestination'],
      resources: [destination.deliveryDestinationArn],
    }));
    expect(result.statementAdded).toBe(true);
    const { resource } = onlyResource(templateOf(stack), 'AWS::Logs::DeliveryDestination');
    expect(literal(resource.Properties.DeliveryDestinationPolicy.DeliveryDestinationPolicy.Statement)).toEqual([{
      Sid: 'AuditRead',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${SENDER}:root` },
      Action: 'logs:GetDeliveryDestination',
      Resource: expect.stringMatching(/:delivery-destination:StackArchive/),
    }]);
  });

  test('throws when the statement has no principal', () => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
    expectLibraryError(() => destination.addToResourcePolicy(new iam.PolicyStatement({ actions: ['logs:CreateDelivery'], resources: ['*'] })),
      { path: 'Stack/Archive', property: 'statement', value: '\'logs:CreateDelivery\'', fragment: 'at least one IAM principal' });
  });

  test('grants report statementAdded only when they changed the policy', () => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
    expect(destination.grantSubscribe(SENDER).statementAdded).toBe(true);
    expect(destination.grantSubscribe(SENDER).statementAdded).toBe(false);
    expect(destination.grantSubscribe(RECIPIENT).statementAdded).toBe(false);
    expect(destination.grantSubscribeOrganization(ORG).statementAdded).toBe(true);
    expect(destination.grantSubscribeOrganization(ORG).statementAdded).toBe(false);
  });
});
