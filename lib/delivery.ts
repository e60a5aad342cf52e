import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnResource, IResource, Resource, Stack, Token } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { DeliveryDestination, IDeliveryDestination } from './delivery-destination';
import { DeliveryDestinationType } from './delivery-destination-target';
import { knownDifference } from './private/environments';
import { invalidInput, isListTokenElement } from './private/errors';
import { orderAfter } from './private/ordering';
import { deploymentRoot } from './private/stacks';
import { logTypeSpec, VendedLogTypeSpec } from './private/vended-logs';
import { VendedLogsRegistry } from './private/vended-logs-registry';
import { checkArgs } from './private/guard';

const MAX_RECORD_FIELDS = 128;
const MAX_FIELD_DELIMITER = 5;
const MAX_S3_SUFFIX_PATH = 256;

/** What a delivery may set besides its source and destination. */
export interface DeliveryOptions {
  /**
   * The record fields to deliver, in order. Checked against the source's log type when the table
   * knows it: every mandatory field must be there, and no unknown field. At most 128.
   *
   * @default - every field the log type offers, in the service's default order
   */
  readonly recordFields?: string[];

  /**
   * The delimiter between fields in `plain`, `w3c` and `raw` output, 1 to 5 characters.
   *
   * @default - the service's default for the format
   */
  readonly fieldDelimiter?: string;

  /**
   * The S3 object key suffix, with static parts and the variables the log source supports
   * (`DescribeConfigurationTemplates` lists them), at most 256 characters. S3 destinations only.
   *
   * @default - the service's default layout
   */
  readonly s3SuffixPath?: string;

  /**
   * Whether S3 object keys use an Apache Hive compatible prefix layout. S3 destinations only.
   *
   * @default false
   */
  readonly s3EnableHiveCompatiblePath?: boolean;
}

/**
 * A CloudWatch Logs delivery source (`AWS::Logs::DeliverySource`), owned or imported.
 */
export interface IDeliverySource extends IResource, logs.IDeliverySourceRef {
  /**
   * The name of the delivery source.
   *
   * @attribute
   */
  readonly deliverySourceName: string;

  /**
   * The ARN of the delivery source, `arn:<partition>:logs:<region>:<account>:delivery-source:<name>`.
   *
   * @attribute
   */
  readonly deliverySourceArn: string;

  /**
   * The log type the source sends, when known.
   *
   * @default - unknown, for an imported source
   */
  readonly logType?: string;

  /**
   * The CloudFormation type of the resource that vends the logs (such as
   * `AWS::CloudFront::Distribution`), when known. Deliveries then check their destination and
   * record fields against the log type.
   *
   * @default - unknown: deliveries are not checked against the log-type table
   */
  readonly resourceType?: string;

  /**
   * Delivers this source's logs to a destination: creates a `Delivery` beside the source, ordered
   * after the source's previous deliveries.
   */
  deliverTo(destination: IDeliveryDestination, options?: DeliveryOptions): Delivery;
}

/** Properties of a `Delivery`. */
export interface DeliveryProps extends DeliveryOptions {
  /** Where the logs come from. The delivery is created in the source's account and region. */
  readonly source: IDeliverySource;

  /**
   * Where the logs go. A destination in another account must grant this source's account
   * (`grantSubscribe`) or its organization.
   */
  readonly destination: IDeliveryDestination;
}

/**
 * A CloudWatch Logs delivery: connects one delivery source to one delivery destination.
 *
 * It is created after its source and destination (and so after the target's permissions), and
 * after the previous delivery of the same source: CloudWatch Logs answers ConflictException when
 * deliveries of one source are created in parallel.
 *
 * @resource AWS::Logs::Delivery
 *
 * @example
 * import * as events from 'aws-cdk-lib/aws-events';
 * import * as logs from 'aws-cdk-lib/aws-logs';
 * import { App, Stack } from 'aws-cdk-lib';
 * import { Delivery, DeliveryDestination, DeliveryDestinationTarget, DeliverySource } from 'cdk-log-destinations';
 *
 * const app = new App();
 * const stack = new Stack(app, 'Events', { env: { account: '999999999999', region: 'eu-west-1' } });
 * const bus = new events.EventBus(stack, 'Bus');
 * const info = new DeliveryDestination(stack, 'Info', {
 *   target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'InfoLogs')),
 * });
 * const infoLogs = new DeliverySource(stack, 'InfoLogsSource', { resourceArn: bus.eventBusArn, logType: 'INFO_LOGS' });
 * // The same as `infoLogs.deliverTo(info)`.
 * new Delivery(stack, 'InfoDelivery', { source: infoLogs, destination: info });
 */
export class Delivery extends Resource implements logs.IDeliveryRef {
  /**
   * The ID of the delivery.
   *
   * @attribute
   */
  public readonly deliveryId: string;

  /**
   * The ARN of the delivery.
   *
   * @attribute
   */
  public readonly deliveryArn: string;

  /** The source of the delivery. */
  public readonly source: IDeliverySource;

