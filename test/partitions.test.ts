/**
 * Partitions other than `aws`: every ARN the library builds goes through `Stack.formatArn` (lib/private/arns.ts), so
 * it names the stack's partition, as a literal with `@aws-cdk/core:enablePartitionLiterals` on (as `cdk init` sets
 * it) and as an `Fn::Join` over `AWS::Partition` with it off. Each construct that writes an ARN is covered here, with
 * exact values: an ARN hard-coded to `aws` (or to `Aws.PARTITION` with the flag on) fails.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as destinations from 'aws-cdk-lib/aws-logs-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib/core';
import { ENABLE_PARTITION_LITERALS } from 'aws-cdk-lib/cx-api';
import {
  AccountSubscriptionFilter, CentralizationScope, DeliveryDestination, DeliveryDestinationTarget, LogArchive, LogCentralizationRule,
  LogDestination, LogDestinationTarget,
} from '../lib';
import { expectLibraryError } from './support/errors';
import { accessPolicyOf, onlyResource, RECIPIENT, SENDER, templateOf, testApp } from './util';

const ORGANIZATION = 'o-a1b2c3d4e5';

describe.each([
  ['aws-cn', 'cn-north-1', 'cn-northwest-1'],
  ['aws-us-gov', 'us-gov-west-1', 'us-gov-east-1'],
])('partition %s (%s)', (partition, region, otherRegion) => {
  describe.each([
    ['on', true],
    ['off', false],
  ])('with partition literals %s', (_name, literals) => {
    /** `arn:<partition><rest>` as the template carries it: a literal with the flag on, else joined over AWS::Partition. */
    const arn = (rest: string) => (literals ? `arn:${partition}${rest}` : { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

    function app(): App {
      return testApp({ context: { [ENABLE_PARTITION_LITERALS]: literals } });
    }

    /**
     * With the flag on, a template names its partition only literally; with it off, only through AWS::Partition
     * (`except` lists the literal ARNs a test's user wrote, such as an imported destination's).
     */
    function expectPartitionRendering(stack: Stack, except: string[] = []): void {
      let text = JSON.stringify(templateOf(stack).toJSON());
      if (literals) {
        expect(text).not.toContain('AWS::Partition');
        expect(text).toContain(`arn:${partition}:`);
      } else {
        for (const literal of except) {
          text = text.split(literal).join('');
        }
        expect(text).not.toMatch(/arn:aws[-:]/);
        expect(text).toContain('AWS::Partition');
      }
    }

    describe('LogArchive', () => {
      test('the home stream ARN of another Region\'s destination, the roles\' resources and the sender\'s import name the partition', () => {
        const scope = app();
        const home = new Stack(scope, 'Home', { env: { account: RECIPIENT, region } });
        const archive = new LogArchive(home, 'Archive', { destinationName: 'central', deliveryStreamName: 'central', subscriberAccounts: [SENDER] });
        const other = new Stack(scope, 'Other', { env: { account: RECIPIENT, region: otherRegion } });
        archive.addRegion(other);
        const streamArn = arn(`:firehose:${region}:${RECIPIENT}:deliverystream/central`);
        const destination = onlyResource(templateOf(other), 'AWS::Logs::Destination').resource.Properties;
        expect(destination.TargetArn).toEqual(streamArn);
        const role = onlyResource(templateOf(other), 'AWS::IAM::Role').resource.Properties;
        expect(role.Policies[0].PolicyDocument.Statement[0].Resource).toEqual(streamArn);
        expectPartitionRendering(home);
        expectPartitionRendering(other);
        const sender = new Stack(scope, 'Sender', { env: { account: SENDER, region: otherRegion } });
        const imported = LogArchive.destinationIn(sender, 'Archive', { account: RECIPIENT, destinationName: 'central' });
        expect(sender.resolve(imported.destinationArn)).toEqual(arn(`:logs:${otherRegion}:${RECIPIENT}:destination:central`));
      });
    });

    describe('LogDestination', () => {
      function stacks(): { recipient: Stack; sender: Stack; destinationArn: string } {
        const scope = app();
        const recipient = new Stack(scope, 'Central', { env: { account: RECIPIENT, region } });
        const destination = new LogDestination(recipient, 'Destination', {
          target: LogDestinationTarget.kinesisStream(new kinesis.Stream(recipient, 'Stream')),
          destinationName: 'central-logs',
          subscriberAccounts: [SENDER],
          subscriberOrganizationIds: [ORGANIZATION],
        });
        const sender = new Stack(scope, 'Sender', { env: { account: SENDER, region } });
        const destinationArn = `arn:${partition}:logs:${region}:${RECIPIENT}:destination:${destination.destinationName}`;
        const imported = LogDestination.fromDestinationAttributes(sender, 'Central', { destinationArn, organizationAccess: true });
        logs.LogGroup.fromLogGroupName(sender, 'Logs', 'app-logs')
          .addSubscriptionFilter('ToCentral', { destination: imported, filterPattern: logs.FilterPattern.allEvents() });
        return { recipient, sender, destinationArn };
      }

      test('the destination role trusts the recipient and the granted account by ARNs of the partition', () => {
        const role = onlyResource(templateOf(stacks().recipient), 'AWS::IAM::Role').resource;
        expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
          StringLike: { 'aws:SourceArn': [arn(`:logs:${region}:${RECIPIENT}:*`), arn(`:logs:${region}:${SENDER}:*`)] },
        });
      });

      test('the access policy names the destination by an ARN of the partition', () => {
        const policy = onlyResource(templateOf(stacks().recipient), 'AWS::Logs::Destination').resource.Properties.DestinationPolicy;
        const destinationArn = `arn:${partition}:logs:${region}:${RECIPIENT}:destination:central-logs`;
        if (literals) {
          expect(typeof policy).toBe('string');
        } else {
          // Joined around the partition: the JSON text is split wherever an ARN begins.
          expect(policy['Fn::Join'][1].filter((part: unknown) => typeof part !== 'string')).toEqual([{ Ref: 'AWS::Partition' }, { Ref: 'AWS::Partition' }]);
        }
        const text = literals ? policy : policy['Fn::Join'][1].map((part: unknown) => typeof part === 'string' ? part : partition).join('');
        expect(JSON.parse(text).Statement.map((s: any) => s.Resource)).toEqual([destinationArn, destinationArn]);
      });

      test('the sender role of an organization destination is trusted by CloudWatch Logs and may put events into the subscribed log group by an ARN of the partition', () => {
        const role = onlyResource(templateOf(stacks().sender), 'AWS::IAM::Role').resource;
        expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
          { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'logs.amazonaws.com' } },
        ]);
        expect(role.Properties.Policies[0].PolicyDocument.Statement).toEqual([{
          Effect: 'Allow',
          Action: 'logs:PutLogEvents',
          Resource: arn(`:logs:${region}:${SENDER}:log-group:app-logs:*`),
        }]);
      });

      test(literals ? 'the templates hold no AWS::Partition reference' : 'the templates hold no literal partition but the imported ARN', () => {
        const { recipient, sender, destinationArn } = stacks();
        expectPartitionRendering(recipient);
        // (The sender's filter names the destination by the ARN its user copied, literal partition included.)
        expectPartitionRendering(sender, [destinationArn]);
      });
    });

    describe('DeliveryDestination', () => {
      /** An S3 destination whose bucket has a customer-managed key, granted to an account and an organization. */
      function stack(): Stack {
        const recipient = new Stack(app(), 'Central', { env: { account: RECIPIENT, region } });
        const bucket = new s3.Bucket(recipient, 'Bucket', { encryptionKey: new kms.Key(recipient, 'Key', { enableKeyRotation: true }) });
        new DeliveryDestination(recipient, 'Archive', {
          target: DeliveryDestinationTarget.s3(bucket),
          subscriberAccounts: [SENDER],
          subscriberOrganizationIds: [ORGANIZATION],
        });
        return recipient;
      }
      const sourceArns = () => [RECIPIENT, SENDER].map(account => arn(`:logs:${region}:${account}:delivery-source:*`));
      const anySourceArn = () => arn(`:logs:${region}:*:delivery-source:*`);

      test('the delivery destination policy names the granted account by its root ARN and the resources by ARNs of the partition', () => {
        const destination = onlyResource(templateOf(stack()), 'AWS::Logs::DeliveryDestination').resource;
        const resources = ['delivery-source', 'delivery', 'delivery-destination'].map(r => arn(`:logs:${region}:${RECIPIENT}:${r}:*`));
        expect(destination.Properties.DeliveryDestinationPolicy.DeliveryDestinationPolicy.Statement).toEqual([
          {
            Sid: 'AllowCreateDeliveryFromAccounts',
            Effect: 'Allow',
            Principal: { AWS: arn(`:iam::${SENDER}:root`) },
            Action: 'logs:CreateDelivery',
            Resource: resources,
          },
          {
            Sid: 'AllowCreateDeliveryFromOrganizations',
            Effect: 'Allow',
            Principal: '*',
            Action: 'logs:CreateDelivery',
            Resource: resources,
            Condition: { StringEquals: { 'aws:PrincipalOrgID': [ORGANIZATION] } },
          },
        ]);
      });

      test('the bucket policy admits the delivery sources by ARNs of the partition, on the bucket\'s own ARN', () => {
        const template = templateOf(stack());
        const bucketArn = { 'Fn::GetAtt': [onlyResource(template, 'AWS::S3::Bucket').logicalId, 'Arn'] };
        const objects = (key: string) => ({ 'Fn::Join': ['', [bucketArn, `/${key}`]] });
        const statements = onlyResource(template, 'AWS::S3::BucketPolicy').resource.Properties.PolicyDocument.Statement;
        const accounts = { StringEquals: { 'aws:SourceAccount': [RECIPIENT, SENDER] }, ArnLike: { 'aws:SourceArn': sourceArns() } };
        const organization = { StringEquals: { 'aws:SourceOrgID': [ORGANIZATION] }, ArnLike: { 'aws:SourceArn': [anySourceArn()] } };
        const acl = { 's3:x-amz-acl': 'bucket-owner-full-control' };
        expect(statements.map((s: any) => ({ Action: s.Action, Resource: s.Resource, Condition: s.Condition }))).toEqual([
          {
            Action: 's3:PutObject',
            Resource: [RECIPIENT, SENDER].flatMap(account => [objects(`AWSLogs/${account}/*`), objects(`AWSLogs/aws-account-id=${account}/*`)]),
            Condition: { ...accounts, StringEquals: { ...accounts.StringEquals, ...acl } },
          },
          { Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: bucketArn, Condition: accounts },
          { Action: 's3:PutObject', Resource: objects('AWSLogs/*'), Condition: { ...organization, StringEquals: { ...organization.StringEquals, ...acl } } },
          { Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: bucketArn, Condition: organization },
        ]);
      });

      test('the key policy lets the delivery service use the key for sources named by ARNs of the partition', () => {
        const key = onlyResource(templateOf(stack()), 'AWS::KMS::Key').resource;
        const statements = key.Properties.KeyPolicy.Statement.filter((s: any) => s.Principal.Service === 'delivery.logs.amazonaws.com');
        expect(statements.map((s: any) => s.Condition)).toEqual([
          { StringEquals: { 'aws:SourceAccount': [RECIPIENT, SENDER] }, ArnLike: { 'aws:SourceArn': sourceArns() } },
          { StringEquals: { 'aws:SourceOrgID': [ORGANIZATION] }, ArnLike: { 'aws:SourceArn': [anySourceArn()] } },
        ]);
      });

      test(literals ? 'the template holds no AWS::Partition reference' : 'the template holds no literal partition', () => {
        expectPartitionRendering(stack());
      });
    });

    describe('LogCentralizationRule', () => {
      /**
       * The key's stack, which is checked with CloudFormation Validate; the rule is in a stack of its own, which is not
       * (and where the newest aws-cdk-lib's validation of the whole app is acknowledged),
       * since the validator's schemas have no AWS::ObservabilityAdmin::OrganizationCentralizationRule in these partitions.
       */
      function keyStack(keyRegion: string, keyProp: 'encryptionKey' | 'backupEncryptionKey'): Stack {
        const scope = app();
        const keys = new Stack(scope, 'Keys', { env: { account: RECIPIENT, region: keyRegion } });
        const rules = new Stack(scope, 'Rules', { env: { account: RECIPIENT, region: keyRegion } });
        // The newest aws-cdk-lib validates every stack of the app at synth (validateAgainstDefaultRules), this one included.
        Validations.of(rules).acknowledge({
          id: 'CloudFormation-Validate::F3006',
          reason: 'the validator\'s Region data has no OrganizationCentralizationRule here (README, Centralization rules); the key stack is under test',
        });
        new LogCentralizationRule(rules, 'Rule', {
          sourceRegions: [region, otherRegion],
          scope: CentralizationScope.organization(ORGANIZATION),
          destinationAccount: RECIPIENT,
          destinationRegion: region,
          backupRegion: otherRegion,
          [keyProp]: new kms.Key(keys, 'Key', { enableKeyRotation: true }),
        });
        return keys;
      }
      function keyCondition(stack: Stack): any {
        const key = onlyResource(templateOf(stack), 'AWS::KMS::Key').resource;
        return key.Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'AllowCloudWatchLogsCentralizedLogGroups').Condition;
      }

      test('the destination key admits the log groups of its Region by an ARN pattern of the partition', () => {
        const stack = keyStack(region, 'encryptionKey');
        expect(keyCondition(stack)).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arn(`:logs:${region}:${RECIPIENT}:*`) } });
        expectPartitionRendering(stack);
      });

      test('the backup key admits the log groups of the backup Region by an ARN pattern of the partition', () => {
        const stack = keyStack(otherRegion, 'backupEncryptionKey');
        expect(keyCondition(stack)).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arn(`:logs:${otherRegion}:${RECIPIENT}:*`) } });
        expectPartitionRendering(stack);
      });

      test('a rule imported by name has an ARN of the partition, which grantRead grants', () => {
        const stack = new Stack(app(), 'Monitor', { env: { account: RECIPIENT, region } });
        const role = new iam.Role(stack, 'Monitor', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
        LogCentralizationRule.fromRuleName(stack, 'Rule', 'org-all-logs').grantRead(role);
        expect(onlyResource(templateOf(stack), 'AWS::IAM::Policy').resource.Properties.PolicyDocument.Statement).toEqual([{
          Effect: 'Allow',
          Action: 'observabilityadmin:GetCentralizationRuleForOrganization',
          Resource: arn(`:observabilityadmin:${region}:${RECIPIENT}:organization-centralization-rule/org-all-logs`),
        }]);
        expectPartitionRendering(stack);
      });
    });

    describe('AccountSubscriptionFilter', () => {
      function senderStack(): Stack {
        return new Stack(app(), 'Sender', { env: { account: SENDER, region } });
      }

      test('the sender role for an organization destination may put events into every log group by an ARN of the partition', () => {
        const stack = senderStack();
        const destinationArn = `arn:${partition}:logs:${region}:${RECIPIENT}:destination:central`;
        new AccountSubscriptionFilter(stack, 'AllLogs', {
          destination: LogDestination.fromDestinationAttributes(stack, 'Central', { destinationArn, organizationAccess: true }),
        });
        const role = onlyResource(templateOf(stack), 'AWS::IAM::Role').resource;
        expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
          { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'logs.amazonaws.com' } },
        ]);
        expect(role.Properties.Policies[0].PolicyDocument.Statement).toEqual([
          { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: arn(`:logs:${region}:${SENDER}:log-group:*`) },
        ]);
        expectPartitionRendering(stack, [destinationArn]);
      });

      test('the role for a Kinesis stream of the account is trusted for the account\'s logs by an ARN pattern of the partition', () => {
        const stack = senderStack();
        new AccountSubscriptionFilter(stack, 'AllLogs', { destination: new destinations.KinesisDestination(new kinesis.Stream(stack, 'Stream')) });
        const role = onlyResource(templateOf(stack), 'AWS::IAM::Role').resource;
        expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
          Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'logs.amazonaws.com' },
          Condition: { StringLike: { 'aws:SourceArn': arn(`:logs:${region}:${SENDER}:*`) } },
        }]);
        expectPartitionRendering(stack);
      });

      test('the permission of a Lambda function of the account names every log group by an ARN of the partition', () => {
        const stack = senderStack();
        // (A role of its own: the default one's managed policy ARN is CDK's, which names AWS::Partition whatever the flag.)
        const fn = new lambda.Function(stack, 'Forwarder', {
          runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = () => {}'),
          role: new iam.Role(stack, 'ForwarderRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }),
        });
        // (CloudFormation Validate refuses the redundant DependsOn on the function's role.)
        (fn.node.defaultChild as CfnResource).addOverride('DependsOn', undefined);
        new AccountSubscriptionFilter(stack, 'AllLogs', { destination: new destinations.LambdaDestination(fn) });
        const permission = onlyResource(templateOf(stack), 'AWS::Lambda::Permission').resource;
        expect(permission.Properties.SourceArn).toEqual(arn(`:logs:${region}:${SENDER}:log-group:*`));
        expectPartitionRendering(stack);
      });
    });
  });
});

