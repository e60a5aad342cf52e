import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, Duration, Size, Stack } from 'aws-cdk-lib/core';
/** jq 1.6 compiled to WebAssembly (jq-web), the version Firehose's inline parsing runs; a thenable until its runtime is ready. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jqReady: PromiseLike<{ json(input: unknown, filter: string): unknown }> = require('jq-web');
import { AccountSubscriptionFilter, ArchivePartitioning, LogArchive, LogArchiveProps } from '../lib';
import { expectLibraryError, expectSynthFinding, ExpectedError } from './support/errors';
import { joinLiteral, onlyResource, RECIPIENT, SENDER, templateOf, testStack } from './util';

const ORG = 'o-a1b2c3d4e5';
const HOME = { account: RECIPIENT, region: 'us-east-1' };

function archiveStack(props: LogArchiveProps = {}, stack: Stack = testStack()) {
  const archive = new LogArchive(stack, 'Archive', { destinationName: 'central-logs', ...props });
  return { stack, archive };
}

/** The logical ID of the only resource of a type. */
function idOf(template: Template, type: string): string {
  return onlyResource(template, type).logicalId;
}

function propsOf(template: Template, type: string): any {
  return onlyResource(template, type).resource.Properties;
}

const getAtt = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const objects = (bucketId: string, prefix: string) => ({ 'Fn::Join': ['', [getAtt(bucketId), `/${prefix}*`]] });