  /** The destination of the delivery. */
  public readonly destination: IDeliveryDestination;

  private readonly resource: logs.CfnDelivery;

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    checkArgs('Delivery', [scope, id, props]);
    super(scope, id);
    this.source = props.source;
    this.destination = props.destination;

    this.checkEnvironment();
    const spec = this.sourceLogSpec();
    this.checkDestination(spec);
    this.checkOptions(props, spec);

    this.resource = new logs.CfnDelivery(this, 'Resource', {
      deliverySourceName: props.source.deliverySourceName,
      deliveryDestinationArn: props.destination.deliveryDestinationArn,
      recordFields: props.recordFields,
      fieldDelimiter: props.fieldDelimiter,
      s3SuffixPath: props.s3SuffixPath,
      s3EnableHiveCompatiblePath: props.s3EnableHiveCompatiblePath,
    });
    this.deliveryId = this.resource.attrDeliveryId;
    this.deliveryArn = this.resource.attrArn;

    // Names and ARNs are built from names, not references: order the resources explicitly.
    for (const [property, dependency] of [['source', props.source], ['destination', props.destination]] as const) {
      const child = dependency.node.defaultChild;
      if (child && CfnResource.isCfnResource(child)) {
        orderAfter(this.resource, child, { property, what: 'delivery', awaited: dependency });
      }
    }
    // One at a time per source and per destination in this stack: CloudWatch Logs answers ConflictException to
    // concurrent CreateDelivery calls. Deliveries of other stacks are not ordered, so no cross-stack cycle can appear.
    VendedLogsRegistry.of(this).chain(this.resource, [
      `source:${props.source.deliverySourceName}`, `destination:${props.destination.deliveryDestinationArn}`,
    ]);