describe('root ARNs of every partition (one shape, lib/private/arns.ts ROOT_ARN)', () => {
  function destination(): LogDestination {
    const recipient = new Stack(testApp(), 'Central', { env: { account: RECIPIENT, region: 'cn-north-1' } });
    return new LogDestination(recipient, 'Destination', {
      target: LogDestinationTarget.kinesisStream(new kinesis.Stream(recipient, 'Stream')),
      destinationName: 'central-logs',
    });
  }

  test.each(['aws-cn', 'aws-us-gov'])('throws for a %s root ARN given as an account, naming the bare ID to pass', partition => {
    expectLibraryError(() => destination().grantSubscribe(`arn:${partition}:iam::${SENDER}:root`), {
      path: 'Central/Destination', property: 'account', value: `'arn:${partition}:iam::${SENDER}:root'`, fragment: `bare account ID '${SENDER}'`,
    });
  });

  test.each(['aws-cn', 'aws-us-gov'])('rewrites a %s root ARN principal to the bare account ID', partition => {
    const d = destination();
    d.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ArnPrincipal(`arn:${partition}:iam::${SENDER}:root`)],
      actions: ['logs:PutSubscriptionFilter'],
    }));
    expect(accessPolicyOf(d.stack).Statement.map((s: any) => s.Principal)).toEqual([{ AWS: SENDER }]);
  });

  test('throws the account error for a root ARN of a malformed account, whatever its partition', () => {
    expectLibraryError(() => destination().addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ArnPrincipal('arn:aws-us-gov:iam::12345:root')],
      actions: ['logs:PutSubscriptionFilter'],
    })), { path: 'Central/Destination', property: 'statement principal account', value: '\'12345\'', fragment: 'exactly 12 digits' });
  });
});
