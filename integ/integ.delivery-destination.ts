/**
 * Integ test for the vended-logs constructs: an EventBridge event bus (cheap, created in seconds,
 * and a V2 vended-log source) delivers its INFO_LOGS to an S3 bucket (Parquet, Hive-compatible
 * paths) and to a CloudWatch Logs log group, one delivery after the other from the same source,
 * and its ERROR_LOGS to a Firehose delivery stream and to a bucket encrypted with a customer-managed
 * KMS key (Hive-compatible paths again), one after the other.
 *
 * The assertions read the deployed delivery destinations (type, format, target ARN) and deliveries
 * (source, destination, S3 settings) back from CloudWatch Logs, and the bucket and key policies back
 * from S3 and KMS: the Hive-compatible key, ListBucket, and AWS's key statement for the delivery
 * service ("Logs sent to Amazon S3", V2).
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import { DeliveryDestination, DeliveryDestinationTarget, DeliverySource, OutputFormat } from '../lib';
import { acknowledgeDemoBucket, acknowledgeDemoFirehoseToS3, acknowledgeIntegHarness, acknowledgeShortLivedLogGroup } from '../test/support/acknowledge';
import { withCloudFormationValidate } from '../test/support/cloudformation-validate';

const app = withCloudFormationValidate(new App());
// A concrete region lets the Firehose construct resolve its region mapping at synth instead of emitting it unused.
const stack = new Stack(app, 'DeliveryDestinationInteg', { env: { region: 'us-east-1' } });

const bus = new events.EventBus(stack, 'Bus');
const info = new DeliverySource(stack, 'BusInfoLogs', { resourceArn: bus.eventBusArn, logType: 'INFO_LOGS' });
const errors = new DeliverySource(stack, 'BusErrorLogs', { resourceArn: bus.eventBusArn, logType: 'ERROR_LOGS' });

// The bus has no log level set and gets no events, so nothing is written and the buckets can be deleted empty.
const archiveBucket = new s3.Bucket(stack, 'ArchiveBucket', { removalPolicy: RemovalPolicy.DESTROY });
acknowledgeDemoBucket(archiveBucket);
const archive = new DeliveryDestination(stack, 'Archive', {
  target: DeliveryDestinationTarget.s3(archiveBucket),
  outputFormat: OutputFormat.PARQUET,
});

const logGroup = new logs.LogGroup(stack, 'BusLogs', { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY });
acknowledgeShortLivedLogGroup(logGroup);
const groupDestination = new DeliveryDestination(stack, 'LogGroupDestination', {
  target: DeliveryDestinationTarget.logGroup(logGroup),
  outputFormat: OutputFormat.JSON,
});

const landingBucket = new s3.Bucket(stack, 'LandingBucket', { removalPolicy: RemovalPolicy.DESTROY });
const stream = new firehose.DeliveryStream(stack, 'Stream', { destination: new firehose.S3Bucket(landingBucket) });
acknowledgeDemoBucket(landingBucket);
acknowledgeDemoFirehoseToS3(stream, landingBucket);
const streamDestination = new DeliveryDestination(stack, 'StreamDestination', {
  target: DeliveryDestinationTarget.firehose(stream),
  outputFormat: OutputFormat.JSON,
});

// SSE-KMS with a customer-managed key: the key policy gets AWS's statement for the delivery service.
const archiveKey = new kms.Key(stack, 'ArchiveKey', {
  enableKeyRotation: true,
  pendingWindow: Duration.days(7),
  removalPolicy: RemovalPolicy.DESTROY,
});
// Control Tower's CT.KMS.PR.3: only AWS services may create grants (the delivery service creates none).
archiveKey.addToResourcePolicy(new iam.PolicyStatement({
  effect: iam.Effect.DENY,
  principals: [new iam.AnyPrincipal()],
  actions: ['kms:CreateGrant'],
  resources: ['*'],
  conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
}));
const encryptedBucket = new s3.Bucket(stack, 'EncryptedArchiveBucket', { encryptionKey: archiveKey, removalPolicy: RemovalPolicy.DESTROY });
acknowledgeDemoBucket(encryptedBucket);
const encryptedArchive = new DeliveryDestination(stack, 'EncryptedArchive', {
  target: DeliveryDestinationTarget.s3(encryptedBucket),
  outputFormat: OutputFormat.JSON,
});

// Two deliveries from one source: the second is created after the first.
const toArchive = info.deliverTo(archive, { s3EnableHiveCompatiblePath: true });
const toGroup = info.deliverTo(groupDestination);
const toStream = errors.deliverTo(streamDestination);
const toEncrypted = errors.deliverTo(encryptedArchive, { s3EnableHiveCompatiblePath: true });

const integ = new IntegTest(app, 'DeliveryDestinationIntegTest', {
  testCases: [stack],
  diffAssets: true,
  // Same environment as the test stack, so the assertions can read its attributes.
  assertionStack: new Stack(app, 'DeliveryDestinationIntegAssertions', { env: { region: 'us-east-1' } }),
});
// Compliance: the assertion stack holds integ-tests' assertion provider (see test/compliance.test.ts).
acknowledgeIntegHarness(app.node.findChild('DeliveryDestinationIntegAssertions'));

integ.assertions.awsApiCall('CloudWatchLogs', 'getDeliveryDestination', { name: archive.deliveryDestinationName })
  .expect(ExpectedResult.objectLike({
    deliveryDestination: Match.objectLike({
      name: archive.deliveryDestinationName,
      arn: archive.deliveryDestinationArn,
      deliveryDestinationType: 'S3',
      outputFormat: 'parquet',
      deliveryDestinationConfiguration: { destinationResourceArn: archiveBucket.bucketArn },
    }),
  }));

integ.assertions.awsApiCall('CloudWatchLogs', 'getDeliveryDestination', { name: groupDestination.deliveryDestinationName })
  .expect(ExpectedResult.objectLike({
    deliveryDestination: Match.objectLike({
      name: groupDestination.deliveryDestinationName,
      deliveryDestinationType: 'CWL',
      outputFormat: 'json',
    }),
  }));

integ.assertions.awsApiCall('CloudWatchLogs', 'getDeliveryDestination', { name: streamDestination.deliveryDestinationName })
  .expect(ExpectedResult.objectLike({
    deliveryDestination: Match.objectLike({
      name: streamDestination.deliveryDestinationName,
      deliveryDestinationType: 'FH',
      outputFormat: 'json',
      deliveryDestinationConfiguration: { destinationResourceArn: stream.deliveryStreamArn },
    }),
  }));

integ.assertions.awsApiCall('CloudWatchLogs', 'getDelivery', { id: toArchive.deliveryId })
  .expect(ExpectedResult.objectLike({
    delivery: Match.objectLike({
      id: toArchive.deliveryId,
      deliverySourceName: info.deliverySourceName,
      deliveryDestinationArn: archive.deliveryDestinationArn,
      deliveryDestinationType: 'S3',
      s3DeliveryConfiguration: Match.objectLike({ enableHiveCompatiblePath: true }),
    }),
  }));

integ.assertions.awsApiCall('CloudWatchLogs', 'getDelivery', { id: toGroup.deliveryId })
  .expect(ExpectedResult.objectLike({
    delivery: Match.objectLike({
      deliverySourceName: info.deliverySourceName,
      deliveryDestinationArn: groupDestination.deliveryDestinationArn,
      deliveryDestinationType: 'CWL',
    }),
  }));

integ.assertions.awsApiCall('CloudWatchLogs', 'getDelivery', { id: toStream.deliveryId })
  .expect(ExpectedResult.objectLike({
    delivery: Match.objectLike({
      deliverySourceName: errors.deliverySourceName,
      deliveryDestinationArn: streamDestination.deliveryDestinationArn,
      deliveryDestinationType: 'FH',
    }),
  }));

integ.assertions.awsApiCall('CloudWatchLogs', 'getDelivery', { id: toEncrypted.deliveryId })
  .expect(ExpectedResult.objectLike({
    delivery: Match.objectLike({
      deliverySourceName: errors.deliverySourceName,
      deliveryDestinationArn: encryptedArchive.deliveryDestinationArn,
      deliveryDestinationType: 'S3',
      s3DeliveryConfiguration: Match.objectLike({ enableHiveCompatiblePath: true }),
    }),
  }));

// The bucket policy admits the default and the Hive-compatible key of the account, and ListBucket with GetBucketAcl.
const deliveryService = { Service: 'delivery.logs.amazonaws.com' };
for (const bucket of [archiveBucket, encryptedBucket]) {
  integ.assertions.awsApiCall('S3', 'getBucketPolicy', { Bucket: bucket.bucketName })
    .expect(ExpectedResult.objectLike({
      Policy: Match.serializedJson(Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: deliveryService,
            Action: 's3:PutObject',
            Resource: [
              `${bucket.bucketArn}/AWSLogs/${stack.account}/*`,
              `${bucket.bucketArn}/AWSLogs/aws-account-id=${stack.account}/*`,
            ],
            Condition: Match.objectLike({ StringEquals: Match.objectLike({ 's3:x-amz-acl': 'bucket-owner-full-control' }) }),
          }),
          Match.objectLike({
            Principal: deliveryService,
            Action: ['s3:GetBucketAcl', 's3:ListBucket'],
            Resource: bucket.bucketArn,
          }),
        ]),
      })),
    }));
}

// The key policy carries AWS's statement for the delivery service, scoped to this account's delivery sources.
integ.assertions.awsApiCall('KMS', 'getKeyPolicy', { KeyId: archiveKey.keyId, PolicyName: 'default' })
  .expect(ExpectedResult.objectLike({
    Policy: Match.serializedJson(Match.objectLike({
      Statement: Match.arrayWith([
        Match.objectLike({
          Principal: deliveryService,
          // AWS's five actions, in the order the synthesized key policy lists them.
          Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
          Resource: '*',
          Condition: {
            // As the template sends them: lists, which KMS stores as given.
            StringEquals: { 'aws:SourceAccount': [stack.account] },
            ArnLike: { 'aws:SourceArn': [`arn:${stack.partition}:logs:${stack.region}:${stack.account}:delivery-source:*`] },
          },
        }),
      ]),
    })),
  }));

integ.assertions.awsApiCall('Firehose', 'listTagsForDeliveryStream', { DeliveryStreamName: stream.deliveryStreamName })
  .expect(ExpectedResult.objectLike({
    Tags: Match.arrayWith([{ Key: 'LogDeliveryEnabled', Value: 'true' }]),
  }));

app.synth();
