import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Annotations, Aws, IResource, Lazy, Names, Resource, Stack, Tags, Token } from 'aws-cdk-lib/core';
import { Construct, IDependable } from 'constructs';
import {
  AdmittedOrganizations, AdmittedSources, DELIVERY_PRINCIPAL, organizationConditions, SharedDeliveryPolicy, sourceConditions,
} from './private/delivery-policies';
import { invalidInput, LogDestinationsError } from './private/errors';
import { estimatedPolicyText } from './private/policy-size';
import { validateAccountId, validateDeliveryName, validateOrganizationId } from './private/validation';
import { formatsForDestinationType } from './private/vended-logs';
import { grantSubscribers } from './private/subscribers';
import { importableArn, logsArn, resourceNameFromArn } from './private/arns';

const CREATE_DELIVERY_ACTION = 'logs:CreateDelivery';
/** What S3 needs to let the delivery service write objects to a customer-managed-key bucket. */
const KMS_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
/** PutDeliveryDestinationPolicy's limit on the policy document. */
const DELIVERY_DESTINATION_POLICY_MAX_CHARS = 51_200;
const DELIVERY_DESTINATION_ARN = /^arn:[^:]+:logs:[a-z0-9-]+:\d{12}:delivery-destination:([\w-]{1,60})$/;

/**
 * The format vended logs are written in.
 *
 * Which formats a destination accepts depends on its type (S3: json, plain, w3c, parquet;
 * CloudWatch Logs: json, plain; Firehose: json, plain, raw; X-Ray: none) and on the log source.
 */
export enum OutputFormat {
  /** JSON, one record per line. */
  JSON = 'json',
  /** Plain text, fields separated by the delivery's field delimiter. */
  PLAIN = 'plain',
  /** The W3C extended log file format. */
  W3C = 'w3c',
  /** The records as the source emits them. */
  RAW = 'raw',
  /** Apache Parquet (S3 only). */
  PARQUET = 'parquet',
}

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

const DESTINATION_TYPE_NAMES: Record<string, string> = { S3: 'an S3', CWL: 'a CloudWatch Logs', FH: 'a Firehose', XRAY: 'an X-Ray' };

/**
 * A CloudWatch Logs delivery destination (`AWS::Logs::DeliveryDestination`), owned or imported.
 */
export interface IDeliveryDestination extends IResource, logs.IDeliveryDestinationRef {
  /**
   * The ARN of the delivery destination,
   * `arn:<partition>:logs:<region>:<account>:delivery-destination:<name>`.
   *
   * @attribute
   */
  readonly deliveryDestinationArn: string;

  /**
   * The name of the delivery destination.
   *
   * @attribute
   */
  readonly deliveryDestinationName: string;

  /**
   * What the destination writes to, when known (always for destinations defined in this app).
   * Deliveries check the source's log type against it.
   *
   * @default unknown, for an import that did not state it
   */
  readonly destinationType?: DeliveryDestinationType;

  /**
   * The output format the destination was given, when known.
   * Deliveries check it against the formats the source's log type offers.
   *
   * @default unknown (or the source's default format)
   */
  readonly outputFormat?: OutputFormat;
}

/** What a target gives its delivery destination. */
export interface DeliveryDestinationTargetConfig {
  /** The kind of destination. */
  readonly destinationType: DeliveryDestinationType;

  /**
   * The ARN of the bucket, log group or delivery stream.
   *
   * @default none: X-Ray destinations have no resource
   */
  readonly destinationResourceArn?: string;

  /**
   * The resources that grant the delivery service its permissions (bucket policy, resource
   * policy, key). The delivery destination, and so every delivery to it, is created after them.
   *
   * @default no dependencies
   */
  readonly dependables?: IDependable[];
}

/** What a delivery destination tells its target when binding it. */
export interface DeliveryDestinationTargetBindOptions {
  /**
   * The accounts whose delivery sources may write to the target (for `aws:SourceAccount`): the
   * destination's own account and every account granted with `grantSubscribe`. A lazy list, read at
   * synth, so grants made after binding count too.
   */
  readonly sourceAccounts: string[];

  /**
   * The `aws:SourceArn` patterns of those accounts' delivery sources,
   * `arn:<partition>:logs:<region>:<account>:delivery-source:*`. A lazy list, like `sourceAccounts`.
   */
  readonly sourceArns: string[];
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
   * An S3 bucket. The bucket policy lets the delivery service put objects under
   * `AWSLogs/<source account>/` (with `bucket-owner-full-control`) and read the bucket ACL. When the
   * bucket is encrypted with a customer-managed KMS key defined in this app, the key policy lets the
   * delivery service use the key. An imported bucket or key gets a warning instead: add the
   * statements to its policy yourself.
   */
  public static s3(bucket: s3.IBucket): DeliveryDestinationTarget {
    return new S3Target(bucket);
  }