    this.node.addValidation({ validate: () => this.validateGrant() });
  }

  /** A reference to this delivery, for L1 constructs that take one. */
  public get deliveryRef(): logs.DeliveryReference {
    return { deliveryId: this.deliveryId, deliveryArn: this.deliveryArn };
  }

  private checkEnvironment(): void {
    const here = Stack.of(this);
    const destinationStack = Stack.of(this.destination);
    if (deploymentRoot(destinationStack) !== deploymentRoot(here) && Token.isUnresolved(this.destination.deliveryDestinationArn)
      && (Token.isUnresolved(destinationStack.account) || Token.isUnresolved(destinationStack.region))) {
      // Its ARN holds AWS::AccountId / AWS::Region, which would resolve in this stack's environment instead.
      throw invalidInput(this, 'destination', this.destination.node.path,
        `the destination is defined in the environment-agnostic stack ${destinationStack.node.path}, so its ARN holds AWS::AccountId `
        + `and AWS::Region, which would resolve to the account and Region of ${here.node.path} instead`,
        'Give the destination\'s stack an account and Region, or import the destination here with '
        + 'DeliveryDestination.fromDeliveryDestinationArn(scope, id, \'arn:<partition>:logs:<region>:<account>:delivery-destination:<name>\')');
    }
    const { account, region } = this.source.env;
    if (knownDifference(this.source.env, here, ['account'])) {
      throw invalidInput(this, 'source', this.source.node.path,
        `the delivery source is in account ${account} but the delivery is defined in ${here.account}, and a delivery is created `
        + 'in its source\'s account', 'Define the Delivery in a stack of the source\'s account, or call source.deliverTo(destination)');
    }
    const destinationAccount = this.destination.env.account;
    const type = this.destination.destinationType;
    if (type !== undefined && type !== DeliveryDestinationType.S3 && type !== DeliveryDestinationType.FIREHOSE
      && knownDifference(this.source.env, this.destination.env, ['account'])) {
      throw invalidInput(this, 'destination', this.destination.node.path,
        `the destination is ${describeType(type)} in account ${destinationAccount} and the source is in ${account}, but AWS says `
        + '"If you are delivering logs cross-account, you can use only Amazon S3 and Firehose destinations" (Logging that requires '
        + 'additional permissions [V2])', `Deliver to an S3 or Firehose destination of account ${destinationAccount}, or create `
        + `the ${describeType(type)} destination in account ${account}`);
    }
    const destinationRegion = this.destination.env.region;
    if (knownDifference(this.source.env, this.destination.env, ['region'])) {
      throw invalidInput(this, 'destination', this.destination.node.path,
        `the delivery source is in ${region} but the destination is in ${destinationRegion}, and a delivery connects a source and a `
        + 'destination of the same region', `Create a DeliveryDestination in ${region} (its target may stay where it is if the target type allows)`);
    }
  }

  private sourceLogSpec(): VendedLogTypeSpec | undefined {
    const { resourceType, logType } = this.source;
    if (resourceType === undefined || logType === undefined || Token.isUnresolved(logType)) {
      return undefined;
    }
    return logTypeSpec(resourceType, logType);
  }

  private checkDestination(spec: VendedLogTypeSpec | undefined): void {
    const type = this.destination.destinationType;
    if (!spec || type === undefined) {
      return;
    }
    const what = `log type ${this.source.logType} of ${this.source.resourceType}`;
    const formats = spec.destinations[type];
    if (formats === undefined) {
      const accepted = Object.keys(spec.destinations);
      throw invalidInput(this, 'destination', this.destination.node.path,
        `${what} can be delivered to ${accepted.map(describeType).join(', ')}, not to ${describeType(type)}`,
        `Deliver it to a destination whose target is ${accepted.map(describeType).join(' or ')}`);
    }
    const format = this.destination.outputFormat;
    if (format !== undefined && !Token.isUnresolved(format) && !formats.includes(format)) {
      throw invalidInput(this, 'destination', this.destination.node.path,
        `the destination's output format is ${format}, but ${what} is delivered to ${describeType(type)} as ${formats.join(', ')}`,
        `Use a destination with outputFormat ${formats.map(f => `OutputFormat.${f.toUpperCase()}`).join(' or ')}`);
    }
  }

  private checkOptions(props: DeliveryOptions, spec: VendedLogTypeSpec | undefined): void {
    const { fieldDelimiter, s3SuffixPath, recordFields } = props;
    if (fieldDelimiter !== undefined && !Token.isUnresolved(fieldDelimiter)
      && (fieldDelimiter.length === 0 || fieldDelimiter.length > MAX_FIELD_DELIMITER)) {
      // The API takes an empty delimiter, but the CloudFormation schema wants 1 to 5 characters.
      throw invalidInput(this, 'fieldDelimiter', fieldDelimiter,
        `a field delimiter has 1 to ${MAX_FIELD_DELIMITER} characters (it has ${fieldDelimiter.length})`,
        fieldDelimiter.length === 0 ? 'Leave fieldDelimiter out to get the format\'s default' : 'Use a shorter delimiter, such as \'\\t\'');
    }
    if (s3SuffixPath !== undefined && !Token.isUnresolved(s3SuffixPath) && s3SuffixPath.length > MAX_S3_SUFFIX_PATH) {
      throw invalidInput(this, 's3SuffixPath', s3SuffixPath,
        `an S3 suffix path has at most ${MAX_S3_SUFFIX_PATH} characters (it has ${s3SuffixPath.length})`, 'Shorten the suffix path');
    }
    const type = this.destination.destinationType;
    if (type !== undefined && type !== DeliveryDestinationType.S3) {
      for (const [property, value] of [['s3SuffixPath', s3SuffixPath], ['s3EnableHiveCompatiblePath', props.s3EnableHiveCompatiblePath]] as const) {
        if (value !== undefined) {
          throw invalidInput(this, property, value, `${property} applies to S3 destinations, and this one is ${describeType(type)}`,
            `Leave ${property} out`);
        }
      }
    }
    if (recordFields === undefined || Token.isUnresolved(recordFields)) {
      return;
    }
    if (recordFields.length > MAX_RECORD_FIELDS) {
      throw invalidInput(this, 'recordFields', recordFields,
        `a delivery takes at most ${MAX_RECORD_FIELDS} record fields (it has ${recordFields.length})`, 'Drop the fields you do not need');
    }
    if (!spec || spec.mandatoryFields.length + spec.optionalFields.length === 0) {
      return;
    }
    const what = `log type ${this.source.logType} of ${this.source.resourceType}`;
    const fields = new Set([...spec.mandatoryFields, ...spec.optionalFields]);
    const unknown = recordFields.filter(field => !Token.isUnresolved(field) && !isListTokenElement(field) && !fields.has(field));
    if (unknown.length > 0) {
      throw invalidInput(this, 'recordFields', recordFields,
        `${what} has no field ${unknown.map(f => `'${f}'`).join(', ')}`,
        `Use fields among ${[...fields].join(', ')}`);
    }
    if (recordFields.some(field => Token.isUnresolved(field) || isListTokenElement(field))) {
      return;
    }
    const missing = spec.mandatoryFields.filter(field => !recordFields.includes(field));
    if (missing.length > 0) {
      throw invalidInput(this, 'recordFields', recordFields,
        `${what} requires the fields ${spec.mandatoryFields.join(', ')}, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`,
        `Add ${missing.map(f => `'${f}'`).join(', ')} to recordFields, or leave recordFields out to get every field`);
    }
  }

  /** A destination in another account must admit the source's account, or CreateDelivery is denied. */
  private validateGrant(): string[] {
    const destination = this.destination;
    const account = this.source.env.account;
    if (!DeliveryDestination.isDeliveryDestination(destination) || destination._admitsAccount(account)) {
      return [];
    }
    return [`invalid destination '${destination.node.path}': it is in account `
      + `${destination.env.account} and does not admit delivery sources of account ${account}, so CreateDelivery would be denied. `
      + `Call grantSubscribe('${account}') (or grantSubscribeOrganization) on the destination`];
  }
}

function describeType(type: string): string {
  switch (type) {
    case 'S3': return 'S3';
    case 'CWL': return 'CloudWatch Logs';
    case 'FH': return 'Firehose';
    case 'XRAY': return 'X-Ray';
    default: return type;
  }
}
