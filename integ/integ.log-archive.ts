/**
 * Integ test for LogArchive, deployable in a single account and Region: the account archives its own logs.
 *
 * Two archives (a log group takes two subscription filters): one writes uncompressed objects, so the assertions can
 * read what Firehose wrote; the other keeps the default GZIP objects. A sender stack subscribes one log group to both,
 * through `LogArchive.destinationIn`, and holds a function that logs a marker into that log group.
 *
 * The assertions prove the data path, not only the configuration: they invoke the function (a log event with the
 * current time, which a static PutLogEvents call could not carry), then wait until an object is in each bucket under
 * `logs/account=<account>/log_group=<log group>/dt=<day>/`; the uncompressed one must hold the decompressed
 * CloudWatch Logs record (`"messageType":"DATA_MESSAGE"`, the log group, the marker), the GZIP one must end in `.gz`.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, Aws, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib/core';
import { LogArchive } from '../lib';
import {
  acknowledgeAutoDeleteProvider, acknowledgeDemoArchiveBucket, acknowledgeIntegHarness, acknowledgeRedundantDependsOn,
  acknowledgeShortLivedLogGroup, integLogProducer,
} from '../test/support/acknowledge';
import { withCloudFormationValidate } from '../test/support/cloudformation-validate';

const MARKER = 'cdk-log-destinations integ: archive me';
const LOG_GROUP_NAME = '/cdk-log-destinations/integ/archive-sender';

const app = withCloudFormationValidate(new App());

// A Region in the env, as integ-runner deploys to us-east-1: an environment-agnostic stack with a Firehose delivery stream gets an
// unused mapping from aws-cdk-lib (its CIDR blocks), which CloudFormation Validate reports.
const ENV = { region: 'us-east-1' };
const home = new Stack(app, 'LogArchiveHome', { env: ENV });
/** A bucket destroyed with the stack (the archive's own bucket is retained, as an archive should be). */
function demoBucket(id: string): s3.Bucket {
  const bucket = new s3.Bucket(home, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.DESTROY,
    autoDeleteObjects: true,
  });
  acknowledgeDemoArchiveBucket(bucket);
  return bucket;
}
const plain = new LogArchive(home, 'Plain', {
  destinationName: 'cdk-log-destinations-integ-archive-plain',
  bucket: demoBucket('PlainBucket'),
  compression: firehose.Compression.UNCOMPRESSED,
  bufferingInterval: Duration.seconds(60),
  bufferingSize: Size.mebibytes(64),
});
const gzip = new LogArchive(home, 'Gzip', {
  destinationName: 'cdk-log-destinations-integ-archive-gzip',
  bucket: demoBucket('GzipBucket'),
  bufferingInterval: Duration.seconds(60),
  bufferingSize: Size.mebibytes(64),
});
acknowledgeAutoDeleteProvider(home);
// The deploying account archives its own log groups.
for (const archive of [plain, gzip]) {
  archive.grantSubscribe(Aws.ACCOUNT_ID);
}

const sender = new Stack(app, 'LogArchiveSender', { env: ENV });
sender.addDependency(home);
const logGroup = new logs.LogGroup(sender, 'SenderLogs', {
  logGroupName: LOG_GROUP_NAME,
  retention: logs.RetentionDays.ONE_DAY,
  removalPolicy: RemovalPolicy.DESTROY,
});
acknowledgeShortLivedLogGroup(logGroup);
for (const [id, archive] of [['Plain', plain], ['Gzip', gzip]] as const) {
  const destination = LogArchive.destinationIn(sender, `${id}Archive`, { account: Aws.ACCOUNT_ID, destinationName: archive.destinationName });
  logGroup.addSubscriptionFilter(`To${id}Archive`, { destination, filterPattern: logs.FilterPattern.allEvents() });
}
const producer = integLogProducer(sender, logGroup, MARKER);

const assertionStack = new Stack(app, 'LogArchiveIntegAssertions', { env: ENV });
const integ = new IntegTest(app, 'LogArchiveInteg', {
  testCases: [home, sender],
  diffAssets: true,
  assertionStack,
});
acknowledgeIntegHarness(assertionStack);

const expectedPrefix = `logs/account=${Aws.ACCOUNT_ID}/log_group=${LOG_GROUP_NAME}/dt=`;
const waitForDelivery = { totalTimeout: Duration.minutes(10), interval: Duration.seconds(30) };

const logMarker = integ.assertions.invokeFunction({ functionName: producer.functionName });

// Firehose buffers each partition for 60 seconds (1.5 times that at most, "Buffer data for dynamic partitioning").
const listPlain = integ.assertions.awsApiCall('S3', 'listObjectsV2', { Bucket: plain.bucket.bucketName, Prefix: expectedPrefix });
listPlain.expect(ExpectedResult.objectLike({
  Contents: Match.arrayWith([Match.objectLike({ Key: Match.stringLikeRegexp('^logs/account=\\d{12}/log_group=/cdk-log-destinations/integ/archive-sender/dt=\\d{4}-\\d{2}-\\d{2}/') })]),
})).waitForAssertions(waitForDelivery);
const readPlain = integ.assertions.awsApiCall('S3', 'getObject', { Bucket: plain.bucket.bucketName, Key: listPlain.getAttString('Contents.0.Key') });
readPlain.expect(ExpectedResult.objectLike({
  // A decompressed CloudWatch Logs record: not the gzip bytes CloudWatch Logs sent to Firehose.
  // The fields' order is not documented: each is looked for on its own.
  Body: Match.stringLikeRegexp(`^(?=[\\s\\S]*"messageType":"DATA_MESSAGE")(?=[\\s\\S]*"logGroup":"${LOG_GROUP_NAME}")(?=[\\s\\S]*${MARKER})`),
}));

const listGzip = integ.assertions.awsApiCall('S3', 'listObjectsV2', { Bucket: gzip.bucket.bucketName, Prefix: expectedPrefix });
listGzip.expect(ExpectedResult.objectLike({
  Contents: Match.arrayWith([Match.objectLike({ Key: Match.stringLikeRegexp('^logs/account=\\d{12}/log_group=/cdk-log-destinations/integ/archive-sender/dt=\\d{4}-\\d{2}-\\d{2}/.*\\.gz$') })]),
})).waitForAssertions(waitForDelivery);

// readPlain follows listPlain through the key it reads.
logMarker.next(listPlain);
listPlain.next(listGzip);
void readPlain;
acknowledgeRedundantDependsOn(assertionStack);

app.synth();