  /**
   * A CloudWatch Logs log group. The delivery service may create log streams in it and put log
   * events, through one resource policy per stack shared by every log-group delivery destination
   * of the stack (an account has only 10 resource policies per region).
   */
  public static logGroup(logGroup: logs.ILogGroup): DeliveryDestinationTarget {
    return new LogGroupTarget(logGroup);
  }

  /**
   * An Amazon Data Firehose delivery stream (of the Direct PUT kind). The delivery service writes
   * through its service-linked role, which only writes to streams tagged `LogDeliveryEnabled=true`:
   * a stream defined in this app gets that tag, an imported one gets a warning.
   */
  public static firehose(deliveryStream: firehose.IDeliveryStream): DeliveryDestinationTarget {
    return new FirehoseTarget(deliveryStream);
  }

  /**
   * AWS X-Ray, for sources that vend traces (log type `TRACES`). The delivery service may put
   * trace segments, through one X-Ray resource policy per stack (an account has only 5). Traces
   * land in CloudWatch Logs only when Transaction Search is enabled for the account.
   */
  public static xray(): DeliveryDestinationTarget {
    return new XRayTarget();
  }

  /** Grants the delivery service access to the target and returns what the destination needs. Called once per destination. */
  public abstract bind(scope: Construct, options: DeliveryDestinationTargetBindOptions): DeliveryDestinationTargetConfig;

  /**
   * Admits the delivery sources of organizations too. Called once, on the destination's first
   * organization grant; the organization list itself grows lazily.
   *
   * @internal
   */
  public _bindOrganizations(_scope: Construct, _organizations: AdmittedOrganizations): void {}
}

/** Fails when a target resource is in another account (or, where it matters, region) than its delivery destination. */
function checkSameEnvironment(scope: Construct, property: string, resource: IResource, checkRegion: boolean): void {
  const stack = Stack.of(scope);
  const { account, region } = resource.env;
  if (!Token.isUnresolved(account) && !Token.isUnresolved(stack.account) && account !== stack.account) {
    throw invalidInput(scope, property, resource.node.path,
      `the target is in account ${account} but the delivery destination is in ${stack.account}, and a delivery destination `
      + 'must be created in the account that owns its target',
      `Create the DeliveryDestination in a stack of account ${account} and call grantSubscribe('${stack.account}') on it`);
  }
  if (checkRegion && !Token.isUnresolved(region) && !Token.isUnresolved(stack.region) && region !== stack.region) {
    throw invalidInput(scope, property, resource.node.path,
      `the target is in ${region} but the delivery destination is in ${stack.region}`,
      `Create the DeliveryDestination in a stack of ${region}`);
  }
}

class S3Target extends DeliveryDestinationTarget {
  constructor(private readonly bucket: s3.IBucket) {
    super();
  }

  public bind(scope: Construct, options: DeliveryDestinationTargetBindOptions): DeliveryDestinationTargetConfig {
    checkSameEnvironment(scope, 'target', this.bucket, false);
    const sources: AdmittedSources = { accounts: options.sourceAccounts, sourceArns: options.sourceArns };
    // One object prefix per admitted account; an account that resolves to an intrinsic (Aws.ACCOUNT_ID) goes back in as a token.
    const objectArns = Lazy.list({
      produce: () => Stack.of(scope).resolve(options.sourceAccounts)
        .map((account: unknown) => this.bucket.arnForObjects(`AWSLogs/${Token.asString(account)}/*`)),
    });
    const dependables = this.addStatements(scope, objectArns, sourceConditions(sources));
    return { destinationType: DeliveryDestinationType.S3, destinationResourceArn: this.bucket.bucketArn, dependables };
  }

  public _bindOrganizations(scope: Construct, organizations: AdmittedOrganizations): void {
    this.addStatements(scope, [this.bucket.arnForObjects('AWSLogs/*')], organizationConditions(organizations));
  }

