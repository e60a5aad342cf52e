/**
 * Partitions other than `aws`: every ARN the LogDestination code path builds goes through `Stack.formatArn` /
 * `stack.partition`, so it names the stack's partition, as a literal with `@aws-cdk/core:enablePartitionLiterals`
 * on (as `cdk init` sets it) and as an `Fn::Join` over `AWS::Partition` with it off.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Stack } from 'aws-cdk-lib/core';
import { ENABLE_PARTITION_LITERALS } from 'aws-cdk-lib/cx-api';
import { LogDestination, LogDestinationTarget } from '../lib';
import { accessPolicyOf, onlyResource, RECIPIENT, SENDER, templateOf, testApp } from './util';

const ORGANIZATION = 'o-a1b2c3d4e5';

describe.each([
  ['aws-cn', 'cn-north-1'],
  ['aws-us-gov', 'us-gov-west-1'],
])('partition %s (%s)', (partition, region) => {
  describe.each([
    ['on', true],
    ['off', false],
  ])('with partition literals %s', (_name, literals) => {
    /** `arn:<partition><rest>` as the template carries it: a literal with the flag on, else joined over AWS::Partition. */
    const arn = (rest: string) => (literals ? `arn:${partition}${rest}` : { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

    function stacks(): { recipient: Stack; sender: Stack } {
      const app = testApp({ context: { [ENABLE_PARTITION_LITERALS]: literals } });
      const recipient = new Stack(app, 'Central', { env: { account: RECIPIENT, region } });
      const destination = new LogDestination(recipient, 'Destination', {
        target: LogDestinationTarget.kinesisStream(new kinesis.Stream(recipient, 'Stream')),
        destinationName: 'central-logs',
        subscriberAccounts: [SENDER],
        subscriberOrganizationIds: [ORGANIZATION],
      });
      const sender = new Stack(app, 'Sender', { env: { account: SENDER, region } });
      const imported = LogDestination.fromDestinationAttributes(sender, 'Central', {
        destinationArn: `arn:${partition}:logs:${region}:${RECIPIENT}:destination:${destination.destinationName}`,
        organizationAccess: true,
      });
      logs.LogGroup.fromLogGroupName(sender, 'Logs', 'app-logs')
        .addSubscriptionFilter('ToCentral', { destination: imported, filterPattern: logs.FilterPattern.allEvents() });
      return { recipient, sender };
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

    test('the sender role may put events into the subscribed log group by an ARN of the partition', () => {
      const role = onlyResource(templateOf(stacks().sender), 'AWS::IAM::Role').resource;
      expect(role.Properties.Policies[0].PolicyDocument.Statement).toEqual([{
        Effect: 'Allow',
        Action: 'logs:PutLogEvents',
        Resource: arn(`:logs:${region}:${SENDER}:log-group:app-logs:*`),
      }]);
    });

    test(literals ? 'the templates hold no AWS::Partition reference' : 'the recipient template holds no literal partition', () => {
      const { recipient, sender } = stacks();
      if (literals) {
        for (const stack of [recipient, sender]) {
          const text = JSON.stringify(templateOf(stack).toJSON());
          expect(text).not.toContain('AWS::Partition');
          expect(text).toContain(`arn:${partition}:`);
        }
      } else {
        // (The sender's filter names the destination by the ARN its user copied, literal partition included.)
        const text = JSON.stringify(templateOf(recipient).toJSON());
        expect(text).not.toMatch(/arn:aws[-:]/);
        expect(text).toContain('AWS::Partition');
      }
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
    expect(() => destination().grantSubscribe(`arn:${partition}:iam::${SENDER}:root`))
      .toThrow(new RegExp(`invalid account 'arn:${partition}:iam::${SENDER}:root'.*exactly 12 digits.*Pass the bare account ID '${SENDER}'`));
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
    expect(() => destination().addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ArnPrincipal('arn:aws-us-gov:iam::12345:root')],
      actions: ['logs:PutSubscriptionFilter'],
    }))).toThrow(/invalid statement principal account '12345'.*exactly 12 digits/);
  });
});
