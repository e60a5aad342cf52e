/**
 * Integ test for LogDestination: a recipient stack (Kinesis stream + destination granted to this
 * account and an organization) and a sender stack whose log group subscribes to the destination
 * through an import by ARN. Deployable in a single account: the account is its own sender.
 *
 * The assertions read the deployed destination (target, role, access policy with the bare account
 * ID and the organization condition) and the sender's subscription filter.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { App, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import { LogDestination, LogDestinationTarget } from '../lib';
import { acknowledgeDemoStreamKey, acknowledgeIntegHarness, acknowledgeShortLivedLogGroup } from '../test/support/acknowledge';
import { withCloudFormationValidate } from '../test/support/cloudformation-validate';

const DESTINATION_NAME = 'cdk-log-destinations-integ';
const ORGANIZATION_ID = 'o-integtest01';

const app = withCloudFormationValidate(new App());

const recipient = new Stack(app, 'LogDestinationRecipient');
const stream = new kinesis.Stream(recipient, 'Stream', {
  shardCount: 1,
  retentionPeriod: Duration.hours(24),
  encryption: kinesis.StreamEncryption.KMS,
  removalPolicy: RemovalPolicy.DESTROY,
});
acknowledgeDemoStreamKey(stream);
const destination = new LogDestination(recipient, 'Destination', {
  destinationName: DESTINATION_NAME,
  target: LogDestinationTarget.kinesisStream(stream),
});
// The deploying account subscribes to itself, so the test needs a single account.
destination.grantSubscribe(Aws.ACCOUNT_ID);
destination.grantSubscribeOrganization(ORGANIZATION_ID);

const sender = new Stack(app, 'LogDestinationSender');
sender.addDependency(recipient);
const logGroup = new logs.LogGroup(sender, 'AppLogs', {
  retention: logs.RetentionDays.ONE_DAY,
  removalPolicy: RemovalPolicy.DESTROY,
});
acknowledgeShortLivedLogGroup(logGroup);
const imported = LogDestination.fromDestinationName(sender, 'Central', DESTINATION_NAME);
logGroup.addSubscriptionFilter('ToCentral', { destination: imported, filterPattern: logs.FilterPattern.allEvents() });

const integ = new IntegTest(app, 'LogDestinationInteg', {
  testCases: [recipient, sender],
  diffAssets: true,
});
// The IntegTest construct holds the assertion stack (LogDestinationInteg/DefaultTest/DeployAssert), not the test cases.
acknowledgeIntegHarness(integ);

integ.assertions.awsApiCall('CloudWatchLogs', 'describeDestinations', { DestinationNamePrefix: DESTINATION_NAME })
  .expect(ExpectedResult.objectLike({
    destinations: Match.arrayWith([Match.objectLike({
      destinationName: DESTINATION_NAME,
      targetArn: stream.streamArn,
      roleArn: destination.role.roleArn,
      arn: destination.destinationArn,
      accessPolicy: Match.serializedJson(Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'SubscriberAccounts', Principal: { AWS: Aws.ACCOUNT_ID }, Action: 'logs:PutSubscriptionFilter' }),
          Match.objectLike({
            Sid: 'SubscriberOrganizations',
            Principal: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } },
          }),
        ]),
      })),
    })]),
  }));

integ.assertions.awsApiCall('CloudWatchLogs', 'describeSubscriptionFilters', { logGroupName: logGroup.logGroupName })
  .expect(ExpectedResult.objectLike({
    subscriptionFilters: [Match.objectLike({
      logGroupName: logGroup.logGroupName,
      destinationArn: imported.destinationArn,
      filterPattern: '',
    })],
  }));

app.synth();