  private addStatements(scope: Construct, objectArns: string[], conditions: Record<string, any>): IDependable[] {
    const principals = [new iam.ServicePrincipal(DELIVERY_PRINCIPAL)];
    const write = this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      principals,
      actions: ['s3:PutObject'],
      resources: objectArns,
      conditions: { ...conditions, StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));
    const aclCheck = this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      principals,
      actions: ['s3:GetBucketAcl'],
      resources: [this.bucket.bucketArn],
      conditions,
    }));
    if (!write.statementAdded || !aclCheck.statementAdded) {
      Annotations.of(scope).addWarningV2('cdk-log-destinations:importedBucket',
        `The bucket ${this.bucket.node.path} is not defined in this app, so its policy cannot be changed: let ${DELIVERY_PRINCIPAL} `
        + 's3:PutObject on AWSLogs/<source account>/* and s3:GetBucketAcl on the bucket, or vended logs will not be delivered');
    }
    const dependables = [write.policyDependable, aclCheck.policyDependable];
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
        Annotations.of(scope).addWarningV2('cdk-log-destinations:importedKey',
          `The bucket's KMS key ${key.node.path} is not defined in this app, so its policy cannot be changed: let `
          + `${DELIVERY_PRINCIPAL} use it (${KMS_ACTIONS.join(', ')}), or vended logs will not be delivered`);
      }
    }
    return dependables.filter((d): d is IDependable => d !== undefined);
  }
}

class LogGroupTarget extends DeliveryDestinationTarget {
  constructor(private readonly logGroup: logs.ILogGroup) {
    super();
  }

  public bind(scope: Construct, options: DeliveryDestinationTargetBindOptions): DeliveryDestinationTargetConfig {
    checkSameEnvironment(scope, 'target', this.logGroup, true);
    const policy = SharedDeliveryPolicy.forLogGroups(scope);
    policy.addSources(this.logStreamsArn(scope), { accounts: options.sourceAccounts, sourceArns: options.sourceArns });
    return {
      destinationType: DeliveryDestinationType.CLOUDWATCH_LOGS,
      destinationResourceArn: this.logGroup.logGroupArn,
      dependables: [policy.resource],
    };
  }

  public _bindOrganizations(scope: Construct, organizations: AdmittedOrganizations): void {
    SharedDeliveryPolicy.forLogGroups(scope).addOrganizations(this.logStreamsArn(scope), organizations);
  }

  private logStreamsArn(scope: Construct): string {
    return logsArn(scope, 'log-group', `${this.logGroup.logGroupName}:log-stream:*`);
  }
}

class FirehoseTarget extends DeliveryDestinationTarget {
  constructor(private readonly deliveryStream: firehose.IDeliveryStream) {
    super();
  }

  public bind(scope: Construct, _options: DeliveryDestinationTargetBindOptions): DeliveryDestinationTargetConfig {
    checkSameEnvironment(scope, 'target', this.deliveryStream, true);
    if (Resource.isOwnedResource(this.deliveryStream)) {
      Tags.of(this.deliveryStream).add('LogDeliveryEnabled', 'true');
    } else {
      Annotations.of(scope).addWarningV2('cdk-log-destinations:importedDeliveryStream',
        `The delivery stream ${this.deliveryStream.node.path} is not defined in this app, so it cannot be tagged: tag it `
        + 'LogDeliveryEnabled=true yourself, or the log delivery service-linked role will not write to it');
    }
    // No dependency to add: the destination references the stream's ARN, and the tag is set when the stream is created.
    return { destinationType: DeliveryDestinationType.FIREHOSE, destinationResourceArn: this.deliveryStream.deliveryStreamArn };
  }
}

class XRayTarget extends DeliveryDestinationTarget {
  public bind(scope: Construct, options: DeliveryDestinationTargetBindOptions): DeliveryDestinationTargetConfig {
    const policy = SharedDeliveryPolicy.forXRay(scope);
    policy.addSources('*', { accounts: options.sourceAccounts, sourceArns: options.sourceArns });
    return { destinationType: DeliveryDestinationType.XRAY, dependables: [policy.resource] };
  }

  public _bindOrganizations(scope: Construct, organizations: AdmittedOrganizations): void {
    SharedDeliveryPolicy.forXRay(scope).addOrganizations('*', organizations);
  }
}

/** Properties of a `DeliveryDestination`. */
export interface DeliveryDestinationProps {
  /** Where the vended logs or traces go. */
  readonly target: DeliveryDestinationTarget;

  /**
   * The format the logs are written in. Checked against the target type (S3: json, plain, w3c,
   * parquet; CloudWatch Logs: json, plain; Firehose: json, plain, raw; X-Ray takes none) and, by
   * each `Delivery`, against the source's log type.
   *
   * @default the log source's default format (X-Ray destinations must leave it out)
   */
  readonly outputFormat?: OutputFormat;

