import type * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { ArnFormat, Duration, Names, Size, Stack, Token } from 'aws-cdk-lib/core';
import { Construct, IConstruct } from 'constructs';
import { ArchivePartitioning } from './archive-partitioning';
import { ILogDestination, LogDestination } from './log-destination';
import { LogDestinationTarget } from './log-destination-target';
import { acknowledgeRule, iamResourceFindingId } from './private/acknowledge';
import { knownDifference, knownSame } from './private/environments';
import { checkArgs } from './private/guard';
import { awsFirehose, awsGlue, awsS3 } from './private/lazy-modules';
import { logsArn } from './private/arns';
import { FIREHOSE_ACTIONS } from './private/destination-role';
import { invalidInput } from './private/errors';
import { checkString, checkAccountId, checkDestinationName, checkOrganizationId } from './private/validation';

/** What the Firehose role may do on the bucket ("Grant Firehose access to an Amazon S3 destination"). */
const BUCKET_ACTIONS = ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'];
const OBJECT_ACTIONS = ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'];
/** On a customer-managed key that encrypts the objects, through S3 only. */
const OBJECT_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];
/** A Firehose stream name: 1-64 of `[a-zA-Z0-9_.-]`. */
const DELIVERY_STREAM_NAME = /^[a-zA-Z0-9_.-]{1,64}$/;
/** A prefix of the archive: no expression, no leading `/`, ending with `/`. */
const PREFIX = /^[^/!{}][^!{}]*\/$/;
/** A Glue database or table name: 1-255 of lowercase letters, digits and `_` (what Athena reads without quoting). */
const GLUE_NAME = /^[a-z0-9_]{1,255}$/;
/** The values `compression` takes: what Firehose writes and Athena reads back by file extension. */
const COMPRESSIONS = ['GZIP', 'UNCOMPRESSED'];

/** Options of the Glue table `LogArchive` creates over its objects when you ask for one. */
export interface LogArchiveTableOptions {
  /**
   * The name of the Glue database the table is created in: 1 to 255 lowercase letters, digits or `_`.
   *
   * @default - a database named after the archive's destination name is created
   */
  readonly databaseName?: string;

  /**
   * Whether `databaseName` names an existing Glue database to create the table in, instead of one the archive creates.
   *
   * @default false
   */
  readonly existingDatabase?: boolean;

  /**
   * The name of the table: 1 to 255 lowercase letters, digits or `_`.
   *
   * @default 'cloudwatch_logs'
   */
  readonly tableName?: string;
}

/** Properties of a `LogArchive`. */
export interface LogArchiveProps {
  /**
   * The name of the destination senders subscribe to, the same in every Region of the archive: 1 to 512 characters,
   * no `:` or `*`. Senders in other apps import it by this name with `LogArchive.destinationIn`.
   *
   * @default - a name generated from the construct path, stable across synths
   */
  readonly destinationName?: string;

  /**
   * AWS accounts (12-digit IDs) whose log groups may subscribe, in every Region of the archive, as with
   * `grantSubscribe`.
   *
   * @default - no account is granted
   */
  readonly subscriberAccounts?: string[];

  /**
   * AWS Organizations IDs whose member accounts may subscribe, in every Region of the archive, as with
   * `grantSubscribeOrganization`. Senders then import the destination with `organizationAccess: true`.
   *
   * @default - no organization is granted
   */
  readonly subscriberOrganizationIds?: string[];

  /**
   * Whether granted accounts may also subscribe every log group of a Region at once (account-level subscription
   * filter policies, `AccountSubscriptionFilter`), as on `LogDestination`.
   *
   * @default false
   */
  readonly accountLevelSubscriptions?: boolean;

  /**
   * The bucket the log events are archived in. A bucket of your own keeps its settings: the archive only writes
   * objects under `prefix` and `errorPrefix`.
   *
   * @default - a private, versioned bucket is created, encrypted with `encryptionKey` (or S3-managed keys) and retained
   * when the stack is deleted
   */
  readonly bucket?: s3.IBucket;

  /**
   * A customer-managed KMS key for the archive: the generated bucket's default encryption, the objects Firehose
   * writes, and the delivery stream's server-side encryption. Its key policy must let the account's IAM policies use
   * it (the default policy of `kms.Key` does).
   *
   * @default - S3-managed keys for the generated bucket (a bucket of your own keeps its encryption), an AWS-owned key
   * for the delivery stream
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long the generated bucket keeps the archived objects (an S3 lifecycle expiration, in whole days).
   * Refused with a bucket of your own: set its lifecycle rules there.
   *
   * @default - the objects are kept until you delete them
   */
  readonly retention?: Duration;

