/**
 * Integ test for LogDestination: a recipient stack (Kinesis stream + destination granted to this
 * account and an organization) and a sender stack whose log group subscribes to the destination
 * through an import by ARN. Deployable in a single account: the account is its own sender.
 *
 * The assertions read the deployed destination (target, role, access policy with the bare account
 * ID and the organization condition) and the sender's subscription filter, then prove the data path:
 * a function of the sender stack logs a marker into the subscribed log group (a log event with the
 * current time, which a static PutLogEvents call could not carry), and a reader function of the
 * recipient stack, polled until it succeeds, finds a gzip-compressed CloudWatch Logs DATA_MESSAGE of
 * that log group holding the marker in the stream.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { App, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import { LogDestination, LogDestinationTarget } from '../lib';
import {
  acknowledgeDemoStreamKey, acknowledgeIntegHarness, acknowledgeIntegProbe, acknowledgeRedundantDependsOn, acknowledgeShortLivedLogGroup,
  integLogProducer,
} from '../test/support/acknowledge';
import { withCloudFormationValidate } from '../test/support/cloudformation-validate';

const DESTINATION_NAME = 'cdk-log-destinations-integ';
const ORGANIZATION_ID = 'o-integtest01';
const MARKER = 'cdk-log-destinations integ: deliver me';

/**
 * Reads every record of the stream from its start, gunzips each (CloudWatch Logs sends them gzip-compressed), and
 * reports the DATA_MESSAGE records: their log groups, and whether one holds the marker of the event.
 */
const READER_CODE = `
const { KinesisClient, ListShardsCommand, GetShardIteratorCommand, GetRecordsCommand } = require('@aws-sdk/client-kinesis');
const zlib = require('zlib');
exports.handler = async (event) => {
  const client = new KinesisClient({});
  const StreamARN = process.env.STREAM_ARN;
  const messages = [];
  const { Shards } = await client.send(new ListShardsCommand({ StreamARN }));
  for (const shard of Shards) {
    let iterator = (await client.send(new GetShardIteratorCommand({ StreamARN, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
    for (let page = 0; page < 20 && iterator; page++) {
      const out = await client.send(new GetRecordsCommand({ StreamARN, ShardIterator: iterator }));
      for (const record of out.Records) {
        const message = JSON.parse(zlib.gunzipSync(Buffer.from(record.Data)).toString('utf8'));
        if (message.messageType === 'DATA_MESSAGE') {
          messages.push(message);
        }
      }
      iterator = out.MillisBehindLatest === 0 && out.Records.length === 0 ? undefined : out.NextShardIterator;
    }
  }
  const marked = messages.filter(m => m.logEvents.some(e => e.message.includes(event.marker)));
  if (marked.length === 0) {
    throw new Error('no DATA_MESSAGE with the marker yet (' + messages.length + ' data messages read)');
  }
  return { logGroups: [...new Set(marked.map(m => m.logGroup))], owners: [...new Set(marked.map(m => m.owner))] };
};
`;

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

const producer = integLogProducer(sender, logGroup, MARKER);

const reader = new lambda.Function(recipient, 'StreamReader', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline(READER_CODE),
  timeout: Duration.seconds(60),
  environment: { STREAM_ARN: stream.streamArn },
});
stream.grantRead(reader);
acknowledgeIntegProbe(reader);

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

// The data path: the marker the producer logs reaches the stream as a CloudWatch Logs record of the subscribed log group.
const logMarker = integ.assertions.invokeFunction({ functionName: producer.functionName });
const readStream = integ.assertions.invokeFunction({ functionName: reader.functionName, payload: JSON.stringify({ marker: MARKER }) });
readStream.expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson(Match.objectLike({ logGroups: [logGroup.logGroupName], owners: [Aws.ACCOUNT_ID] })),
})).waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(20) });
logMarker.next(readStream);
acknowledgeRedundantDependsOn(integ);

app.synth();