  /**
   * The name of the delivery destination: 1 to 60 letters, digits, `_` or `-`. Changing it
   * replaces the destination and its deliveries.
   *
   * @default a name generated from the construct path, stable across synths and unique in the app
   */
  readonly deliveryDestinationName?: string;

  /**
   * AWS accounts (12-digit IDs) whose delivery sources may deliver to this destination. Same as
   * calling `grantSubscribe`.
   *
   * @default no other account
   */
  readonly subscriberAccounts?: string[];

  /**
   * AWS Organizations IDs whose member accounts' delivery sources may deliver to this destination.
   * Same as calling `grantSubscribeOrganization`.
   *
   * @default no organization
   */
  readonly subscriberOrganizationIds?: string[];
}

/** Attributes of a delivery destination that exists already, for `DeliveryDestination.fromDeliveryDestinationAttributes`. */
export interface DeliveryDestinationAttributes {
  /** The ARN of the delivery destination, `arn:<partition>:logs:<region>:<account>:delivery-destination:<name>`. */
  readonly deliveryDestinationArn: string;

  /**
   * What the destination writes to. Lets deliveries check the source's log type against it.
   *
   * @default unknown: not checked
   */
  readonly destinationType?: DeliveryDestinationType;

  /**
   * The destination's output format. Lets deliveries check it against the source's log type.
   *
   * @default unknown: not checked
   */
  readonly outputFormat?: OutputFormat;
}

abstract class DeliveryDestinationBase extends Resource implements IDeliveryDestination {
  public abstract readonly deliveryDestinationArn: string;
  public abstract readonly deliveryDestinationName: string;
  public abstract readonly destinationType?: DeliveryDestinationType;
  public abstract readonly outputFormat?: OutputFormat;

  /** A reference to this delivery destination, for L1 constructs that take one. */
  public get deliveryDestinationRef(): logs.DeliveryDestinationReference {
    return { deliveryDestinationArn: this.deliveryDestinationArn, deliveryDestinationName: this.deliveryDestinationName };
  }
}

/**
 * A CloudWatch Logs delivery destination: where vended logs (or traces) of AWS resources go,
 * through `Delivery` resources that connect it to `DeliverySource`s.
 *
 * It grants the delivery service what the target needs, scoped to the delivery sources of this
 * account and of every account or organization granted with `grantSubscribe` /
 * `grantSubscribeOrganization`, and writes the delivery destination policy that lets those accounts
 * create deliveries to it.
 *
 * @resource AWS::Logs::DeliveryDestination
 *
 * @example
 * import * as s3 from 'aws-cdk-lib/aws-s3';
 * import { App, Stack } from 'aws-cdk-lib';
 * import { DeliveryDestination, DeliveryDestinationTarget, OutputFormat } from 'cdk-log-destinations';
 *
 * const app = new App();
 * const stack = new Stack(app, 'LogArchive', { env: { account: '999999999999', region: 'us-east-1' } });
 * const archive = new DeliveryDestination(stack, 'Archive', {
 *   target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Logs')),
 *   outputFormat: OutputFormat.JSON,
 * });
 * // Account 111111111111 may create deliveries from its own delivery sources to this destination.
 * archive.grantSubscribe('111111111111');
 */
export class DeliveryDestination extends DeliveryDestinationBase {
  /** Imports a delivery destination by ARN (it may be in another account). */
  public static fromDeliveryDestinationArn(scope: Construct, id: string, deliveryDestinationArn: string): IDeliveryDestination {
    return DeliveryDestination.fromDeliveryDestinationAttributes(scope, id, { deliveryDestinationArn });
  }

  /** Imports a delivery destination of this stack's account and region by name. */
  public static fromDeliveryDestinationName(scope: Construct, id: string, deliveryDestinationName: string): IDeliveryDestination {
    validateDeliveryName(scope, 'deliveryDestinationName', deliveryDestinationName);
    return DeliveryDestination.fromDeliveryDestinationAttributes(scope, id, {
      deliveryDestinationArn: logsArn(scope, 'delivery-destination', deliveryDestinationName),
    });
  }

  /** Imports a delivery destination from its ARN and, optionally, its type and format (so deliveries can be checked). */
  public static fromDeliveryDestinationAttributes(scope: Construct, id: string, attrs: DeliveryDestinationAttributes): IDeliveryDestination {
    return new ImportedDeliveryDestination(scope, id, attrs);
  }

