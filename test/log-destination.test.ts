import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, Aws, CfnParameter, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib/core';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct, IConstruct } from 'constructs';
import { LogDestination, LogDestinationTarget } from '../lib';
import { expectLibraryError } from './support/errors';
import { accessPolicyOf, joinLiteral, onlyResource, OTHER_SENDER, RECIPIENT, SENDER, templateOf, testApp, testStack } from './util';

const STREAM_ARN = `arn:aws:kinesis:us-east-1:${RECIPIENT}:stream/central`;
const FIREHOSE_ARN = `arn:aws:firehose:us-east-1:${RECIPIENT}:deliverystream/central`;

function kinesisDestination(stack: Stack = testStack(), props: Partial<ConstructorParameters<typeof LogDestination>[2]> = {}) {
  const stream = new kinesis.Stream(stack, 'Stream');
  const destination = new LogDestination(stack, 'Central', { target: LogDestinationTarget.kinesisStream(stream), ...props });
  return { stack, stream, destination };
}

/** The trust statements of the only role created by the destination. */
function trustOf(template: Template): any[] {
  return onlyResource(template, 'AWS::IAM::Role').resource.Properties.AssumeRolePolicyDocument.Statement;
}

function sourceArnsOf(template: Template): string[] {
  const condition = trustOf(template)[0].Condition.StringLike['aws:SourceArn'];
  return (Array.isArray(condition) ? condition : [condition]).map(joinLiteral);
}

describe('LogDestination with a Kinesis data stream', () => {
  test('creates a destination and a role with least-privilege inline permissions, and nothing else', () => {
    const { stack } = kinesisDestination();
    const template = templateOf(stack);

    template.resourceCountIs('AWS::Logs::Destination', 1);
    template.resourceCountIs('AWS::IAM::Role', 1);
    // Inline permissions: there is no separate policy resource the destination could race.
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const role = onlyResource(template, 'AWS::IAM::Role');
    template.hasResourceProperties('AWS::Logs::Destination', {
      TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Stream'), 'Arn'] },
      RoleArn: { 'Fn::GetAtt': [role.logicalId, 'Arn'] },
      DestinationPolicy: Match.absent(),
    });
    expect(role.resource.Properties.Policies).toEqual([{
      PolicyName: 'Delivery',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Stream/), 'Arn'] } }],
      },
    }]);
    const statements = role.resource.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toEqual({ Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Stream/), 'Arn'] } });
  });

  test('the role trusts CloudWatch Logs only for the recipient account when nothing is granted', () => {
    const { stack } = kinesisDestination();
    const template = templateOf(stack);
    const trust = trustOf(template);
    expect(trust).toHaveLength(1);
    expect(trust[0]).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'logs.amazonaws.com' } });
    expect(sourceArnsOf(template)).toEqual([`arn:aws:logs:us-east-1:${RECIPIENT}:*`]);
  });

  test('adds kms:GenerateDataKey on the customer-managed key of an encrypted stream', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const stream = new kinesis.Stream(stack, 'Stream', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: key });
    new LogDestination(stack, 'Central', { target: LogDestinationTarget.kinesisStream(stream) });

    const role = onlyResource(templateOf(stack), 'AWS::IAM::Role');
    const statements = role.resource.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] } });
    expect(statements).toHaveLength(2);
  });

  test('asks for no key permission when the stream uses the AWS-managed key', () => {
    const stack = testStack();
    const stream = new kinesis.Stream(stack, 'Stream', { encryption: kinesis.StreamEncryption.MANAGED });
    new LogDestination(stack, 'Central', { target: LogDestinationTarget.kinesisStream(stream) });
    const role = onlyResource(templateOf(stack), 'AWS::IAM::Role');
    expect(JSON.stringify(role.resource.Properties.Policies)).not.toContain('kms:');
  });

  test('grants nothing on "*"', () => {
    const { stack, destination } = kinesisDestination();
    destination.grantSubscribe(SENDER);
    destination.grantSubscribeOrganization('o-a1b2c3d4e5');
    const role = onlyResource(templateOf(stack), 'AWS::IAM::Role');
    for (const statement of role.resource.Properties.Policies[0].PolicyDocument.Statement) {
      expect(statement.Resource).not.toEqual('*');
      expect(JSON.stringify(statement.Action)).not.toContain('*');
    }
  });
});