  /**
   * How the objects are laid out under `prefix`.
   *
   * @default - `ArchivePartitioning.byAccountLogGroupAndDate()`, or `ArchivePartitioning.byDate()` with `messageExtraction`
   */
  readonly partitioning?: ArchivePartitioning;

  /**
   * Where the archived objects go: a prefix ending with `/`, without `!{...}` expressions.
   *
   * @default 'logs/'
   */
  readonly prefix?: string;

  /**
   * Where Firehose writes the records it could not decompress, partition or deliver, under
   * `<errorPrefix><error type>/dt=<yyyy-MM-dd>/` (`!{firehose:error-output-type}`). It must not lie under `prefix`,
   * where a table would read error objects as log events.
   *
   * @default 'errors/'
   */
  readonly errorPrefix?: string;

  /**
   * How long Firehose buffers incoming data before it writes an object: 0 to 900 seconds, and at least 60 seconds with
   * dynamic partitioning.
   *
   * @default Duration.seconds(300)
   */
  readonly bufferingInterval?: Duration;

  /**
   * How much data Firehose buffers before it writes an object: 1 to 128 MiB, and at least 64 MiB with dynamic
   * partitioning.
   *
   * @default - 128 MiB with dynamic partitioning, 5 MiB without
   */
  readonly bufferingSize?: Size;

  /**
   * How Firehose compresses the objects after decompressing the CloudWatch Logs records:
   * `firehose.Compression.GZIP` (objects end in `.gz`) or `firehose.Compression.UNCOMPRESSED`.
   *
   * @default firehose.Compression.GZIP
   */
  readonly compression?: firehose.Compression;

  /**
   * Whether Firehose keeps only the log messages (`CloudWatchLogProcessing` with `DataMessageExtraction`), dropping
   * `owner`, `logGroup`, `logStream`, `subscriptionFilters` and the event IDs and timestamps. Only
   * `ArchivePartitioning.byDate()` applies then, and no `athenaTable`. Off, each line of an object is one decompressed
   * CloudWatch Logs record.
   *
   * @default false
   */
  readonly messageExtraction?: boolean;

  /**
   * The name of the Firehose delivery stream: 1 to 64 letters, digits, `_`, `.` or `-`.
   *
   * @default - a name generated from the construct path
   */
  readonly deliveryStreamName?: string;

  /**
   * A Glue table over the archive, for Athena, with partition projection: opt in by passing options (`{}` for the
   * defaults). A query names the account and log group with equality conditions (or `IN`).
   *
   * @default - no table
   */
  readonly athenaTable?: LogArchiveTableOptions;
}

/** Attributes of an archive's destination, for the sender side: `LogArchive.destinationIn`. */
export interface LogArchiveDestinationAttributes {
  /** The 12-digit ID of the log-archive account that owns the archive. */
  readonly account: string;

  /** The destination name the archive uses in every Region (its `destinationName`). */
  readonly destinationName: string;

  /**
   * Whether this account reaches the archive through its organization (the archive grants an organization ID). A
   * sender role is then generated and put on every subscription filter, as CloudWatch Logs requires.
   *
   * @default false
   */
  readonly organizationAccess?: boolean;

  /**
   * A role of your own to put on the subscription filters (implies `organizationAccess`).
   *
   * @default - a role is generated when `organizationAccess` is true
   */
  readonly senderRole?: iam.IRole;
}