  /**
   * The ARN of the delivery destination, built from its name so that it can be used across stacks
   * and accounts without exports.
   *
   * @attribute
   */
  public readonly deliveryDestinationArn: string;

  /**
   * The name of the delivery destination.
   *
   * @attribute
   */
  public readonly deliveryDestinationName: string;

  /** What the destination writes to: S3, CloudWatch Logs, Firehose or X-Ray. */
  public readonly destinationType?: DeliveryDestinationType;

  /**
   * The output format given in the props.
   *
   * @default the source's default format
   */
  public readonly outputFormat?: OutputFormat;

  private readonly resource: logs.CfnDeliveryDestination;
  private readonly target: DeliveryDestinationTarget;
  private readonly grantedAccounts: string[] = [];
  private readonly grantedOrganizationIds: string[] = [];

  constructor(scope: Construct, id: string, props: DeliveryDestinationProps) {
    super(scope, id, { physicalName: props.deliveryDestinationName });

    if (props.deliveryDestinationName !== undefined) {
      validateDeliveryName(this, 'deliveryDestinationName', props.deliveryDestinationName);
    }
    this.deliveryDestinationName = props.deliveryDestinationName ?? Names.uniqueResourceName(this, { maxLength: 60 });
    this.deliveryDestinationArn = logsArn(this, 'delivery-destination', this.deliveryDestinationName);

    this.target = props.target;
    const config = props.target.bind(this, {
      sourceAccounts: Lazy.list({ produce: () => this.sourceAccounts() }),
      sourceArns: Lazy.list({ produce: () => this.sourceAccounts().map(account => this.deliverySourcesArn(account)) }),
    });
    this.destinationType = config.destinationType;
    this.outputFormat = props.outputFormat;
    this.validateOutputFormat(props.outputFormat);

    this.resource = new logs.CfnDeliveryDestination(this, 'Resource', {
      name: this.deliveryDestinationName,
      deliveryDestinationType: config.destinationType,
      destinationResourceArn: config.destinationResourceArn,
      outputFormat: props.outputFormat,
      deliveryDestinationPolicy: Lazy.any({ produce: () => this.renderPolicy() }),
    });
    // The permissions must be in place before the first delivery writes.
    for (const dependable of config.dependables ?? []) {
      this.resource.node.addDependency(dependable);
    }

    grantSubscribers(this, props.subscriberAccounts, props.subscriberOrganizationIds);
    this.node.addValidation({ validate: () => this.validatePolicySize() });
  }

  /**
   * Lets an AWS account create deliveries from its delivery sources to this destination.
   *
   * Writes the delivery destination policy (`logs:CreateDelivery` for the account's root principal)
   * and adds the account to the `aws:SourceAccount` and `aws:SourceArn` conditions of the target's
   * policy. Granting this destination's own account does nothing: it is always admitted.
   *
   * @param account the 12-digit account ID; a token (such as a `CfnParameter`) is accepted
   */
  public grantSubscribe(account: string): iam.AddToResourcePolicyResult {
    validateAccountId(this, 'account', account);
    if (account !== this.stack.account && !this.grantedAccounts.includes(account)) {
      this.grantedAccounts.push(account);
    }
    return { statementAdded: true, policyDependable: this.resource };
  }

  /**
   * Lets every account of an AWS Organizations organization create deliveries to this destination
   * (`aws:PrincipalOrgID` in the delivery destination policy, `aws:SourceOrgID` in the target's policy).
   *
   * @param organizationId the organization ID, `o-` followed by 10 to 32 lowercase letters or digits
   */
  public grantSubscribeOrganization(organizationId: string): iam.AddToResourcePolicyResult {
    validateOrganizationId(this, 'organizationId', organizationId);
    if (this.grantedOrganizationIds.length === 0) {
      this.target._bindOrganizations(this, {
        organizationIds: Lazy.list({ produce: () => this.grantedOrganizationIds }),
        sourceArns: [this.deliverySourcesArn('*')],
      });
    }
    if (!this.grantedOrganizationIds.includes(organizationId)) {
      this.grantedOrganizationIds.push(organizationId);
    }
    return { statementAdded: true, policyDependable: this.resource };
  }