describe('LogArchive', () => {
  test('creates a destination in front of a Direct PUT delivery stream writing a bucket, with no Lambda and no attached policy', () => {
    const template = templateOf(archiveStack().stack);
    expect(Object.values<any>(template.toJSON().Resources).map(r => r.Type).sort()).toEqual([
      'AWS::IAM::Role', 'AWS::IAM::Role', 'AWS::KinesisFirehose::DeliveryStream', 'AWS::Logs::Destination', 'AWS::Logs::LogGroup',
      'AWS::Logs::LogStream', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy',
    ]);
  });

  test('the delivery stream decompresses, partitions by account, log group and day with a control-message fallback, and delimits records', () => {
    const template = templateOf(archiveStack().stack);
    const bucketId = idOf(template, 'AWS::S3::Bucket');
    const logGroupId = idOf(template, 'AWS::Logs::LogGroup');
    const roleId = Object.keys(template.findResources('AWS::IAM::Role')).find(id => id.startsWith('ArchiveDeliveryStreamRole'))!;
    const fallback = (field: string) =>
      `((select(.messageType == "DATA_MESSAGE") | .${field} | select(type == "string" and length > 0)) // "control-message")`;
    expect(propsOf(template, 'AWS::KinesisFirehose::DeliveryStream')).toEqual({
      DeliveryStreamName: 'Stack-Archive-27914991',
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: {
        BucketARN: getAtt(bucketId),
        RoleARN: getAtt(roleId),
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 128 },
        CloudWatchLoggingOptions: {
          Enabled: true,
          LogGroupName: { Ref: logGroupId },
          LogStreamName: { Ref: idOf(template, 'AWS::Logs::LogStream') },
        },
        CompressionFormat: 'GZIP',
        DynamicPartitioningConfiguration: { Enabled: true },
        Prefix: 'logs/account=!{partitionKeyFromQuery:account}/log_group=!{partitionKeyFromQuery:log_group}/dt=!{timestamp:yyyy-MM-dd}/',
        ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/',
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            { Type: 'Decompression', Parameters: [{ ParameterName: 'CompressionFormat', ParameterValue: 'GZIP' }] },
            {
              Type: 'MetadataExtraction',
              Parameters: [
                { ParameterName: 'MetadataExtractionQuery', ParameterValue: `{"account":${fallback('owner')},"log_group":${fallback('logGroup')}}` },
                { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
              ],
            },
            { Type: 'AppendDelimiterToRecord', Parameters: [] },
          ],
        },
      },
    });
  });

  test('the partition query yields the account and log group of a data message, and the fallback for a control message (jq 1.6)', async () => {
    const jq = await jqReady;
    const template = templateOf(archiveStack().stack);
    const processors = propsOf(template, 'AWS::KinesisFirehose::DeliveryStream').ExtendedS3DestinationConfiguration.ProcessingConfiguration.Processors;
    const query = processors[1].Parameters[0].ParameterValue;
    // A decompressed record as "Validate the flow of log events" (CloudWatch Logs user guide) shows it.
    const data = {
      messageType: 'DATA_MESSAGE', owner: SENDER, logGroup: '/aws/lambda/app', logStream: '2025/01/01/[$LATEST]abc',
      subscriptionFilters: ['ToArchive'], logEvents: [{ id: '1', timestamp: 1735689600000, message: 'hello' }],
    };
    expect(jq.json(data, query)).toEqual({ account: SENDER, log_group: '/aws/lambda/app' });
    // What a control message's fields hold is undocumented: every shape falls back, none yields null or an empty key.
    for (const control of [
      { messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [] },
      { messageType: 'CONTROL_MESSAGE' },
      { messageType: 'CONTROL_MESSAGE', owner: null, logGroup: null },
    ]) {
      expect(jq.json(control, query)).toEqual({ account: 'control-message', log_group: 'control-message' });
    }
    expect(jq.json({ ...data, logGroup: '' }, query)).toEqual({ account: SENDER, log_group: 'control-message' });
  });

  test('the delivery stream role has AWS\'s S3-destination permissions scoped to the two prefixes and the error log streams, nothing else', () => {
    const template = templateOf(archiveStack().stack);
    const bucketId = idOf(template, 'AWS::S3::Bucket');
    const logGroupId = idOf(template, 'AWS::Logs::LogGroup');
    const roles = template.findResources('AWS::IAM::Role');
    const role = Object.entries<any>(roles).find(([id]) => id.startsWith('ArchiveDeliveryStreamRole'))![1];
    expect(role.Properties).toEqual({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'firehose.amazonaws.com' } }],
      },
      Policies: [{
        PolicyName: 'Archive',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], Resource: getAtt(bucketId) },
            {
              Effect: 'Allow',
              Action: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
              Resource: [objects(bucketId, 'logs/'), objects(bucketId, 'errors/')],
            },
            {
              Effect: 'Allow',
              Action: 'logs:PutLogEvents',
              Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:us-east-1:${RECIPIENT}:log-group:`, { Ref: logGroupId }, ':log-stream:*']] },
            },
          ],
        },
      }],
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('the generated bucket is private, TLS only, owner enforced, versioned, S3-encrypted, and cleans up uploads and old versions', () => {
    const template = templateOf(archiveStack().stack);
    const bucket = onlyResource(template, 'AWS::S3::Bucket');
    expect(bucket.resource.DeletionPolicy).toEqual('Retain');
    expect(bucket.resource.Properties).toEqual({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [{ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }],
      },
    });
    expect(propsOf(template, 'AWS::S3::BucketPolicy').PolicyDocument.Statement).toEqual([{
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Resource: [getAtt(bucket.logicalId), { 'Fn::Join': ['', [getAtt(bucket.logicalId), '/*']] }],
    }]);
  });

  test('the destination delivers to the delivery stream, and its role may put records into it only', () => {
    const template = templateOf(archiveStack({ subscriberAccounts: [SENDER], subscriberOrganizationIds: [ORG] }).stack);
    const streamId = idOf(template, 'AWS::KinesisFirehose::DeliveryStream');
    const destination = propsOf(template, 'AWS::Logs::Destination');
    expect(destination.DestinationName).toEqual('central-logs');
    expect(destination.TargetArn).toEqual(getAtt(streamId));
    const roleId = destination.RoleArn['Fn::GetAtt'][0];
    expect(template.toJSON().Resources[roleId].Properties.Policies).toEqual([{
      PolicyName: 'Delivery',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: getAtt(streamId) }],
      },
    }]);
    const policy = JSON.parse(joinLiteral(destination.DestinationPolicy));
    expect(policy.Statement.map((s: any) => [s.Sid, s.Principal, s.Action])).toEqual([
      ['SubscriberAccounts', { AWS: SENDER }, 'logs:PutSubscriptionFilter'],
      ['SubscriberOrganizations', '*', 'logs:PutSubscriptionFilter'],
    ]);
  });

  test('accountLevelSubscriptions lets granted accounts put account policies', () => {
    const template = templateOf(archiveStack({ subscriberAccounts: [SENDER], accountLevelSubscriptions: true }).stack);
    const policy = JSON.parse(joinLiteral(propsOf(template, 'AWS::Logs::Destination').DestinationPolicy));
    expect(policy.Statement[0].Action).toEqual(['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy']);
  });

  test('an encryption key encrypts the bucket (with a Bucket Key), the objects and the stream, and the role may use it through S3 only', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const template = templateOf(archiveStack({ encryptionKey: key }, stack).stack);
    const keyId = idOf(template, 'AWS::KMS::Key');
    const bucketId = idOf(template, 'AWS::S3::Bucket');
    expect(propsOf(template, 'AWS::S3::Bucket').BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(keyId) } }],
    });
    const stream = propsOf(template, 'AWS::KinesisFirehose::DeliveryStream');
    expect(stream.DeliveryStreamEncryptionConfigurationInput).toEqual({ KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: getAtt(keyId) });
    expect(stream.ExtendedS3DestinationConfiguration.EncryptionConfiguration).toEqual({ KMSEncryptionConfig: { AWSKMSKeyARN: getAtt(keyId) } });
    const role = Object.entries<any>(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('ArchiveDeliveryStreamRole'))![1];
    expect(role.Properties.Policies[0].PolicyDocument.Statement[3]).toEqual({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: getAtt(keyId),
      Condition: {
        StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.us-east-1.', { Ref: 'AWS::URLSuffix' }]] } },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [getAtt(bucketId), objects(bucketId, 'logs/'), objects(bucketId, 'errors/')] },
      },
    });
    // The key's own policy is untouched: the account's IAM policies decide, as with any kms.Key.
    expect(propsOf(template, 'AWS::KMS::Key').KeyPolicy.Statement).toHaveLength(1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('retention expires the archived objects after that many days', () => {
    const template = templateOf(archiveStack({ retention: Duration.days(400) }).stack);
    expect(propsOf(template, 'AWS::S3::Bucket').LifecycleConfiguration.Rules).toEqual([{
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      ExpirationInDays: 400,
      Status: 'Enabled',
    }]);
  });

  test('a bucket of your own is written under the prefixes only, with its own key, and gets no policy from the archive', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'OwnKey');
    const bucket = new s3.Bucket(stack, 'Own', { encryptionKey: key, enforceSSL: true });
    const template = templateOf(archiveStack({ bucket, prefix: 'cloudwatch/', errorPrefix: 'cloudwatch-errors/' }, stack).stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    const bucketId = idOf(template, 'AWS::S3::Bucket');
    const keyId = idOf(template, 'AWS::KMS::Key');
    const statements = Object.entries<any>(template.findResources('AWS::IAM::Role'))
      .find(([id]) => id.startsWith('ArchiveDeliveryStreamRole'))![1].Properties.Policies[0].PolicyDocument.Statement;
    expect(statements[1].Resource).toEqual([objects(bucketId, 'cloudwatch/'), objects(bucketId, 'cloudwatch-errors/')]);
    expect(statements[3].Resource).toEqual(getAtt(keyId));
    const destination = propsOf(template, 'AWS::KinesisFirehose::DeliveryStream').ExtendedS3DestinationConfiguration;
    // The bucket's default encryption applies: Firehose names no key, and the stream keeps an AWS-owned key.
    expect(destination.EncryptionConfiguration).toBeUndefined();
    expect(destination.Prefix).toMatch(/^cloudwatch\/account=/);
    expect(destination.ErrorOutputPrefix).toEqual('cloudwatch-errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/');
    // Only enforceSSL's statement: neither the archive nor aws-cdk-lib's Firehose destination adds to the bucket policy.
    expect(propsOf(template, 'AWS::S3::BucketPolicy').PolicyDocument.Statement).toHaveLength(1);
  });

  test('message extraction keeps only the messages, partitioned by day without dynamic partitioning', () => {
    const template = templateOf(archiveStack({ messageExtraction: true, compression: firehose.Compression.UNCOMPRESSED }).stack);
    const destination = propsOf(template, 'AWS::KinesisFirehose::DeliveryStream').ExtendedS3DestinationConfiguration;
    expect(destination.ProcessingConfiguration.Processors).toEqual([
      { Type: 'Decompression', Parameters: [{ ParameterName: 'CompressionFormat', ParameterValue: 'GZIP' }] },
      { Type: 'CloudWatchLogProcessing', Parameters: [{ ParameterName: 'DataMessageExtraction', ParameterValue: 'true' }] },
      { Type: 'AppendDelimiterToRecord', Parameters: [] },
    ]);
    expect(destination.Prefix).toEqual('logs/dt=!{timestamp:yyyy-MM-dd}/');
    expect(destination.DynamicPartitioningConfiguration).toBeUndefined();
    expect(destination.BufferingHints).toBeUndefined();
    expect(destination.CompressionFormat).toEqual('UNCOMPRESSED');
  });

  test('byDate partitions by day only, and takes buffering below the dynamic-partitioning minimums', () => {
    const template = templateOf(archiveStack({
      partitioning: ArchivePartitioning.byDate(), bufferingInterval: Duration.seconds(30), bufferingSize: Size.mebibytes(8),
    }).stack);
    const destination = propsOf(template, 'AWS::KinesisFirehose::DeliveryStream').ExtendedS3DestinationConfiguration;
    expect(destination.Prefix).toEqual('logs/dt=!{timestamp:yyyy-MM-dd}/');
    expect(destination.BufferingHints).toEqual({ IntervalInSeconds: 30, SizeInMBs: 8 });
    expect(destination.ProcessingConfiguration.Processors.map((p: any) => p.Type)).toEqual(['Decompression', 'AppendDelimiterToRecord']);
  });
});

describe('LogArchive: bad input', () => {
  test.each<[string, LogArchiveProps, Omit<ExpectedError, 'path'>]>([
    ['message extraction with account and log group partitions',
      { messageExtraction: true, partitioning: ArchivePartitioning.byAccountLogGroupAndDate() },
      { property: 'partitioning', value: '\'account, log_group\'', fragment: 'does not document whether' }],
    ['a buffering interval under 60 seconds with dynamic partitioning', { bufferingInterval: Duration.seconds(59) },
      { property: 'bufferingInterval', value: '\'59 seconds\'', fragment: '60 to 900 seconds with dynamic partitioning' }],
    ['a buffering size under 64 MiB with dynamic partitioning', { bufferingSize: Size.mebibytes(63) },
      { property: 'bufferingSize', value: '\'63 MiB\'', fragment: '64 to 128 MiB' }],
    ['a buffering interval over 900 seconds', { partitioning: ArchivePartitioning.byDate(), bufferingInterval: Duration.seconds(901) },
      { property: 'bufferingInterval', fragment: '0 to 900 seconds' }],
    ['a compression Athena cannot read back', { compression: firehose.Compression.ZIP },
      { property: 'compression', value: '\'ZIP\'', fragment: 'GZIP or uncompressed' }],
    ['a prefix with an expression', { prefix: 'logs/!{timestamp:yyyy}/' }, { property: 'prefix', fragment: 'no !{...} expression' }],
    ['a prefix without a trailing slash', { prefix: 'logs' }, { property: 'prefix', value: '\'logs\'', fragment: 'ends with \'/\'' }],
    ['overlapping prefixes', { prefix: 'logs/', errorPrefix: 'logs/errors/' }, { property: 'errorPrefix', value: '\'logs/errors/\'', fragment: 'overlap' }],
    ['a delivery stream name with a space', { deliveryStreamName: 'central logs' },
      { property: 'deliveryStreamName', value: '\'central logs\'', fragment: '1 to 64' }],
    ['a retention under a day', { retention: Duration.hours(12) }, { property: 'retention', value: '\'12 hours\'', fragment: 'whole number of days' }],
    ['a table with message extraction', { messageExtraction: true, athenaTable: {} }, { property: 'athenaTable', fragment: 'bare log messages' }],
    ['a table name Athena would need to quote', { athenaTable: { tableName: 'Cloud-Watch' } },
      { property: 'athenaTable.tableName', value: '\'Cloud-Watch\'', fragment: '\'cloud_watch\'' }],
    ['a destination name with a colon', { destinationName: 'a:b' }, { property: 'destinationName', value: '\'a:b\'', fragment: 'no \':\' or \'*\'' }],
    ['an account that is not 12 digits', { subscriberAccounts: ['1234'] }, { property: 'account', value: '\'1234\'', fragment: '12 digits' }],
  ])('throws for %s', (_, props, expected) => {
    expectLibraryError(() => new LogArchive(testStack(), 'Archive', { destinationName: 'central-logs', ...props }), { path: 'Stack/Archive', ...expected });
  });

  test('throws for a retention with a bucket of your own', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Own');
    expectLibraryError(() => new LogArchive(stack, 'Archive', { bucket, retention: Duration.days(30) }), {
      path: 'Stack/Archive', property: 'retention', value: '\'30 days\'', fragment: 'keeps its own lifecycle',
    });
  });
});

describe('LogArchive.addRegion', () => {
  function regions() {
    const app = new App();
    const home = new Stack(app, 'Home', { env: HOME });
    const { archive } = archiveStack({ subscriberAccounts: [SENDER] }, home);
    const eu = new Stack(app, 'EuWest1', { env: { account: RECIPIENT, region: 'eu-west-1' } });
    return { app, home, archive, eu };
  }

  test('puts a destination of the same name in front of the home delivery stream, granted what the archive grants, later grants too', () => {
    const { archive, eu, home } = regions();
    const destination = archive.addRegion(eu);
    archive.grantSubscribeOrganization(ORG);
    const template = templateOf(eu);
    const streamArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:firehose:us-east-1:${RECIPIENT}:deliverystream/Home-Archive-0B456C0B`]] };
    const props = propsOf(template, 'AWS::Logs::Destination');
    expect(props.DestinationName).toEqual('central-logs');
    expect(props.TargetArn).toEqual(streamArn);
    expect(joinLiteral(eu.resolve(destination.destinationArn))).toEqual(`arn:aws:logs:eu-west-1:${RECIPIENT}:destination:central-logs`);
    const role = propsOf(template, 'AWS::IAM::Role');
    expect(role.Policies[0].PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: streamArn }]);
    // CloudWatch Logs in eu-west-1 assumes it, for the recipient and the granted account, and for the organization.
    expect(role.AssumeRolePolicyDocument.Statement[0].Condition.StringLike['aws:SourceArn'].map(joinLiteral))
      .toEqual([`arn:aws:logs:eu-west-1:${RECIPIENT}:*`, `arn:aws:logs:eu-west-1:${SENDER}:*`]);
    expect(role.AssumeRolePolicyDocument.Statement[1].Condition).toEqual({ StringEquals: { 'aws:SourceOrgID': [ORG] } });
    const policy = JSON.parse(joinLiteral(props.DestinationPolicy));
    expect(policy.Statement.map((s: any) => [s.Sid, s.Resource])).toEqual([
      ['SubscriberAccounts', `arn:aws:logs:eu-west-1:${RECIPIENT}:destination:central-logs`],
      ['SubscriberOrganizations', `arn:aws:logs:eu-west-1:${RECIPIENT}:destination:central-logs`],
    ]);
    // The home stack (and its delivery stream) deploys first: the destination's test message goes to the stream.
    expect(eu.dependencies).toEqual([home]);
  });

  test('the home destination the archive made is granted later grants too', () => {
    const { archive, home, eu } = regions();
    archive.addRegion(eu);
    archive.grantSubscribeOrganization(ORG);
    const policy = JSON.parse(joinLiteral(propsOf(templateOf(home), 'AWS::Logs::Destination').DestinationPolicy));
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual(['SubscriberAccounts', 'SubscriberOrganizations']);
  });

  test.each<[string, (app: App) => Stack, string, string]>([
    ['a stack of another account', app => new Stack(app, 'Other', { env: { account: SENDER, region: 'eu-west-1' } }),
      'Other', `in account ${SENDER} and the archive in ${RECIPIENT}`],
    ['a stack of the home Region', app => new Stack(app, 'Same', { env: HOME }), 'Same', 'has a destination in us-east-1 already'],
    ['an environment-agnostic stack', app => new Stack(app, 'Agnostic'), 'Agnostic', 'no account or Region known at synth'],
  ])('throws for %s', (_, stackOf, stackName, fragment) => {
    const { app, archive } = regions();
    expectLibraryError(() => archive.addRegion(stackOf(app)), { path: 'Home/Archive', property: 'scope', value: `'${stackName}'`, fragment });
  });

  test('throws for a Region added twice', () => {
    const { archive, eu } = regions();
    archive.addRegion(eu);
    expectLibraryError(() => archive.addRegion(eu), {
      path: 'Home/Archive', property: 'scope', value: '\'EuWest1\'', fragment: 'has a destination in eu-west-1 already',
    });
  });

  test('throws when the home stack is environment-agnostic', () => {
    const app = new App();
    const { archive } = archiveStack({}, new Stack(app, 'Home'));
    expectLibraryError(() => archive.addRegion(new Stack(app, 'Eu', { env: { account: RECIPIENT, region: 'eu-west-1' } })), {
      path: 'Home/Archive', property: 'scope', value: '\'Eu\'', fragment: 'stack (Home) has no account known at synth',
    });
  });
});