/**
 * The central log archive: every subscribed log group of every granted account, in every Region you add, lands in one
 * S3 bucket, decompressed and partitioned by account, log group and day. No Lambda function.
 *
 * In the log-archive account's home Region it creates a `LogDestination` in front of a Direct PUT Firehose delivery
 * stream that decompresses the CloudWatch Logs records itself (`Decompression`), partitions them with JQ (dynamic
 * partitioning), appends a newline to each, and writes them to the bucket. `addRegion` puts a destination of the same
 * name in another Region's stack, in front of the same delivery stream (a destination must be in its log groups'
 * Region; the stream behind it may be elsewhere). Senders import the destination of their Region with
 * `LogArchive.destinationIn`.
 *
 * The delivery stream accepts only records from CloudWatch Logs subscriptions ("Only requests from CloudWatch Logs are
 * supported when CloudWatch Logs decompression is enabled"): give vended logs a stream of their own.
 *
 * @example
 * import { App, Duration, Stack } from 'aws-cdk-lib';
 * import * as logs from 'aws-cdk-lib/aws-logs';
 * import { LogArchive } from 'cdk-log-destinations';
 *
 * const app = new App();
 * const home = new Stack(app, 'LogArchive', { env: { account: '999999999999', region: 'us-east-1' } });
 * const archive = new LogArchive(home, 'Archive', {
 *   destinationName: 'central-logs',
 *   subscriberOrganizationIds: ['o-a1b2c3d4e5'],
 *   retention: Duration.days(400),
 *   athenaTable: {},
 * });
 * // The same destination name in eu-west-1, in front of the home delivery stream.
 * archive.addRegion(new Stack(app, 'LogArchiveEuWest1', { env: { account: '999999999999', region: 'eu-west-1' } }));
 *
 * // A member account, in either Region: one import, then any subscription filter.
 * const sender = new Stack(app, 'App', { env: { account: '111111111111', region: 'eu-west-1' } });
 * const destination = LogArchive.destinationIn(sender, 'Archive', {
 *   account: '999999999999',
 *   destinationName: 'central-logs',
 *   organizationAccess: true,
 * });
 * new logs.LogGroup(sender, 'AppLogs').addSubscriptionFilter('ToArchive', {
 *   destination,
 *   filterPattern: logs.FilterPattern.allEvents(),
 * });
 */
export class LogArchive extends Construct {
  /**
   * The archive's destination in the Region of `scope`'s stack, for a sender account: pass it to
   * `logGroup.addSubscriptionFilter`, `new logs.SubscriptionFilter` or `AccountSubscriptionFilter`.
   *
   * The ARN names the stack's Region, so an environment-agnostic stack (a StackSet's) gets
   * `arn:<partition>:logs:${AWS::Region}:<account>:destination:<name>`: add every Region it deploys to with `addRegion`.
   */
  public static destinationIn(scope: Construct, id: string, attrs: LogArchiveDestinationAttributes): ILogDestination {
    checkArgs('LogArchive.destinationIn', [scope, id, attrs]);
    checkAccountId(scope, 'account', attrs.account);
    checkDestinationName(scope, attrs.destinationName);
    return LogDestination.fromDestinationAttributes(scope, id, {
      destinationArn: logsArn(scope, 'destination', attrs.destinationName, attrs.account),
      organizationAccess: attrs.organizationAccess,
      senderRole: attrs.senderRole,
    });
  }

  /** The destination in the home Region. */
  public readonly destination: LogDestination;

  /** The name of the destination, the same in every Region. */
  public readonly destinationName: string;

  /** The bucket the log events are archived in. */
  public readonly bucket: s3.IBucket;

  /** The Direct PUT Firehose delivery stream every destination of the archive delivers to. */
  public readonly deliveryStream: firehose.IDeliveryStream;

  /** The role Firehose assumes to write the bucket (and use the key), allowed nothing else. */
  public readonly deliveryStreamRole: iam.IRole;

  /** The log group Firehose reports delivery errors to. */
  public readonly errorLogGroup: logs.ILogGroup;

  /**
   * The key of the archive, when one was given.
   *
   * @default - none
   */
  public readonly encryptionKey?: kms.IKey;

  /**
   * The Glue table over the archive, when `athenaTable` asked for one.
   *
   * @default - none without `athenaTable`
   */
  public readonly table?: glue.CfnTable;

  /** The destination in the home Region, then one per Region added. */
  private readonly destinations: LogDestination[] = [];
  private readonly subscriberAccounts: string[] = [];
  private readonly subscriberOrganizationIds: string[] = [];
  private readonly accountLevelSubscriptions: boolean;
  private readonly deliveryStreamName: string;
  private readonly homeStack: Stack;