describe('LogDestination with a Firehose delivery stream', () => {
  test('grants firehose:PutRecord and PutRecordBatch on an owned delivery stream', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    const deliveryStream = new firehose.DeliveryStream(stack, 'Firehose', { destination: new firehose.S3Bucket(bucket) });
    new LogDestination(stack, 'Central', { target: LogDestinationTarget.firehose(deliveryStream) });

    const template = templateOf(stack);
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Policies: Match.anyValue() } });
    const ours = Object.values<any>(roles).find(r => r.Properties.Policies[0].PolicyName === 'Delivery');
    expect(ours.Properties.Policies[0].PolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Firehose/), 'Arn'] },
    }]);
    template.hasResourceProperties('AWS::Logs::Destination', { TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Firehose'), 'Arn'] } });
  });

  test('works with an imported delivery stream', () => {
    const stack = testStack();
    const deliveryStream = firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Firehose', FIREHOSE_ARN);
    new LogDestination(stack, 'Central', { target: LogDestinationTarget.firehose(deliveryStream) });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Logs::Destination', { TargetArn: FIREHOSE_ARN });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{ PolicyName: 'Delivery', PolicyDocument: { Statement: [{ Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: FIREHOSE_ARN }] } }],
    });
  });
});

describe('LogDestinationTarget.fromArn', () => {
  test.each([
    [STREAM_ARN, 'kinesis:PutRecord'],
    [FIREHOSE_ARN, ['firehose:PutRecord', 'firehose:PutRecordBatch']],
  ])('infers the actions for %s', (arn, actions) => {
    const stack = testStack();
    new LogDestination(stack, 'Central', { target: LogDestinationTarget.fromArn(arn) });
    templateOf(stack).hasResourceProperties('AWS::IAM::Role', {
      Policies: [{ PolicyDocument: { Statement: [{ Action: actions, Resource: arn }] } }],
    });
  });

  test('uses the actions and key it is given', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${RECIPIENT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    new LogDestination(stack, 'Central', {
      target: LogDestinationTarget.fromArn(STREAM_ARN, { actions: ['kinesis:PutRecord', 'kinesis:PutRecords'], encryptionKey: key }),
    });
    templateOf(stack).hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyDocument: {
          Statement: [
            { Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Resource: STREAM_ARN },
            { Action: 'kms:GenerateDataKey', Resource: key.keyArn },
          ],
        },
      }],
    });
  });

  test('takes a token ARN with a role of your own', () => {
    const stack = testStack();
    const arn = new CfnParameter(stack, 'TargetArn').valueAsString;
    const role = iam.Role.fromRoleArn(stack, 'Role', `arn:aws:iam::${RECIPIENT}:role/logs-delivery`, { mutable: false });
    new LogDestination(stack, 'Central', { target: LogDestinationTarget.fromArn(arn), role });
    templateOf(stack).hasResourceProperties('AWS::Logs::Destination', {
      TargetArn: { Ref: 'TargetArn' },
      RoleArn: `arn:aws:iam::${RECIPIENT}:role/logs-delivery`,
    });
  });
});