  /**
   * Whether delivery sources of `account` may deliver here: its own account, a granted one, any
   * account once an organization is granted (membership is not knowable at synth), or a token.
   *
   * @internal
   */
  public _admitsAccount(account: string): boolean {
    return Token.isUnresolved(account) || Token.isUnresolved(this.stack.account) || account === this.stack.account
      || this.grantedAccounts.includes(account) || this.grantedAccounts.some(a => Token.isUnresolved(a))
      || this.grantedOrganizationIds.length > 0;
  }

  private sourceAccounts(): string[] {
    return [this.stack.account, ...this.grantedAccounts];
  }

  private deliverySourcesArn(account: string): string {
    return `arn:${Aws.PARTITION}:logs:${this.stack.region}:${account}:delivery-source:*`;
  }

  private validateOutputFormat(outputFormat: OutputFormat | undefined): void {
    if (outputFormat === undefined || Token.isUnresolved(outputFormat)) {
      return;
    }
    const allowed = formatsForDestinationType(this.destinationType!);
    const what = DESTINATION_TYPE_NAMES[this.destinationType!];
    if (allowed.length === 0) {
      throw invalidInput(this, 'outputFormat', outputFormat, `${what} delivery destination takes no output format`,
        'Leave outputFormat out');
    }
    if (!allowed.includes(outputFormat)) {
      throw invalidInput(this, 'outputFormat', outputFormat, `${what} delivery destination accepts ${allowed.join(', ')}`,
        `Choose one of ${allowed.map(f => `OutputFormat.${f.toUpperCase()}`).join(', ')}, or use a target that accepts ${outputFormat}`);
    }
  }

  private policyDocument(): any {
    const resources = ['delivery-source:*', 'delivery:*', 'delivery-destination:*']
      .map(resource => `arn:${Aws.PARTITION}:logs:${this.stack.region}:${this.stack.account}:${resource}`);
    const statements: any[] = [];
    if (this.grantedAccounts.length > 0) {
      const principals = this.grantedAccounts.map(account => `arn:${Aws.PARTITION}:iam::${account}:root`);
      statements.push({
        Sid: 'AllowCreateDeliveryFromAccounts',
        Effect: 'Allow',
        Principal: { AWS: principals.length === 1 ? principals[0] : principals },
        Action: CREATE_DELIVERY_ACTION,
        Resource: resources,
      });
    }
    if (this.grantedOrganizationIds.length > 0) {
      statements.push({
        Sid: 'AllowCreateDeliveryFromOrganizations',
        Effect: 'Allow',
        Principal: '*',
        Action: CREATE_DELIVERY_ACTION,
        Resource: resources,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': [...this.grantedOrganizationIds] } },
      });
    }
    return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements };
  }

  private renderPolicy(): any {
    const document = this.policyDocument();
    // The L1 maps this struct to its CloudFormation form after resolution, so the keys are the L1's.
    return document === undefined ? undefined : {
      deliveryDestinationName: this.deliveryDestinationName,
      deliveryDestinationPolicy: document,
    };
  }

  private validatePolicySize(): string[] {
    const document = this.policyDocument();
    if (document === undefined) {
      return [];
    }
    const chars = estimatedPolicyText(document).length;
    if (chars <= DELIVERY_DESTINATION_POLICY_MAX_CHARS) {
      return [];
    }
    return [new LogDestinationsError(this, `invalid delivery destination policy of about ${chars} characters: `
      + `PutDeliveryDestinationPolicy accepts at most ${DELIVERY_DESTINATION_POLICY_MAX_CHARS}, and this destination grants `
      + `${this.grantedAccounts.length} account(s). Grant the accounts' organization with grantSubscribeOrganization(orgId) instead`).message];
  }
}

class ImportedDeliveryDestination extends DeliveryDestinationBase {
  public readonly deliveryDestinationArn: string;
  public readonly deliveryDestinationName: string;
  public readonly destinationType?: DeliveryDestinationType;
  public readonly outputFormat?: OutputFormat;

  constructor(scope: Construct, id: string, attrs: DeliveryDestinationAttributes) {
    super(scope, id, { environmentFromArn: importableArn(attrs.deliveryDestinationArn, DELIVERY_DESTINATION_ARN) });
    this.deliveryDestinationArn = attrs.deliveryDestinationArn;
    this.deliveryDestinationName = resourceNameFromArn(this, 'deliveryDestinationArn', attrs.deliveryDestinationArn,
      'delivery-destination', DELIVERY_DESTINATION_ARN,
      'Copy the ARN from the destination account (aws logs describe-delivery-destinations), or use fromDeliveryDestinationName there');
    this.destinationType = attrs.destinationType;
    this.outputFormat = attrs.outputFormat;
  }
}