describe('LogArchive.destinationIn', () => {
  test('names the archive\'s destination in the sender stack\'s Region, and puts a sender role on filters for organization access', () => {
    const sender = new Stack(new App(), 'Sender', { env: { account: SENDER, region: 'eu-west-1' } });
    const destination = LogArchive.destinationIn(sender, 'Archive', { account: RECIPIENT, destinationName: 'central-logs', organizationAccess: true });
    new logs.LogGroup(sender, 'AppLogs', { logGroupName: '/app' })
      .addSubscriptionFilter('ToArchive', { destination, filterPattern: logs.FilterPattern.allEvents() });
    const template = templateOf(sender);
    const filter = propsOf(template, 'AWS::Logs::SubscriptionFilter');
    expect(joinLiteral(filter.DestinationArn)).toEqual(`arn:aws:logs:eu-west-1:${RECIPIENT}:destination:central-logs`);
    expect(filter.RoleArn).toEqual(getAtt(idOf(template, 'AWS::IAM::Role')));
  });

  test('in an environment-agnostic stack (a StackSet\'s), names the Region it deploys to, and works for account-level policies', () => {
    const stack = new Stack(new App(), 'Member');
    const destination = LogArchive.destinationIn(stack, 'Archive', { account: RECIPIENT, destinationName: 'central-logs' });
    expect(stack.resolve(destination.destinationArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, `:${RECIPIENT}:destination:central-logs`]],
    });
    new AccountSubscriptionFilter(stack, 'AllLogs', { destination });
    const document = propsOf(templateOf(stack), 'AWS::Logs::AccountPolicy').PolicyDocument;
    expect(JSON.stringify(document)).toContain(`:${RECIPIENT}:destination:central-logs`);
  });

  test.each([
    ['an account that is not 12 digits', { account: 'x', destinationName: 'central-logs' },
      { path: 'Stack', property: 'account', value: '\'x\'', fragment: '12 digits' }],
    ['a destination name with a star', { account: RECIPIENT, destinationName: 'a*' },
      { path: 'Stack', property: 'destinationName', value: '\'a*\'', fragment: 'no \':\' or \'*\'' }],
  ])('throws for %s', (_, attrs, expected) => {
    expectLibraryError(() => LogArchive.destinationIn(testStack(), 'Archive', attrs), expected);
  });
});

