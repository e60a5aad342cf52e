import * as iam from 'aws-cdk-lib/aws-iam';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnResource, IResource, Lazy, Resource, Stack, Tags, Token } from 'aws-cdk-lib/core';
import { Construct, IDependable } from 'constructs';
import {
  AdmittedSources, BUCKET_POLICY_MAX_BYTES, DELIVERY_PRINCIPAL, organizationConditions, SharedDeliveryPolicy, sourceConditions,
} from './private/delivery-policies';
import { logsArn } from './private/arns';
import { knownDifference } from './private/environments';
import { invalidInput, readable } from './private/errors';
import { checkDirectPut, describeArn } from './private/targets';
import { checkArgs } from './private/guard';
import { deployedBytes } from './private/token-size';
import { warn } from './private/warnings';

/**
 * The key-policy actions AWS documents for the delivery service on a bucket's customer-managed key
 * ("Amazon S3 bucket server-side encryption" in Logs sent to Amazon S3, V2 permissions).
 */
const KMS_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
/** What the delivery service needs on the bucket itself; ListBucket avoids AccessDenied entries in CloudTrail. */
const BUCKET_CHECK_ACTIONS = ['s3:GetBucketAcl', 's3:ListBucket'];

/** The kind of resource a delivery destination writes to. */
export enum DeliveryDestinationType {
  /** An Amazon S3 bucket. */
  S3 = 'S3',
  /** A CloudWatch Logs log group. */
  CLOUDWATCH_LOGS = 'CWL',
  /** An Amazon Data Firehose delivery stream. */
  FIREHOSE = 'FH',
  /** AWS X-Ray, for vended traces. */
  XRAY = 'XRAY',
}

/** What a target gives its delivery destination. */
interface DeliveryDestinationTargetConfig {
  /** The kind of destination. */
  readonly destinationType: DeliveryDestinationType;
  /** The ARN of the bucket, log group or delivery stream; none for X-Ray. */
  readonly destinationResourceArn?: string;
  /**
   * The resources that grant the delivery service its permissions (bucket policy, resource policy, key). The delivery
   * destination, and so every delivery to it, is created after them.
   */
  readonly dependables?: IDependable[];
}

/** What a delivery destination tells its target when binding it. */
interface DeliveryDestinationTargetBindOptions {
  /**
   * The accounts whose delivery sources may write to the target (for `aws:SourceAccount`): the destination's own
   * account and every account granted with `grantSubscribe`. A lazy list, read at synth, so grants made after binding
   * count too.
   */
  readonly sourceAccounts: string[];
  /**
   * The `aws:SourceArn` patterns of those accounts' delivery sources,
   * `arn:<partition>:logs:<region>:<account>:delivery-source:*`. A lazy list, like `sourceAccounts`.
   */
  readonly sourceArns: string[];
}

/** What a delivery destination tells its target when it admits organizations. */
interface DeliveryDestinationOrganizationBindOptions {
  /**
   * The organizations whose accounts' delivery sources may write to the target (for `aws:SourceOrgID`). A lazy list,
   * read at synth, so organizations granted after binding count too.
   */
  readonly organizationIds: string[];
  /** The `aws:SourceArn` patterns of delivery sources in any account, `arn:<partition>:logs:<region>:*:delivery-source:*`. */
  readonly sourceArns: string[];
}

/** Options of an S3 delivery destination target. */
export interface S3DeliveryTargetOptions {
  /**
   * A prefix for the delivered objects, in place of the default `AWSLogs/<source account>/<service>/` path; the bucket
   * policy then admits `<prefix>/*`. No leading or trailing `/`, no `*` or `?`.
   *
   * @default - objects go under `AWSLogs/<source account>/` (or `AWSLogs/aws-account-id=<source account>/` with
   * Hive-compatible paths)
   */
  readonly prefix?: string;
}