describe('grants and the access policy', () => {
  test('merges granted accounts into one statement of bare, sorted account IDs', () => {
    const { stack, destination } = kinesisDestination(undefined, { destinationName: 'central-logs' });
    destination.grantSubscribe(OTHER_SENDER);
    destination.grantSubscribe(SENDER);
    destination.grantSubscribe(SENDER);

    expect(accessPolicyOf(stack)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'SubscriberAccounts',
        Effect: 'Allow',
        Principal: { AWS: [SENDER, OTHER_SENDER] },
        Action: 'logs:PutSubscriptionFilter',
        Resource: `arn:aws:logs:us-east-1:${RECIPIENT}:destination:central-logs`,
      }],
    });
  });

  test('a single account is a plain string principal', () => {
    const { stack } = kinesisDestination(undefined, { subscriberAccounts: [SENDER] });
    expect(accessPolicyOf(stack).Statement[0].Principal).toEqual({ AWS: SENDER });
  });

  test('adds every granted account to the role trust, with the recipient first', () => {
    const { stack, destination } = kinesisDestination(undefined, { subscriberAccounts: [SENDER] });
    destination.grantSubscribe(OTHER_SENDER);
    expect(sourceArnsOf(templateOf(stack))).toEqual([RECIPIENT, SENDER, OTHER_SENDER].map(a => `arn:aws:logs:us-east-1:${a}:*`));
  });

  test('an organization grant uses aws:PrincipalOrgID in the policy and aws:SourceOrgID in the trust', () => {
    const { stack, destination } = kinesisDestination(undefined, { destinationName: 'central-logs' });
    destination.grantSubscribeOrganization('o-a1b2c3d4e5');
    destination.grantSubscribeOrganization('o-zzzzzzzzzz');

    expect(accessPolicyOf(stack).Statement).toEqual([{
      Sid: 'SubscriberOrganizations',
      Effect: 'Allow',
      Principal: '*',
      Action: 'logs:PutSubscriptionFilter',
      Resource: `arn:aws:logs:us-east-1:${RECIPIENT}:destination:central-logs`,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5', 'o-zzzzzzzzzz'] } },
    }]);
    const trust = trustOf(templateOf(stack));
    expect(trust).toHaveLength(2);
    expect(trust[1]).toEqual({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { Service: 'logs.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceOrgID': ['o-a1b2c3d4e5', 'o-zzzzzzzzzz'] } },
    });
  });

  test('subscriberAccounts and subscriberOrganizationIds are the same as the grant methods', () => {
    const viaProps = kinesisDestination(undefined, { subscriberAccounts: [SENDER], subscriberOrganizationIds: ['o-a1b2c3d4e5'] });
    const viaGrants = kinesisDestination();
    viaGrants.destination.grantSubscribe(SENDER);
    viaGrants.destination.grantSubscribeOrganization('o-a1b2c3d4e5');
    expect(templateOf(viaProps.stack).toJSON()).toEqual(templateOf(viaGrants.stack).toJSON());
  });

  test('accountLevelSubscriptions adds logs:PutAccountPolicy', () => {
    const { stack } = kinesisDestination(undefined, { subscriberAccounts: [SENDER], accountLevelSubscriptions: true });
    expect(accessPolicyOf(stack).Statement[0].Action).toEqual(['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy']);
  });

  test('accepts accounts given as tokens', () => {
    const stack = testStack();
    const account = new CfnParameter(stack, 'SenderAccount').valueAsString;
    const { destination } = kinesisDestination(stack);
    destination.grantSubscribe(account);
    destination.grantSubscribe(Aws.ACCOUNT_ID);
    const template = templateOf(stack);
    const policy = JSON.stringify(onlyResource(template, 'AWS::Logs::Destination').resource.Properties.DestinationPolicy);
    expect(policy).toContain('{"Ref":"SenderAccount"}');
    // Aws.ACCOUNT_ID is the stack's own account, written as the literal the stack knows.
    expect(policy).toContain(`[\\"${RECIPIENT}\\",\\"`);
    expect(policy).not.toContain('AWS::AccountId');
    expect(JSON.stringify(trustOf(template))).toContain('{"Ref":"SenderAccount"}');
  });

  test('works in an environment-agnostic stack', () => {
    const stack = new Stack(testApp(), 'Agnostic');
    const { destination } = kinesisDestination(stack, { subscriberAccounts: [SENDER] });
    destination.grantSubscribeOrganization('o-a1b2c3d4e5');
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Logs::Destination', { DestinationPolicy: Match.anyValue() });
    expect(JSON.stringify(trustOf(template))).toContain('{"Ref":"AWS::Region"}');
  });

  test('omits the policy entirely, never "", when nothing is granted', () => {
    const { stack } = kinesisDestination();
    const { resource } = onlyResource(templateOf(stack), 'AWS::Logs::Destination');
    expect(resource.Properties).not.toHaveProperty('DestinationPolicy');
  });

  test('past 24 granted accounts the trust names the whole region, with a warning', () => {
    const { stack, destination } = kinesisDestination();
    for (let i = 0; i < LogDestination.MAX_TRUSTED_SOURCE_ACCOUNTS; i++) {
      destination.grantSubscribe(String(100000000000 + i));
    }
    expect(sourceArnsOf(templateOf(stack))).toEqual(['arn:aws:logs:us-east-1:*:*']);
    Annotations.fromStack(stack).hasWarning('/Stack/Central', Match.stringLikeRegexp('too many to list in its trust policy'));
    // The access policy still lists every account.
    expect(accessPolicyOf(stack).Statement[0].Principal.AWS).toHaveLength(LogDestination.MAX_TRUSTED_SOURCE_ACCOUNTS);
  });

  test('24 accounts are still listed one by one, without a warning', () => {
    const { stack, destination } = kinesisDestination();
    for (let i = 0; i < LogDestination.MAX_TRUSTED_SOURCE_ACCOUNTS - 1; i++) {
      destination.grantSubscribe(String(100000000000 + i));
    }
    expect(sourceArnsOf(templateOf(stack))).toHaveLength(LogDestination.MAX_TRUSTED_SOURCE_ACCOUNTS);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('300 accounts fit in one access policy', () => {
    const { stack, destination } = kinesisDestination(undefined, { destinationName: 'central-logs' });
    for (let i = 0; i < 300; i++) {
      destination.grantSubscribe(String(100000000000 + i));
    }
    const { resource } = onlyResource(templateOf(stack), 'AWS::Logs::Destination');
    const rendered = joinLiteral(resource.Properties.DestinationPolicy);
    expect(Buffer.byteLength(rendered)).toBeLessThanOrEqual(5120);
    expect(JSON.parse(rendered).Statement[0].Principal.AWS).toHaveLength(300);
  });
});