describe('LogArchive athenaTable', () => {
  test('creates a database and an external JSON table over the data prefix, with partition projection and no crawler', () => {
    const template = templateOf(archiveStack({ athenaTable: {}, retention: Duration.days(400) }).stack);
    const bucketId = idOf(template, 'AWS::S3::Bucket');
    expect(propsOf(template, 'AWS::Glue::Database')).toEqual({
      CatalogId: RECIPIENT,
      DatabaseInput: { Name: 'central_logs', Description: 'CloudWatch Logs archived by Stack/Archive' },
    });
    const table = onlyResource(template, 'AWS::Glue::Table');
    expect(table.resource.DependsOn).toEqual([idOf(template, 'AWS::Glue::Database')]);
    const location = (rest: string) => ({ 'Fn::Join': ['', ['s3://', { Ref: bucketId }, rest]] });
    expect(table.resource.Properties).toEqual({
      CatalogId: RECIPIENT,
      DatabaseName: 'central_logs',
      TableInput: {
        Name: 'cloudwatch_logs',
        Description: 'Decompressed CloudWatch Logs subscription records, one per line',
        TableType: 'EXTERNAL_TABLE',
        Parameters: {
          'classification': 'json',
          'compressionType': 'gzip',
          'projection.enabled': 'true',
          'storage.location.template': location('/logs/account=${account}/log_group=${log_group}/dt=${dt}/'),
          'projection.account.type': 'injected',
          'projection.log_group.type': 'injected',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': 'NOW-400DAYS,NOW',
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
        },
        PartitionKeys: [{ Name: 'account', Type: 'string' }, { Name: 'log_group', Type: 'string' }, { Name: 'dt', Type: 'string' }],
        StorageDescriptor: {
          Location: location('/logs/'),
          InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          Compressed: true,
          SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe', Parameters: { 'ignore.malformed.json': 'true' } },
          Columns: [
            { Name: 'messagetype', Type: 'string' },
            { Name: 'owner', Type: 'string' },
            { Name: 'loggroup', Type: 'string' },
            { Name: 'logstream', Type: 'string' },
            { Name: 'subscriptionfilters', Type: 'array<string>' },
            { Name: 'logevents', Type: 'array<struct<id:string,timestamp:bigint,message:string>>' },
          ],
        },
      },
    });
  });

  test('in an existing database, by date, uncompressed: the template, projection and compression follow', () => {
    const template = templateOf(archiveStack({
      athenaTable: { databaseName: 'audit', existingDatabase: true, tableName: 'logs' },
      partitioning: ArchivePartitioning.byDate(),
      compression: firehose.Compression.UNCOMPRESSED,
    }).stack);
    template.resourceCountIs('AWS::Glue::Database', 0);
    const table = propsOf(template, 'AWS::Glue::Table');
    expect(table.DatabaseName).toEqual('audit');
    expect(table.TableInput.Name).toEqual('logs');
    expect(joinLiteral(table.TableInput.Parameters['storage.location.template'])).toMatch(/\/logs\/dt=\$\{dt\}\/$/);
    expect(table.TableInput.Parameters['projection.dt.range']).toEqual('NOW-10YEARS,NOW');
    expect(table.TableInput.Parameters.compressionType).toEqual('none');
    expect(table.TableInput.StorageDescriptor.Compressed).toEqual(false);
    expect(table.TableInput.PartitionKeys).toEqual([{ Name: 'dt', Type: 'string' }]);
  });
});