/**
 * Where a `DeliveryDestination` writes vended logs or traces: an S3 bucket, a CloudWatch Logs log
 * group, a Firehose delivery stream, or X-Ray.
 *
 * Each target grants the delivery service (`delivery.logs.amazonaws.com`) what it needs, scoped with
 * `aws:SourceAccount` and `aws:SourceArn` to the delivery sources of the destination's account and
 * of every account (or organization) the destination grants.
 */
export abstract class DeliveryDestinationTarget {
  /**
   * An S3 bucket. Follows AWS's recipe (Logs sent to Amazon S3, V2 permissions): the bucket policy
   * lets the delivery service put objects (with `bucket-owner-full-control`) under
   * `AWSLogs/<source account>/` and the Hive-compatible `AWSLogs/aws-account-id=<source account>/` of
   * every admitted account (or under the prefix), and get the bucket ACL and list the bucket. When
   * the bucket is encrypted with a customer-managed KMS key defined in this app, the key policy lets
   * the delivery service use the key; a bucket encrypted with the AWS-managed key `aws/s3` is
   * refused, since AWS delivers unreadable logs to it. An imported bucket or key gets a warning
   * instead: add the statements to its policy yourself.
   */
  public static s3(bucket: s3.IBucket, options: S3DeliveryTargetOptions = {}): DeliveryDestinationTarget {
    checkArgs('DeliveryDestinationTarget.s3', [bucket, options]);
    return new S3Target(bucket, options);
  }

  /**
   * A CloudWatch Logs log group. The delivery service may create log streams in it and put log
   * events, through one resource policy per stack shared by every log-group delivery destination
   * of the stack (an account has only 10 resource policies per region).
   */
  public static logGroup(logGroup: logs.ILogGroup): DeliveryDestinationTarget {
    checkArgs('DeliveryDestinationTarget.logGroup', [logGroup]);
    return new LogGroupTarget(logGroup);
  }

  /**
   * An Amazon Data Firehose delivery stream of the Direct PUT kind (a stream of this app that reads
   * from a Kinesis stream is refused). The delivery service writes through the service-linked role
   * `AWSServiceRoleForLogDelivery` of the destination account, which only writes to streams tagged
   * `LogDeliveryEnabled=true`: a stream defined in this app gets that tag, an imported one gets a
   * warning.
   */
  public static firehose(deliveryStream: firehose.IDeliveryStream): DeliveryDestinationTarget {
    checkArgs('DeliveryDestinationTarget.firehose', [deliveryStream]);
    return new FirehoseTarget(deliveryStream);
  }

  /**
   * AWS X-Ray, for sources that vend traces (log type `TRACES`), in the destination's own account
   * only. The delivery service may put trace segments, through one X-Ray resource policy per stack
   * (an account has only 5). Traces land in CloudWatch Logs only when Transaction Search is enabled
   * for the account, which this library does not do.
   */
  public static xray(): DeliveryDestinationTarget {
    return new XRayTarget();
  }

  /**
   * Grants the delivery service access to the target and returns what the destination needs. Called once per destination.
   *
   * @internal
   */
  public abstract _bind(scope: Construct, options: DeliveryDestinationTargetBindOptions): DeliveryDestinationTargetConfig;

  /**
   * Admits the delivery sources of organizations too: `aws:SourceOrgID` in the target's resource policy, or nothing
   * when no resource policy of the target names the sources (Firehose, written through the destination account's
   * service-linked role). The destination calls it once, on its first organization grant; the organization list in
   * `options` grows lazily with later grants. CloudWatch Logs and X-Ray destinations refuse organization grants before
   * calling it; the default refuses too, so that a target that cannot admit organizations fails at synth rather than
   * at delivery time.
   *
   * @internal
   */
  public _bindOrganizations(scope: Construct, _options: DeliveryDestinationOrganizationBindOptions): void {
    throw invalidInput(scope, 'target', this.constructor.name,
      'this target does not admit the delivery sources of organizations, so the organization\'s deliveries would be refused',
      'Grant the accounts one by one with grantSubscribe');
  }
}