  constructor(scope: Construct, id: string, props: LogArchiveProps = {}) {
    checkArgs('LogArchive', [scope, id, props]);
    super(scope, id);
    this.homeStack = Stack.of(this);

    if (props.destinationName !== undefined) {
      checkDestinationName(this, props.destinationName);
    }
    this.destinationName = props.destinationName ?? Names.uniqueResourceName(this, { maxLength: 512 });
    if (props.deliveryStreamName !== undefined) {
      checkDeliveryStreamName(this, props.deliveryStreamName);
    }
    this.deliveryStreamName = props.deliveryStreamName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    this.accountLevelSubscriptions = props.accountLevelSubscriptions ?? false;

    const messageExtraction = props.messageExtraction ?? false;
    const partitioning = ArchivePartitioning._bindOf(this,
      props.partitioning ?? (messageExtraction ? ArchivePartitioning.byDate() : ArchivePartitioning.byAccountLogGroupAndDate()));
    const dynamicPartitioning = Object.keys(partitioning.partitionKeys).length > 0;
    if (messageExtraction && dynamicPartitioning) {
      throw invalidInput(this, 'partitioning', Object.keys(partitioning.partitionKeys).join(', '),
        'message extraction drops the owner and logGroup fields the partition keys read, and AWS does not document whether '
        + 'Firehose extracts the messages before or after it evaluates the keys',
        'Use partitioning: ArchivePartitioning.byDate() with messageExtraction, or leave messageExtraction off');
    }
    const prefix = props.prefix ?? 'logs/';
    const errorPrefix = props.errorPrefix ?? 'errors/';
    checkPrefixes(this, prefix, errorPrefix);
    const {
      AppendDelimiterToRecordProcessor, CloudWatchLogProcessor, Compression, DecompressionProcessor, DeliveryStream, EnableLogging,
      MetadataExtractionProcessor, S3Bucket, StreamEncryption,
    } = awsFirehose();
    const compression = props.compression ?? Compression.GZIP;
    if (!COMPRESSIONS.includes(compression.value)) {
      throw invalidInput(this, 'compression', compression.value,
        'the archive writes GZIP or uncompressed objects, the two Athena reads back line by line by their file extension',
        'Pass firehose.Compression.GZIP or firehose.Compression.UNCOMPRESSED');
    }
    checkBuffering(this, props.bufferingInterval, props.bufferingSize, dynamicPartitioning);
    if (props.retention !== undefined && props.bucket !== undefined) {
      throw invalidInput(this, 'retention', props.retention.toHumanString(),
        'retention sets the lifecycle of the bucket the archive creates, and a bucket of your own keeps its own lifecycle',
        'Add a lifecycle rule with an expiration to your bucket, or leave bucket out to let the archive create one');
    }
    if (props.athenaTable && messageExtraction) {
      throw invalidInput(this, 'athenaTable', 'athenaTable',
        'with message extraction the objects hold bare log messages, which have no schema the table could declare',
        'Leave messageExtraction off to query the archive, or athenaTable out');
    }

    this.encryptionKey = props.encryptionKey;
    this.bucket = props.bucket ?? this.createBucket(props.encryptionKey, props.retention);
    const objectKey = props.encryptionKey ?? props.bucket?.encryptionKey;

    const errorLogGroup = new logs.LogGroup(this, 'ErrorLogGroup', { retention: logs.RetentionDays.ONE_YEAR });
    this.errorLogGroup = errorLogGroup;
    // A customer-managed key would need a key policy statement for CloudWatch Logs, which a key of your own may not take.
    acknowledgeRule(errorLogGroup, 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check', 'CT.CLOUDWATCH.PR.3: the log '
      + 'group holds Firehose\'s delivery error messages, not the archived log events, and CloudWatch Logs encrypts it by default; '
      + 'its key policy would need a statement for CloudWatch Logs, which the archive does not write into a key of yours.');
    const role = this.createDeliveryStreamRole(prefix, errorPrefix, objectKey, errorLogGroup);
    this.deliveryStreamRole = role;
    // aws-cdk-lib's Firehose S3 destination grants its role read and write on the whole bucket (and the key, and the
    // log group): the role it is given here takes no grants, and has exactly what AWS's recipe lists, inline.
    const fixedRole = role.withoutPolicyUpdates();

    const processors: firehose.IDataProcessor[] = [new DecompressionProcessor()];
    if (messageExtraction) {
      processors.push(new CloudWatchLogProcessor({ dataMessageExtraction: true }));
    }
    if (dynamicPartitioning) {
      processors.push(MetadataExtractionProcessor.jq16(partitioning.partitionKeys));
    }
    // "By default, Firehose concatenates data without any delimiters" (Understand data delivery in Amazon Data Firehose).
    processors.push(new AppendDelimiterToRecordProcessor());

    this.deliveryStream = new DeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: this.deliveryStreamName,
      role: fixedRole,
      encryption: props.encryptionKey
        ? StreamEncryption.customerManagedKey(props.encryptionKey)
        : StreamEncryption.awsOwnedKey(),
      destination: new S3Bucket(this.bucket, {
        role: fixedRole,
        processors,
        dynamicPartitioning: dynamicPartitioning ? { enabled: true } : undefined,
        dataOutputPrefix: `${prefix}${partitioning.keyPrefix}`,
        errorOutputPrefix: `${errorPrefix}!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`,
        bufferingInterval: props.bufferingInterval,
        bufferingSize: props.bufferingSize,
        compression,
        encryptionKey: props.encryptionKey,
        loggingConfig: new EnableLogging(errorLogGroup),
      }),
    });
    this.acknowledgeRoleWildcards(role, prefix, errorPrefix, errorLogGroup);

    this.destination = new LogDestination(this, 'Destination', {
      destinationName: this.destinationName,
      target: LogDestinationTarget.firehose(this.deliveryStream),
      accountLevelSubscriptions: this.accountLevelSubscriptions,
    });
    this.destinations.push(this.destination);

    for (const account of props.subscriberAccounts ?? []) {
      this.grantSubscribe(account);
    }
    for (const organizationId of props.subscriberOrganizationIds ?? []) {
      this.grantSubscribeOrganization(organizationId);
    }

    if (props.athenaTable) {
      this.table = this.createTable(props.athenaTable, prefix, partitioning, compression, props.retention);
    }
  }

  /**
   * Adds a Region: a destination of the archive's name in `scope`'s stack, in front of the home delivery stream,
   * granted every account and organization the archive grants (now and later). Senders in that Region import it with
   * `LogArchive.destinationIn`.
   *
   * The stack must be of the archive's account (a destination's role can only put records into a delivery stream of
   * its own account) and of another Region, both known at synth. Records then cross Regions between CloudWatch Logs
   * and Firehose (inter-Region data transfer is charged).
   *
   * @param scope a construct in the stack of the Region to add
   * @returns the destination created there
   */
  public addRegion(scope: Construct): LogDestination {
    checkArgs('LogArchive.addRegion', [scope], this);
    const stack = Stack.of(scope);
    const home = this.homeStack;
    for (const [what, value] of [['account', home.account], ['region', home.region]] as const) {
      if (Token.isUnresolved(value)) {
        throw invalidInput(this, 'scope', stack.node.path,
          `the archive's stack (${home.node.path}) has no ${what} known at synth, and a destination in another Region names the `
          + 'home delivery stream by an ARN that holds them',
          `Give ${home.node.path} an env with account and region`);
      }
    }
    if (Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)) {
      throw invalidInput(this, 'scope', stack.node.path,
        'the stack of the added Region has no account or Region known at synth, so the archive cannot tell it is another Region '
        + 'of its own account',
        `Give ${stack.node.path} an env with the archive's account (${home.account}) and the Region to add`);
    }
    if (knownDifference(stack, home, ['account'])) {
      throw invalidInput(this, 'scope', stack.node.path,
        `the stack is in account ${stack.account} and the archive in ${home.account}, and a destination's role can only put records `
        + 'into a delivery stream of its own account',
        `Add the Region with a stack of account ${home.account}`);
    }
    const taken = this.destinations.find(d => knownSame(d.env, stack, ['region']));
    if (taken) {
      throw invalidInput(this, 'scope', stack.node.path,
        `the archive has a destination in ${stack.region} already (${taken.node.path}), and a Region holds one destination of a name`,
        stack.region === home.region ? `Subscribe senders of ${stack.region} to archive.destination` : 'Add each Region once');
    }
    const streamArn = home.formatArn({
      service: 'firehose', resource: 'deliverystream', resourceName: this.deliveryStreamName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const destination = new LogDestination(scope, `${Names.uniqueId(this)}Destination`, {
      destinationName: this.destinationName,
      target: LogDestinationTarget.fromArn(streamArn, { actions: FIREHOSE_ACTIONS }),
      accountLevelSubscriptions: this.accountLevelSubscriptions,
      subscriberAccounts: this.subscriberAccounts,
      subscriberOrganizationIds: this.subscriberOrganizationIds,
    });
    // The stream must exist before CloudWatch Logs sends the destination's test message to it.
    if (stack !== home) {
      stack.addDependency(home, 'the destination sends its test message to the archive\'s delivery stream');
    }
    this.destinations.push(destination);
    return destination;
  }

  /**
   * Lets an AWS account subscribe its log groups, in every Region of the archive (those added later too).
   *
   * @param account the 12-digit account ID; a token is accepted
   */
  public grantSubscribe(account: string): void {
    checkArgs('LogArchive.grantSubscribe', [account], this);
    checkAccountId(this, 'account', account);
    this.subscriberAccounts.push(account);
    for (const destination of this.destinations) {
      destination.grantSubscribe(account);
    }
  }

  /**
   * Lets every account of an organization subscribe its log groups, in every Region of the archive (those added later
   * too). Senders then import the destination with `organizationAccess: true`.
   *
   * @param organizationId the organization ID, `o-` followed by 10 to 32 lowercase letters or digits
   */
  public grantSubscribeOrganization(organizationId: string): void {
    checkArgs('LogArchive.grantSubscribeOrganization', [organizationId], this);
    checkOrganizationId(this, 'organizationId', organizationId);
    this.subscriberOrganizationIds.push(organizationId);
    for (const destination of this.destinations) {
      destination.grantSubscribeOrganization(organizationId);
    }
  }

  /**
   * Acknowledges the hardening rules that ask for more than an archive bucket needs, or that only its owner can decide,
   * each with what to do instead. Turn the acknowledgements off with the context key
   * `cdk-log-destinations:acknowledgeRules` set to false.
   */
  private acknowledgeBucketRules(bucket: s3.Bucket, key: kms.IKey | undefined): void {
    const logging = 'Server access logs go to another bucket, whose own access logs would need yet another: the archive does not '
      + 'create that chain. Pass a bucket of your own with server access logging on to have them.';
    const rules: Record<string, string> = {
      'AwsSolutions-S1': logging,
      'cdk-validator-cfnguard::s3_bucket_logging_enabled_check': `CT.S3.PR.2: ${logging}`,
      'cdk-validator-cfnguard::s3_event_notifications_enabled_check': 'CT.S3.PR.4: nothing needs to be told of each archived object; '
        + 'add notifications to the bucket (archive.bucket) where something does.',
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check': 'CT.S3.PR.9: Object Lock makes objects undeletable for a retention '
        + 'period, a compliance decision of the archive\'s owner that can only be made when a bucket is created: pass a bucket of your '
        + 'own created with Object Lock to have it.',
    };
    if (!key) {
      rules['cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check'] = 'CT.S3.PR.10: the bucket is encrypted with S3-managed '
        + 'keys unless you pass encryptionKey, which encrypts it with your customer-managed key.';
    }
    for (const [rule, reason] of Object.entries(rules)) {
      acknowledgeRule(bucket, rule, reason);
    }
  }

  private createBucket(key: kms.IKey | undefined, retention: Duration | undefined): s3.Bucket {
    if (retention !== undefined && !Token.isUnresolved(retention.toSeconds())) {
      const days = retention.toDays({ integral: false });
      if (!Number.isInteger(days) || days < 1) {
        throw invalidInput(this, 'retention', retention.toHumanString(),
          'an S3 lifecycle expiration is a whole number of days, at least 1', 'Pass Duration.days(n) with n >= 1');
      }
    }
    const { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } = awsS3();
    const bucket = new Bucket(this, 'Bucket', {
      encryption: key ? BucketEncryption.KMS : BucketEncryption.S3_MANAGED,
      encryptionKey: key,
      bucketKeyEnabled: key ? true : undefined,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [{
        abortIncompleteMultipartUploadAfter: Duration.days(7),
        noncurrentVersionExpiration: Duration.days(30),
        expiration: retention,
      }],
    });
    this.acknowledgeBucketRules(bucket, key);
    return bucket;
  }

  /**
   * The role Firehose assumes, with the permissions of AWS's recipe ("Grant Firehose access to an Amazon S3
   * destination", Amazon Data Firehose developer guide) scoped to the archive: the bucket's location and listings, the
   * objects under the two prefixes, the key through S3 for objects of this bucket, and the error log streams.
   */
  private createDeliveryStreamRole(prefix: string, errorPrefix: string, key: kms.IKey | undefined, errorLogGroup: logs.ILogGroup): iam.Role {
    const statements = [
      new iam.PolicyStatement({ actions: BUCKET_ACTIONS, resources: [this.bucket.bucketArn] }),
      new iam.PolicyStatement({
        actions: OBJECT_ACTIONS,
        resources: [this.bucket.arnForObjects(`${prefix}*`), this.bucket.arnForObjects(`${errorPrefix}*`)],
      }),
      new iam.PolicyStatement({
        actions: ['logs:PutLogEvents'],
        resources: [logsArn(this, 'log-group', `${errorLogGroup.logGroupName}:log-stream:*`)],
      }),
    ];
    if (key) {
      statements.push(new iam.PolicyStatement({
        actions: OBJECT_KEY_ACTIONS,
        resources: [key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${this.homeStack.region}.${this.homeStack.urlSuffix}` },
          // The object's ARN, or the bucket's when the bucket uses an S3 Bucket Key (then S3 asks KMS for the bucket).
          StringLike: {
            'kms:EncryptionContext:aws:s3:arn': [
              this.bucket.bucketArn, this.bucket.arnForObjects(`${prefix}*`), this.bucket.arnForObjects(`${errorPrefix}*`),
            ],
          },
        },
      }));
    }
    return new iam.Role(this, 'DeliveryStreamRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
      // Inline, so the permissions exist when Firehose first assumes the role at the stream's creation.
      inlinePolicies: { Archive: new iam.PolicyDocument({ statements }) },
    });
  }

  /** Acknowledges cdk-nag's wildcard findings for the role's object prefixes and error log streams, one by one. */
  private acknowledgeRoleWildcards(role: iam.Role, prefix: string, errorPrefix: string, errorLogGroup: logs.ILogGroup): void {
    const reason = 'The archive\'s delivery stream writes objects whose names Firehose generates, under the archive\'s data and '
      + 'error prefixes only, and reports errors to log streams it names itself, in the archive\'s own log group.';
    const resources = [
      this.bucket.arnForObjects(`${prefix}*`),
      this.bucket.arnForObjects(`${errorPrefix}*`),
      logsArn(this, 'log-group', `${errorLogGroup.logGroupName}:log-stream:*`),
    ];
    for (const resource of resources) {
      acknowledgeRule(role, `AwsSolutions-IAM5[${iamResourceFindingId(role, resource)}]`, reason);
    }
  }

  private createTable(options: LogArchiveTableOptions, prefix: string, partitioning: ReturnType<ArchivePartitioning['_bind']>,
    compression: firehose.Compression, retention: Duration | undefined): glue.CfnTable {
    const databaseName = options.databaseName ?? glueName(this.destinationName);
    const tableName = options.tableName ?? 'cloudwatch_logs';
    checkGlueName(this, 'athenaTable.databaseName', databaseName);
    checkGlueName(this, 'athenaTable.tableName', tableName);
    const catalogId = this.homeStack.account;
    let database: glue.CfnDatabase | undefined;
    if (!options.existingDatabase) {
      database = new (awsGlue().CfnDatabase)(this, 'Database', {
        catalogId,
        databaseInput: { name: databaseName, description: `CloudWatch Logs archived by ${this.node.path}` },
      });
    }
    const location = `s3://${this.bucket.bucketName}/${prefix}`;
    const template = location + partitioning.columns.map(c => `${c.name}=\${${c.name}}/`).join('');
    const days = retention?.toDays();
    const parameters: Record<string, string> = {
      'classification': 'json',
      'compressionType': compression.value === 'GZIP' ? 'gzip' : 'none',
      'projection.enabled': 'true',
      'storage.location.template': template,
    };
    for (const column of partitioning.columns) {
      parameters[`projection.${column.name}.type`] = column.projectionType;
      if (column.projectionType === 'date') {
        parameters[`projection.${column.name}.format`] = 'yyyy-MM-dd';
        parameters[`projection.${column.name}.range`] = days !== undefined ? `NOW-${days}DAYS,NOW` : 'NOW-10YEARS,NOW';
        parameters[`projection.${column.name}.interval`] = '1';
        parameters[`projection.${column.name}.interval.unit`] = 'DAYS';
      }
    }
    const table = new (awsGlue().CfnTable)(this, 'Table', {
      catalogId,
      databaseName,
      tableInput: {
        name: tableName,
        description: 'Decompressed CloudWatch Logs subscription records, one per line',
        tableType: 'EXTERNAL_TABLE',
        parameters,
        partitionKeys: partitioning.columns.map(c => ({ name: c.name, type: 'string' })),
        storageDescriptor: {
          location,
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          compressed: compression.value === 'GZIP',
          serdeInfo: {
            serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
            parameters: { 'ignore.malformed.json': 'true' },
          },
          columns: [
            { name: 'messagetype', type: 'string' },
            { name: 'owner', type: 'string' },
            { name: 'loggroup', type: 'string' },
            { name: 'logstream', type: 'string' },
            { name: 'subscriptionfilters', type: 'array<string>' },
            { name: 'logevents', type: 'array<struct<id:string,timestamp:bigint,message:string>>' },
          ],
        },
      },
    });
    if (database) {
      table.node.addDependency(database);
    }
    return table;
  }
}

/** A Glue name from a destination name: lowercase, every other character `_`, at most 255. */
function glueName(name: string): string {
  if (Token.isUnresolved(name)) {
    return 'log_archive';
  }
  return name.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 255);
}

function checkGlueName(scope: IConstruct, property: string, name: string): void {
  checkString(scope, property, name, 'a Glue name', '\'log_archive\'');
  if (Token.isUnresolved(name) || GLUE_NAME.test(name)) {
    return;
  }
  throw invalidInput(scope, property, name, 'a Glue database or table name has 1 to 255 lowercase letters, digits or \'_\'',
    `Choose a name like '${glueName(name) || 'log_archive'}'`);
}

function checkDeliveryStreamName(scope: IConstruct, name: string): void {
  checkString(scope, 'deliveryStreamName', name, 'a delivery stream name', '\'central-logs\'');
  if (Token.isUnresolved(name)) {
    throw invalidInput(scope, 'deliveryStreamName', name,
      'destinations in other Regions name the delivery stream by an ARN built at synth, so its name must be known then',
      'Pass a literal name, or leave deliveryStreamName out to get a generated one');
  }
  if (!DELIVERY_STREAM_NAME.test(name)) {
    throw invalidInput(scope, 'deliveryStreamName', name, 'a delivery stream name has 1 to 64 letters, digits, \'_\', \'.\' or \'-\'',
      'Choose another name, or leave deliveryStreamName out to get a generated one');
  }
}

function checkPrefixes(scope: IConstruct, prefix: string, errorPrefix: string): void {
  for (const [property, value] of [['prefix', prefix], ['errorPrefix', errorPrefix]]) {
    checkString(scope, property, value, 'a prefix', '\'logs/\'');
    if (Token.isUnresolved(value) || !PREFIX.test(value)) {
      throw invalidInput(scope, property, value,
        'an archive prefix is a literal that ends with \'/\', does not start with \'/\' and holds no !{...} expression '
        + '(the archive adds the partitions and the error type itself)',
        'Pass a prefix like \'logs/\' or \'archive/cloudwatch/\'');
    }
  }
  if (prefix.startsWith(errorPrefix) || errorPrefix.startsWith(prefix)) {
    throw invalidInput(scope, 'errorPrefix', errorPrefix,
      `the error prefix and the data prefix ('${prefix}') overlap, so a table over the data would read error objects as log events`,
      'Choose prefixes that are not inside one another, such as \'logs/\' and \'errors/\'');
  }
}

/** The buffering limits AWS sets, checked before aws-cdk-lib's own checks, which would throw another error type. */
function checkBuffering(scope: IConstruct, interval: Duration | undefined, size: Size | undefined, dynamic: boolean): void {
  const why = dynamic ? ' with dynamic partitioning (Buffer data for dynamic partitioning)' : '';
  if (interval !== undefined && !Token.isUnresolved(interval.toSeconds())) {
    const seconds = interval.toSeconds();
    const min = dynamic ? 60 : 0;
    if (seconds < min || seconds > 900) {
      throw invalidInput(scope, 'bufferingInterval', interval.toHumanString(), `Firehose buffers for ${min} to 900 seconds${why}`,
        `Pass a bufferingInterval from Duration.seconds(${min}) to Duration.seconds(900)`);
    }
  }
  if (size !== undefined && !Token.isUnresolved(size.toMebibytes())) {
    const mebibytes = size.toMebibytes();
    const min = dynamic ? 64 : 1;
    if (mebibytes < min || mebibytes > 128) {
      throw invalidInput(scope, 'bufferingSize', `${mebibytes} MiB`, `Firehose buffers ${min} to 128 MiB${why}`,
        `Pass a bufferingSize from Size.mebibytes(${min}) to Size.mebibytes(128)`);
    }
  }
}