describe('LogArchive in an app', () => {
  test('a sender of the same app subscribes to the home destination, granted by account', () => {
    const app = new App();
    const home = new Stack(app, 'Home', { env: HOME });
    const { archive } = archiveStack({ subscriberAccounts: [SENDER] }, home);
    const sender = new Stack(app, 'Sender', { env: { account: SENDER, region: 'us-east-1' } });
    new logs.LogGroup(sender, 'AppLogs').addSubscriptionFilter('ToArchive', { destination: archive.destination, filterPattern: logs.FilterPattern.allEvents() });
    const filter = propsOf(templateOf(sender), 'AWS::Logs::SubscriptionFilter');
    expect(joinLiteral(filter.DestinationArn)).toEqual(`arn:aws:logs:us-east-1:${RECIPIENT}:destination:central-logs`);
    expect(filter.RoleArn).toBeUndefined();
  });

  test('a sender the archive never granted fails at synth', () => {
    const app = new App();
    const { archive } = archiveStack({}, new Stack(app, 'Home', { env: HOME }));
    const sender = new Stack(app, 'Sender', { env: { account: SENDER, region: 'us-east-1' } });
    new logs.LogGroup(sender, 'AppLogs').addSubscriptionFilter('ToArchive', { destination: archive.destination, filterPattern: logs.FilterPattern.allEvents() });
    expectSynthFinding(() => app.synth(), {
      path: 'Sender/AppLogs/ToArchive', property: 'destination', fragment: 'admits neither that account nor an organization',
    });
  });

  test('a statement the user adds to the delivery stream role lands on it (only aws-cdk-lib\'s own grants are kept off)', () => {
    const { stack, archive } = archiveStack();
    archive.deliveryStreamRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    const policy = propsOf(Template.fromStack(stack), 'AWS::IAM::Policy');
    expect(policy.PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
  });
});