describe('addToResourcePolicy', () => {
  test('rewrites account principals to bare IDs and fills in the destination ARN', () => {
    const { stack, destination } = kinesisDestination(undefined, { destinationName: 'central-logs' });
    destination.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'Custom',
      actions: ['logs:PutSubscriptionFilter'],
      principals: [new iam.AccountPrincipal(SENDER), new iam.ArnPrincipal(`arn:aws:iam::${OTHER_SENDER}:root`)],
    }));
    expect(accessPolicyOf(stack).Statement).toEqual([{
      Sid: 'Custom',
      Effect: 'Allow',
      Action: 'logs:PutSubscriptionFilter',
      Principal: { AWS: [SENDER, OTHER_SENDER] },
      Resource: `arn:aws:logs:us-east-1:${RECIPIENT}:destination:central-logs`,
    }]);
  });

  test('an OrganizationPrincipal becomes "*" with its aws:PrincipalOrgID condition', () => {
    const { stack, destination } = kinesisDestination();
    destination.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['logs:PutSubscriptionFilter'],
      principals: [new iam.OrganizationPrincipal('o-a1b2c3d4e5')],
    }));
    expect(accessPolicyOf(stack).Statement[0]).toMatchObject({
      Principal: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    });
  });

  test('a statement naming destinationArn causes no reference cycle', () => {
    // CloudFormation Validate fails the synth on a cycle; GetAtt Arn of the destination in its own policy would be one.
    const { stack, destination } = kinesisDestination();
    destination.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['logs:PutSubscriptionFilter'],
      principals: [new iam.AccountPrincipal(SENDER)],
      resources: [destination.destinationArn],
    }));
    const { logicalId, resource } = onlyResource(templateOf(stack), 'AWS::Logs::Destination');
    expect(JSON.stringify(resource.Properties.DestinationPolicy)).not.toContain(logicalId);
    expect(joinLiteral(resource.Properties.DestinationPolicy)).toContain(`:logs:us-east-1:${RECIPIENT}:destination:${destination.destinationName}`);
  });

  test('returns a result whose dependable is the destination', () => {
    const { destination } = kinesisDestination();
    const result = destination.addToResourcePolicy(new iam.PolicyStatement({ actions: ['logs:PutSubscriptionFilter'], principals: [new iam.AccountPrincipal(SENDER)] }));
    expect(result.statementAdded).toBe(true);
    expect(result.policyDependable).toBe(destination.node.defaultChild);
  });
});

describe('bring your own role', () => {
  test('adds the target permissions to a mutable role and orders the destination after them', () => {
    const stack = testStack();
    const role = new iam.Role(stack, 'MyRole', { assumedBy: new iam.ServicePrincipal('logs.amazonaws.com') });
    const { destination } = kinesisDestination(stack, { role });
    expect(destination.role).toBe(role);

    const template = templateOf(stack);
    template.resourceCountIs('AWS::IAM::Role', 1);
    const policy = onlyResource(template, 'AWS::IAM::Policy');
    expect(policy.resource.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Stream/), 'Arn'] } },
    ]);
    const { resource } = onlyResource(template, 'AWS::Logs::Destination');
    expect(resource.DependsOn).toContain(policy.logicalId);
    // The trust is the user's: it is not rewritten.
    expect(JSON.stringify(trustOf(template))).not.toContain('aws:SourceArn');
  });

  test('leaves an immutable imported role alone', () => {
    const stack = testStack();
    const role = iam.Role.fromRoleArn(stack, 'MyRole', `arn:aws:iam::${RECIPIENT}:role/existing`, { mutable: false });
    kinesisDestination(stack, { role, subscriberAccounts: [SENDER] });
    const template = templateOf(stack);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::Logs::Destination', { RoleArn: `arn:aws:iam::${RECIPIENT}:role/existing` });
  });
});

