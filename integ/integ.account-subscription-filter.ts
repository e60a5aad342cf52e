/**
 * Integ test for AccountSubscriptionFilter with a same-account target: a Kinesis stream (customer-managed
 * key) and an account-level subscription filter policy (`AWS::Logs::AccountPolicy`) that sends every log
 * event containing ERROR from every log group of the account in this Region to it, bar two excluded log
 * groups. The role CloudWatch Logs assumes is the one KinesisDestination's bind() creates (stream.grantWrite, which
 * covers the stream's key), with its trust confined by the library to this account's logs in this Region.
 *
 * The assertion reads the deployed policy back (DescribeAccountPolicies): its document names the stream and
 * the role, and its selection criteria the excluded log groups.
 *
 * Deploying it takes the account's one account-level subscription filter policy in the Region (AWS allows
 * one per account and Region): run it in an account that has none, in us-east-1. The policy subscribes every
 * log group of the account while the test runs; the filter pattern (ERROR) keeps the traffic small.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as destinations from 'aws-cdk-lib/aws-logs-destinations';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import { AccountSubscriptionFilter } from '../lib';
import { acknowledgeDemoStreamKey, acknowledgeIntegHarness, acknowledgeKinesisDestinationRole } from '../test/support/acknowledge';
import { withCloudFormationValidate } from '../test/support/cloudformation-validate';

const POLICY_NAME = 'cdk-log-destinations-integ-account-policy';

const app = withCloudFormationValidate(new App());

const stack = new Stack(app, 'AccountSubscriptionFilterInteg');
const stream = new kinesis.Stream(stack, 'Stream', {
  shardCount: 1,
  retentionPeriod: Duration.hours(24),
  encryption: kinesis.StreamEncryption.KMS,
  removalPolicy: RemovalPolicy.DESTROY,
});
acknowledgeDemoStreamKey(stream);
const policy = new AccountSubscriptionFilter(stack, 'AllLogs', {
  destination: new destinations.KinesisDestination(stream),
  policyName: POLICY_NAME,
  filterPattern: logs.FilterPattern.literal('ERROR'),
  excludeLogGroups: ['LogGroupToExclude1', 'LogGroupToExclude2'],
  distribution: logs.Distribution.RANDOM,
});

acknowledgeKinesisDestinationRole(policy.role!);

const integ = new IntegTest(app, 'AccountSubscriptionFilterIntegTest', {
  testCases: [stack],
  diffAssets: true,
});
acknowledgeIntegHarness(integ);

integ.assertions.awsApiCall('CloudWatchLogs', 'describeAccountPolicies', { policyType: 'SUBSCRIPTION_FILTER_POLICY', policyName: POLICY_NAME })
  .expect(ExpectedResult.objectLike({
    accountPolicies: [Match.objectLike({
      policyName: POLICY_NAME,
      policyType: 'SUBSCRIPTION_FILTER_POLICY',
      scope: 'ALL',
      selectionCriteria: 'LogGroupName NOT IN ["LogGroupToExclude1", "LogGroupToExclude2"]',
      policyDocument: Match.serializedJson(Match.objectLike({
        DestinationArn: stream.streamArn,
        RoleArn: policy.role!.roleArn,
        FilterPattern: 'ERROR',
        Distribution: 'Random',
      })),
    })],
  }));

app.synth();