/** Fails when a target resource is in another account (or, where it matters, region) than its delivery destination. */
function checkSameEnvironment(scope: Construct, property: string, resource: IResource, checkRegion: boolean): void {
  const stack = Stack.of(scope);
  const difference = knownDifference(resource.env, stack, checkRegion ? ['account', 'region'] : ['account']);
  if (difference?.part === 'account') {
    throw invalidInput(scope, property, resource.node.path,
      `the target is in account ${difference.first} but the delivery destination is in ${difference.second}, and a delivery destination `
      + 'must be created in the account that owns its target',
      `Create the DeliveryDestination in a stack of account ${difference.first} and call grantSubscribe('${difference.second}') on it`);
  }
  if (difference?.part === 'region') {
    throw invalidInput(scope, property, resource.node.path,
      `the target is in ${difference.first} but the delivery destination is in ${difference.second}`,
      `Create the DeliveryDestination in a stack of ${difference.first}`);
  }
}

class S3Target extends DeliveryDestinationTarget {
  constructor(private readonly bucket: s3.IBucket, private readonly options: S3DeliveryTargetOptions) {
    super();
  }

  public _bind(scope: Construct, options: DeliveryDestinationTargetBindOptions): DeliveryDestinationTargetConfig {
    checkSameEnvironment(scope, 'target', this.bucket, false);
    const prefix = this.options.prefix;
    if (prefix !== undefined) {
      checkPrefix(scope, prefix);
    }
    checkNotAwsManagedKey(scope, this.bucket);
    const sources: AdmittedSources = { accounts: options.sourceAccounts, sourceArns: options.sourceArns };
    // Every key a delivery can write (Amazon S3 object key format, Logs sent to Amazon S3): the prefix replaces the
    // AWSLogs/<account>/<service>/ path; without one, each admitted account writes under AWSLogs/<account>/, or under
    // AWSLogs/aws-account-id=<account>/ with Hive-compatible paths. A suffix path only changes what follows the service
    // segment, so it needs nothing more. An account that resolves to an intrinsic (Aws.ACCOUNT_ID) goes back in as a token.
    const objectArns = prefix !== undefined ? [this.bucket.arnForObjects(`${prefix}/*`)] : Lazy.list({
      produce: () => Stack.of(scope).resolve(options.sourceAccounts).flatMap((resolved: unknown) => {
        const account = Token.asString(resolved);
        return [this.bucket.arnForObjects(`AWSLogs/${account}/*`), this.bucket.arnForObjects(`AWSLogs/aws-account-id=${account}/*`)];
      }),
    });
    const dependables = this.addStatements(scope, objectArns, sourceConditions(sources));
    scope.node.addValidation({ validate: () => this.validatePolicySize(scope, options) });
    const destinationResourceArn = prefix !== undefined ? `${this.bucket.bucketArn}/${prefix}` : this.bucket.bucketArn;
    return { destinationType: DeliveryDestinationType.S3, destinationResourceArn, dependables };
  }

  public _bindOrganizations(scope: Construct, organizations: DeliveryDestinationOrganizationBindOptions): void {
    // AWSLogs/* holds both the default and the Hive-compatible account segment of every member account.
    const objects = this.options.prefix !== undefined ? `${this.options.prefix}/*` : 'AWSLogs/*';
    this.addStatements(scope, [this.bucket.arnForObjects(objects)], organizationConditions(organizations));
  }