describe('sharing a generated role', () => {
  function sharedPair(stack: Stack = testStack()) {
    const { stream, destination: first } = kinesisDestination(stack, { subscriberAccounts: [SENDER] });
    const second = new LogDestination(stack, 'Second', { target: LogDestinationTarget.kinesisStream(stream), role: first.role });
    return { stack, stream, first, second };
  }

  test('one role serves both destinations: two destinations, one role, no separate policy', () => {
    const { stack, first, second } = sharedPair();
    expect(second.role).toBe(first.role);
    const template = templateOf(stack);
    template.resourceCountIs('AWS::Logs::Destination', 2);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const role = onlyResource(template, 'AWS::IAM::Role');
    // Both destinations target the same stream: the identical statement appears once.
    expect(role.resource.Properties.Policies[0].PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'kinesis:PutRecord', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Stream/), 'Arn'] } },
    ]);
    for (const destination of Object.values(template.findResources('AWS::Logs::Destination'))) {
      expect(destination.Properties.RoleArn).toEqual({ 'Fn::GetAtt': [role.logicalId, 'Arn'] });
    }
  });

  test('the trust follows the grants of every sharing destination, made before or after sharing', () => {
    const { stack, second } = sharedPair();
    second.grantSubscribe(OTHER_SENDER);
    expect(sourceArnsOf(templateOf(stack))).toEqual([RECIPIENT, SENDER, OTHER_SENDER].map(a => `arn:aws:logs:us-east-1:${a}:*`));
  });

  test('an organization granted by a sharing destination is trusted once, by aws:SourceOrgID', () => {
    const { stack, first, second } = sharedPair();
    // In first-grant order, whichever destination granted it.
    second.grantSubscribeOrganization('o-a1b2c3d4e5');
    first.grantSubscribeOrganization('o-f6g7h8i9j0');
    second.grantSubscribeOrganization('o-f6g7h8i9j0');
    const trust = trustOf(templateOf(stack));
    expect(trust).toHaveLength(2);
    expect(trust[1].Condition).toEqual({ StringEquals: { 'aws:SourceOrgID': ['o-a1b2c3d4e5', 'o-f6g7h8i9j0'] } });
  });

  test('each different target adds its own statement', () => {
    const stack = testStack();
    const { destination: first } = kinesisDestination(stack);
    const other = new kinesis.Stream(stack, 'Other');
    new LogDestination(stack, 'Second', { target: LogDestinationTarget.kinesisStream(other), role: first.role });
    new LogDestination(stack, 'Third', { target: LogDestinationTarget.fromArn(FIREHOSE_ARN), role: first.role });
    const statements = onlyResource(templateOf(stack), 'AWS::IAM::Role').resource.Properties.Policies[0].PolicyDocument.Statement;
    expect(statements.map((s: any) => s.Resource)).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^Stream/), 'Arn'] },
      { 'Fn::GetAtt': [expect.stringMatching(/^Other/), 'Arn'] },
      FIREHOSE_ARN,
    ]);
  });

  test('widens the trust, with one warning, when the sharing destinations together grant 25 accounts', () => {
    const { stack, first, second } = sharedPair();
    const accounts = Array.from({ length: LogDestination.MAX_TRUSTED_SOURCE_ACCOUNTS }, (_, i) => String(100000000000 + i));
    accounts.slice(0, 12).forEach(a => first.grantSubscribe(a));
    accounts.slice(12).forEach(a => second.grantSubscribe(a));
    // SENDER was granted by the first destination too, so 26 accounts in all, none of the two reaching 25 alone.
    expect(sourceArnsOf(templateOf(stack))).toEqual(['arn:aws:logs:us-east-1:*:*']);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('too many to list in its trust policy'));
    expect(warnings.map(w => w.id)).toEqual(['/Stack/Second']);
  });

  test('throws when a destination of another stack shares the role', () => {
    const { stack, destination } = kinesisDestination();
    const other = new Stack(stack.node.root as App, 'Other', { env: { account: RECIPIENT, region: 'us-east-1' } });
    expectLibraryError(() => new LogDestination(other, 'Elsewhere', { target: LogDestinationTarget.fromArn(STREAM_ARN), role: destination.role }), {
      path: 'Other/Elsewhere', property: 'role', value: '\'Stack/Central/Role\'', fragment: 'only by destinations of its own stack (Stack)',
    });
  });
});

test('grantPassRole allows iam:PassRole on the destination role only', () => {
  const { stack, destination } = kinesisDestination();
  const deployer = new iam.User(stack, 'Deployer');
  const grant = destination.grantPassRole(deployer);
  expect(grant.success).toBe(true);
  const template = templateOf(stack);
  const role = onlyResource(template, 'AWS::IAM::Role');
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: { Statement: [{ Action: 'iam:PassRole', Effect: 'Allow', Resource: { 'Fn::GetAtt': [role.logicalId, 'Arn'] } }] },
    Users: [{ Ref: Match.stringLikeRegexp('^Deployer') }],
  });
});