  private addStatements(scope: Construct, objectArns: string[], conditions: Record<string, any>): IDependable[] {
    const principals = [new iam.ServicePrincipal(DELIVERY_PRINCIPAL)];
    const write = this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      principals,
      actions: ['s3:PutObject'],
      resources: objectArns,
      conditions: { ...conditions, StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));
    const bucketCheck = this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      principals,
      actions: BUCKET_CHECK_ACTIONS,
      resources: [this.bucket.bucketArn],
      conditions,
    }));
    if (!write.statementAdded || !bucketCheck.statementAdded) {
      warn(scope, 'cdk-log-destinations:importedBucket',
        `The bucket ${this.bucket.node.path} is not defined in this app, so its policy cannot be changed: let ${DELIVERY_PRINCIPAL} `
        + `s3:PutObject on ${this.options.prefix !== undefined ? `${readable(scope, this.options.prefix)}/*` : 'AWSLogs/<source account>/* and '
          + 'AWSLogs/aws-account-id=<source account>/*'}, and s3:GetBucketAcl and s3:ListBucket on the bucket, or vended logs will not be delivered`);
    }
    const dependables = [write.policyDependable, bucketCheck.policyDependable];
    const key = this.bucket.encryptionKey;
    if (key) {
      const keyResult = key.addToResourcePolicy(new iam.PolicyStatement({
        principals,
        actions: KMS_ACTIONS,
        resources: ['*'],
        conditions,
      }), true);
      if (keyResult.statementAdded) {
        // The key policy is part of the key resource.
        dependables.push(key);
      } else {
        warn(scope, 'cdk-log-destinations:importedKey',
          `The bucket's KMS key ${key.node.path} is not defined in this app, so its policy cannot be changed: let `
          + `${DELIVERY_PRINCIPAL} use it (${KMS_ACTIONS.join(', ')}), or vended logs will not be delivered`);
      }
    }
    return dependables.filter((d): d is IDependable => d !== undefined);
  }

  /** S3 refuses a bucket policy over 20 KB: fail at synth rather than at deploy, with the way out. */
  private validatePolicySize(scope: Construct, options: DeliveryDestinationTargetBindOptions): string[] {
    const policy = this.bucket.policy;
    if (!policy) {
      return [];
    }
    const bucketStack = Stack.of(this.bucket);
    const bytes = deployedBytes(bucketStack, policy.document);
    if (bytes <= BUCKET_POLICY_MAX_BYTES) {
      return [];
    }
    const granted = Stack.of(scope).resolve(options.sourceAccounts).length - 1;
    return [`invalid grants: the bucket policy of ${this.bucket.node.path} would be about ${bytes} bytes, `
      + `and S3 accepts at most ${BUCKET_POLICY_MAX_BYTES.toLocaleString('en-US')} (20 KB); this destination grants ${granted} account(s), `
      + 'each adding its own object paths and conditions. Grant the accounts\' organization with grantSubscribeOrganization(orgId) '
      + 'instead, or spread the accounts over several buckets'];
  }
}

/** Checks a destination prefix: it ends up in an ARN and in a policy resource, where `*` and `?` would widen the grant. */
function checkPrefix(scope: Construct, prefix: string): void {
  if (Token.isUnresolved(prefix)) {
    return;
  }
  const why = prefix.length === 0 ? 'it is empty'
    : prefix.startsWith('/') || prefix.endsWith('/') ? 'it starts or ends with \'/\''
      : /[*?]/.test(prefix) ? 'it contains \'*\' or \'?\', which a bucket policy reads as wildcards'
        : prefix.length > 1024 ? `it has ${prefix.length} characters` : undefined;
  if (why !== undefined) {
    throw invalidInput(scope, 'prefix', prefix, 'a destination prefix is 1 to 1024 characters, with no leading or trailing \'/\' and no '
      + `'*' or '?' (${why})`, 'Pass a prefix such as \'vended/cloudfront\', or leave prefix out to get AWSLogs/<account>/');
  }
}

/**
 * Refuses a bucket of this app encrypted with the AWS-managed key `aws/s3` (SSE-KMS without a key ID):
 * "If you choose SSE-KMS, you must use a customer managed key. You can't use an AWS managed key ... CloudWatch Logs
 * delivers the logs in an unreadable format" (Logs sent to Amazon S3, V2 permissions).
 */
function checkNotAwsManagedKey(scope: Construct, bucket: s3.IBucket): void {
  const cfn = bucket.node.defaultChild;
  if (!CfnResource.isCfnResource(cfn) || cfn.cfnResourceType !== 'AWS::S3::Bucket') {
    return;
  }
  const encryption = (cfn as s3.CfnBucket).bucketEncryption;
  if (encryption === undefined || Token.isUnresolved(encryption)) {
    return;
  }
  const rules = (encryption as s3.CfnBucket.BucketEncryptionProperty).serverSideEncryptionConfiguration;
  if (!Array.isArray(rules)) {
    return;
  }
  const awsManaged = rules.some((rule: any) => {
    const byDefault = rule?.serverSideEncryptionByDefault;
    return byDefault && typeof byDefault.sseAlgorithm === 'string' && byDefault.sseAlgorithm.startsWith('aws:kms')
      && byDefault.kmsMasterKeyId === undefined;
  });
  if (awsManaged) {
    throw invalidInput(scope, 'target', bucket.node.path,
      'the bucket is encrypted with the AWS managed key aws/s3, and AWS says vended logs need a customer managed key for SSE-KMS: '
      + 'with an AWS managed key CloudWatch Logs delivers the logs in an unreadable format (Logs sent to Amazon S3)',
      'Encrypt the bucket with a customer managed key (encryptionKey: new kms.Key(...)), or with S3-managed keys (BucketEncryption.S3_MANAGED)');
  }
}

class LogGroupTarget extends DeliveryDestinationTarget {
  constructor(private readonly logGroup: logs.ILogGroup) {
    super();
  }

  public _bind(scope: Construct, options: DeliveryDestinationTargetBindOptions): DeliveryDestinationTargetConfig {
    checkSameEnvironment(scope, 'target', this.logGroup, true);
    const policy = SharedDeliveryPolicy.forLogGroups(scope);
    policy.addSources(this.logStreamsArn(scope), { accounts: options.sourceAccounts, sourceArns: options.sourceArns });
    return {
      destinationType: DeliveryDestinationType.CLOUDWATCH_LOGS,
      destinationResourceArn: this.logGroup.logGroupArn,
      dependables: [policy.resource],
    };
  }

  private logStreamsArn(scope: Construct): string {
    return logsArn(scope, 'log-group', `${this.logGroup.logGroupName}:log-stream:*`);
  }
}

class FirehoseTarget extends DeliveryDestinationTarget {
  constructor(private readonly deliveryStream: firehose.IDeliveryStream) {
    super();
  }

  public _bind(scope: Construct, _options: DeliveryDestinationTargetBindOptions): DeliveryDestinationTargetConfig {
    checkSameEnvironment(scope, 'target', this.deliveryStream, true);
    checkDirectPut(scope, 'target', describeArn(this.deliveryStream.deliveryStreamArn).resource);
    if (Resource.isOwnedResource(this.deliveryStream)) {
      Tags.of(this.deliveryStream).add('LogDeliveryEnabled', 'true');
    } else {
      warn(scope, 'cdk-log-destinations:importedDeliveryStream',
        `The delivery stream ${this.deliveryStream.node.path} is not defined in this app, so it cannot be tagged: tag it `
        + 'LogDeliveryEnabled=true yourself, or the log delivery service-linked role will not write to it');
    }
    // No dependency to add: the destination references the stream's ARN, and the tag is set when the stream is created.
    return { destinationType: DeliveryDestinationType.FIREHOSE, destinationResourceArn: this.deliveryStream.deliveryStreamArn };
  }

  /**
   * Nothing to add: the destination account's service-linked role writes to the stream, and no resource policy of the
   * stream names the sources; the delivery destination policy admits the organization.
   */
  public _bindOrganizations(_scope: Construct, _options: DeliveryDestinationOrganizationBindOptions): void {}
}

class XRayTarget extends DeliveryDestinationTarget {
  public _bind(scope: Construct, options: DeliveryDestinationTargetBindOptions): DeliveryDestinationTargetConfig {
    const policy = SharedDeliveryPolicy.forXRay(scope);
    policy.addSources('*', { accounts: options.sourceAccounts, sourceArns: options.sourceArns });
    return { destinationType: DeliveryDestinationType.XRAY, dependables: [policy.resource] };
  }
}