describe('names', () => {
  test('uses the given name', () => {
    const { stack, destination } = kinesisDestination(undefined, { destinationName: 'central-logs' });
    expect(destination.destinationName).toBe('central-logs');
    expect(stack.resolve(destination.destinationArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:us-east-1:${RECIPIENT}:destination:central-logs`]],
    });
    templateOf(stack).hasResourceProperties('AWS::Logs::Destination', { DestinationName: 'central-logs' });
  });

  test('generates a stable name, unique per destination, within the limits', () => {
    const names = [0, 1].map(() => {
      const stack = testStack();
      const a = kinesisDestination(stack).destination;
      const b = new LogDestination(stack, 'Other', { target: LogDestinationTarget.fromArn(STREAM_ARN) });
      return [a.destinationName, b.destinationName];
    });
    expect(names[0]).toEqual(names[1]);
    expect(names[0][0]).not.toEqual(names[0][1]);
    for (const name of names[0]) {
      expect(name).toMatch(/^[^:*]{1,512}$/);
    }
  });

  test('changing grants keeps the logical ID and the name (no replacement)', () => {
    const before = kinesisDestination();
    const after = kinesisDestination(undefined, { subscriberAccounts: [SENDER, OTHER_SENDER], subscriberOrganizationIds: ['o-a1b2c3d4e5'] });
    const b = onlyResource(templateOf(before.stack), 'AWS::Logs::Destination');
    const a = onlyResource(templateOf(after.stack), 'AWS::Logs::Destination');
    expect(a.logicalId).toEqual(b.logicalId);
    expect(a.resource.Properties.DestinationName).toEqual(b.resource.Properties.DestinationName);
  });
});

test('Tags.of applies to the destination', () => {
  const { stack, destination } = kinesisDestination();
  Tags.of(destination).add('team', 'platform');
  templateOf(stack).hasResourceProperties('AWS::Logs::Destination', { Tags: [{ Key: 'team', Value: 'platform' }] });
});

test('destinationRef makes it usable where an IDestinationRef is taken', () => {
  const { stack, destination } = kinesisDestination(undefined, { destinationName: 'central-logs' });
  expect(destination.destinationRef).toEqual({ destinationArn: destination.destinationArn, destinationName: 'central-logs' });
  expect(stack.resolve(logs.CfnDestination.arnForDestination(destination))).toEqual(stack.resolve(destination.destinationArn));
});

/** The sender role the library creates in a sender stack (the scope of its `AWS::IAM::Role`). */
function senderRoleConstruct(stack: Stack): IConstruct {
  return stack.node.findChild('LogDestinationsSenderRole').node.findChild('Role');
}

describe('subscribing log groups', () => {
  const DEST_ARN = `arn:aws:logs:us-east-1:${RECIPIENT}:destination:central-logs`;

  function senderStack(region = 'us-east-1') {
    return new Stack(testApp(), 'Sender', { env: { account: SENDER, region } });
  }

  test('an imported destination plugs into SubscriptionFilter without a role', () => {
    const stack = senderStack();
    const logGroup = new logs.LogGroup(stack, 'Logs');
    const destination = LogDestination.fromDestinationArn(stack, 'Central', DEST_ARN);
    logGroup.addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });

    expect(destination.destinationName).toBe('central-logs');
    expect(destination.env).toEqual(expect.objectContaining({ account: RECIPIENT, region: 'us-east-1' }));
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { DestinationArn: DEST_ARN, RoleArn: Match.absent() });
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('fromDestinationName builds the ARN in the stack account and region', () => {
    const stack = testStack();
    const destination = LogDestination.fromDestinationName(stack, 'Central', 'central-logs');
    expect(stack.resolve(destination.destinationArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:us-east-1:${RECIPIENT}:destination:central-logs`]],
    });
  });

  test('an organization-shared destination gets a sender role with logs:PutLogEvents on each log group', () => {
    const stack = senderStack();
    const destination = LogDestination.fromDestinationAttributes(stack, 'Central', { destinationArn: DEST_ARN, organizationAccess: true });
    for (const id of ['App', 'Audit']) {
      new logs.SubscriptionFilter(stack, `${id}Filter`, {
        logGroup: new logs.LogGroup(stack, id, { logGroupName: `/app/${id.toLowerCase()}` }),
        destination,
        filterPattern: logs.FilterPattern.allEvents(),
      });
    }
    const template = templateOf(stack);
    const role = onlyResource(template, 'AWS::IAM::Role');
    // AWS's recipe ("Step 2: (Only if using an organization) Create an IAM role"): no condition.
    expect(role.resource.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { Service: 'logs.amazonaws.com' },
    }]);
    const statements = role.resource.Properties.Policies[0].PolicyDocument.Statement.map((s: any) => ({ ...s, Resource: joinLiteral(s.Resource) }));
    const logGroupIds = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    expect(statements).toEqual(logGroupIds.map(id => ({
      Effect: 'Allow',
      Action: 'logs:PutLogEvents',
      Resource: `arn:aws:logs:us-east-1:${SENDER}:log-group:{"Ref":"${id}"}:*`,
    })));
    const filters = template.findResources('AWS::Logs::SubscriptionFilter');
    expect(Object.values<any>(filters).map(f => f.Properties.RoleArn)).toEqual([
      { 'Fn::GetAtt': [role.logicalId, 'Arn'] },
      { 'Fn::GetAtt': [role.logicalId, 'Arn'] },
    ]);
  });

  /** The rule IDs acknowledged on a construct (aws-cdk-lib's acknowledgement metadata, which cdk-nag reads). */
  function acknowledgedOn(construct: IConstruct): string[] {
    return construct.node.metadata
      .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap(m => Object.keys(m.data));
  }

  test('acknowledges cdk-nag\'s wildcard finding for exactly the log-group:<name>:* resources of the sender role', () => {
    const stack = senderStack();
    const destination = LogDestination.fromDestinationAttributes(stack, 'Central', { destinationArn: DEST_ARN, organizationAccess: true });
    for (const id of ['App', 'Audit']) {
      new logs.LogGroup(stack, id).addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
    }
    const template = templateOf(stack);
    (stack.node.root as App).synth({ force: true }); // a second synthesis adds nothing

    const logGroupIds = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    const role = senderRoleConstruct(stack);
    expect(destination.node.tryFindChild('SenderRole')).toBeUndefined();
    expect(acknowledgedOn(role).sort()).toEqual(logGroupIds.map(id =>
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:${SENDER}:log-group:<${id}>:*]`).sort());
    expect(role.node.metadata.find(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)!.data).toEqual({
      [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:${SENDER}:log-group:<${logGroupIds[0]}>:*]`]:
        expect.stringContaining('logs:PutLogEvents on the subscribed log group'),
    });
  });

  test.each([
    ['a sender stack with an account and region', { account: SENDER, region: 'us-east-1' }],
    ['an environment-agnostic sender stack', undefined],
  ])('cdk-nag finds nothing on the sender role in %s', (_name, env) => {
    const app = testApp();
    const stack = new Stack(app, 'Sender', { env });
    const destination = LogDestination.fromDestinationAttributes(stack, 'Central', { destinationArn: DEST_ARN, organizationAccess: true });
    new logs.LogGroup(stack, 'Logs').addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
    new logs.SubscriptionFilter(stack, 'Named', {
      logGroup: logs.LogGroup.fromLogGroupName(stack, 'Imported', '/app/imported'),
      destination,
      filterPattern: logs.FilterPattern.allEvents(),
    });
    app.synth();
    const findings = new AwsSolutionsChecks().validateScope(app).violations
      .flatMap(v => v.violatingResources.map(r => `${v.ruleName} ${r.constructPath}`));
    expect(findings).toEqual([]);
  });

  test('a wildcard added to the sender role some other way is still reported', () => {
    const app = testApp();
    const stack = new Stack(app, 'Sender', { env: { account: SENDER, region: 'us-east-1' } });
    const destination = LogDestination.fromDestinationAttributes(stack, 'Central', { destinationArn: DEST_ARN, organizationAccess: true });
    new logs.LogGroup(stack, 'Logs').addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
    // The role's L1 is the only handle on it: widen its permissions there.
    (senderRoleConstruct(stack).node.defaultChild as iam.CfnRole).policies = [{
      policyName: 'PutLogEvents',
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: '*' }] },
    }];
    app.synth();
    const findings = new AwsSolutionsChecks().validateScope(app).violations.map(v => v.ruleName);
    expect(findings).toEqual(['AwsSolutions-IAM5[Resource::*]']);
  });

  test('the role a filter is given behaves as an immutable imported role of the sender role', () => {
    const stack = senderStack();
    const destination = LogDestination.fromDestinationAttributes(stack, 'Central', { destinationArn: DEST_ARN, organizationAccess: true });
    const logGroup = new logs.LogGroup(stack, 'Logs');
    const { role } = destination.bind(new Construct(stack, 'Filter'), logGroup);
    const roleId = stack.getLogicalId(senderRoleConstruct(stack).node.defaultChild as iam.CfnRole);
    expect(stack.resolve([role!.roleArn, role!.roleName, role!.roleRef])).toEqual([
      { 'Fn::GetAtt': [roleId, 'Arn'] }, { Ref: roleId }, { roleArn: { 'Fn::GetAtt': [roleId, 'Arn'] }, roleName: { Ref: roleId } },
    ]);
    expect(stack.resolve(role!.policyFragment.principalJson)).toEqual({ AWS: [{ 'Fn::GetAtt': [roleId, 'Arn'] }] });
    expect([role!.assumeRoleAction, role!.principalAccount, Stack.of(role!)]).toEqual(['sts:AssumeRole', undefined, stack]);
    // Statements and policies added to it are dropped; a grant goes to the grantee, or to the resource's own policy.
    expect(role!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })).statementAdded).toBe(true);
    const deployer = new iam.User(stack, 'Deployer');
    role!.grantPassRole(deployer);
    const bucket = new s3.Bucket(stack, 'Bucket');
    bucket.grantRead(role!);
    expectLibraryError(() => role!.applyRemovalPolicy(RemovalPolicy.DESTROY),
      { path: /Sender\/LogDestinationsSenderRole\/Reference\d+|Sender\/Filter\/SenderRole/, property: 'removal policy', fragment: 'CfnRole' });
    const template = templateOf(stack);
    expect(onlyResource(template, 'AWS::IAM::Role').resource.Properties.Policies[0].PolicyDocument.Statement).toHaveLength(1);
    expect(onlyResource(template, 'AWS::IAM::Policy').resource.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [roleId, 'Arn'] } },
    ]);
    expect(onlyResource(template, 'AWS::S3::BucketPolicy').resource.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': [roleId, 'Arn'] } } }),
    ]);
  });

  test('acknowledges nothing for a sender role of your own', () => {
    const stack = senderStack();
    const senderRole = new iam.Role(stack, 'OwnRole', { assumedBy: new iam.ServicePrincipal('logs.amazonaws.com') });
    const destination = LogDestination.fromDestinationAttributes(stack, 'Central', { destinationArn: DEST_ARN, senderRole });
    new logs.LogGroup(stack, 'Logs').addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
    templateOf(stack);
    expect(stack.node.findAll().flatMap(acknowledgedOn)).toEqual([]);
  });

  test('a sender role of your own is put on the filter', () => {
    const stack = senderStack();
    const senderRole = iam.Role.fromRoleArn(stack, 'SenderRole', `arn:aws:iam::${SENDER}:role/cwl-sender`);
    const destination = LogDestination.fromDestinationAttributes(stack, 'Central', { destinationArn: DEST_ARN, senderRole });
    new logs.LogGroup(stack, 'Logs').addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
    templateOf(stack).hasResourceProperties('AWS::Logs::SubscriptionFilter', { RoleArn: `arn:aws:iam::${SENDER}:role/cwl-sender` });
  });

  test('a filter in the same stack as the destination waits for it', () => {
    const { stack, destination } = kinesisDestination();
    new logs.LogGroup(stack, 'Logs').addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
    const template = templateOf(stack);
    const dest = onlyResource(template, 'AWS::Logs::Destination');
    const filter = onlyResource(template, 'AWS::Logs::SubscriptionFilter');
    expect(filter.resource.DependsOn).toContain(dest.logicalId);
    expect(filter.resource.Properties.RoleArn).toBeUndefined();
  });

  test('a sender stack in the same app subscribes to an owned destination granted to its organization, with a role', () => {
    const app = testApp();
    const recipient = new Stack(app, 'Recipient', { env: { account: RECIPIENT, region: 'us-east-1' } });
    const { destination } = kinesisDestination(recipient, { destinationName: 'central-logs', subscriberOrganizationIds: ['o-a1b2c3d4e5'] });
    const sender = new Stack(app, 'Sender', { env: { account: SENDER, region: 'us-east-1' } });
    new logs.LogGroup(sender, 'Logs').addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });

    const template = templateOf(sender);
    const role = onlyResource(template, 'AWS::IAM::Role');
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      DestinationArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:us-east-1:${RECIPIENT}:destination:central-logs`]] },
      RoleArn: { 'Fn::GetAtt': [role.logicalId, 'Arn'] },
    });
    expect(sender.dependencies).toContain(recipient);
  });

  test('a listed sender account gets a role too when an organization is granted (AWS asks for one against any organization policy)', () => {
    const app = testApp();
    const recipient = new Stack(app, 'Recipient', { env: { account: RECIPIENT, region: 'us-east-1' } });
    const { destination } = kinesisDestination(recipient, { subscriberAccounts: [SENDER], subscriberOrganizationIds: ['o-a1b2c3d4e5'] });
    const sender = new Stack(app, 'Sender', { env: { account: SENDER, region: 'us-east-1' } });
    new logs.LogGroup(sender, 'Logs').addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
    const template = templateOf(sender);
    const role = onlyResource(template, 'AWS::IAM::Role');
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { RoleArn: { 'Fn::GetAtt': [role.logicalId, 'Arn'] } });
  });

  test('a listed sender account of a destination without organizations gets no role', () => {
    const app = testApp();
    const recipient = new Stack(app, 'Recipient', { env: { account: RECIPIENT, region: 'us-east-1' } });
    const { destination } = kinesisDestination(recipient, { subscriberAccounts: [SENDER] });
    const sender = new Stack(app, 'Sender', { env: { account: SENDER, region: 'us-east-1' } });
    new logs.LogGroup(sender, 'Logs').addSubscriptionFilter('ToCentral', { destination, filterPattern: logs.FilterPattern.allEvents() });
    const template = templateOf(sender);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { RoleArn: Match.absent() });
  });
});
