import * as logs from 'aws-cdk-lib/aws-logs';
import { Names, Resource, Stack, Token } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
// IDeliverySource is declared in delivery.ts, beside the Delivery its deliverTo returns, so that this module
// imports delivery.ts and never the other way round.
import { Delivery, DeliveryOptions, IDeliverySource } from './delivery';
import { IDeliveryDestination } from './delivery-destination';
import { invalidInput } from './private/errors';
import { checkDeliveryName } from './private/validation';
import { resourceTypeOfArn, singleRegionOf, sourceSpec, VENDED_LOGS_SPEC_VERSION, vendingResourceTypes } from './private/vended-logs';
import { VendedLogsRegistry } from './private/vended-logs-registry';
import { logsArn } from './private/arns';
import { checkArgs } from './private/guard';

/** Properties of a `DeliverySource`. */
export interface DeliverySourceProps {
  /**
   * The ARN of the resource that vends the logs, such as `distribution.distributionArn`.
   */
  readonly resourceArn: string;

  /**
   * The log type to send, such as `ACCESS_LOGS`. Each resource type vends its own set:
   * `DeliverySource.logTypesOf(resourceType)` lists them.
   */
  readonly logType: string;

  /**
   * The CloudFormation type of the resource (such as `AWS::CloudFront::Distribution`), so the log
   * type can be checked even when `resourceArn` tells nothing (an ARN held in a parameter, say).
   *
   * @default - derived from `resourceArn` when it has a known shape (a literal ARN, `Stack.formatArn`
   * output, or the `Arn` attribute of a resource of this app); otherwise nothing is checked
   */
  readonly resourceType?: string;

  /**
   * The name of the delivery source: 1 to 60 letters, digits, `_` or `-`. Changing it replaces the
   * source and its deliveries.
   *
   * @default - a name generated from the construct path, stable across synths and unique in the app
   */
  readonly deliverySourceName?: string;

  /**
   * Source-specific settings (`DeliverySourceConfiguration`), keys and values of 1 to 255 characters.
   *
   * @default - no source-specific settings
   */
  readonly configuration?: { [key: string]: string };

  /**
   * Skips the checks against the vended-log table generated from the CDK service specification
   * (log type, destination types, output formats, record fields), for a log type AWS added after
   * this version of the library.
   *
   * @default false
   */
  readonly skipLogTypeCheck?: boolean;
}

abstract class DeliverySourceBase extends Resource implements IDeliverySource {
  public abstract readonly deliverySourceName: string;
  public abstract readonly deliverySourceArn: string;
  public abstract readonly logType?: string;
  public abstract readonly resourceType?: string;

  /** A reference to this delivery source, for L1 constructs that take one. */
  public get deliverySourceRef(): logs.DeliverySourceReference {
    return { deliverySourceName: this.deliverySourceName, deliverySourceArn: this.deliverySourceArn };
  }

  /**
   * Delivers this source's logs to a destination: creates a `Delivery` beside the source, ordered
   * after the source's previous deliveries. One delivery per destination.
   */
  public deliverTo(destination: IDeliveryDestination, options: DeliveryOptions = {}): Delivery {
    checkArgs('DeliverySource.deliverTo', [destination, options], this);
    const id = `To${Names.uniqueId(destination)}`;
    if (this.node.tryFindChild(id)) {
      throw invalidInput(this, 'destination', destination.node.path,
        'this source already delivers to that destination, and a source has one delivery per destination',
        'Call deliverTo once per destination');
    }
    return new Delivery(this, id, { ...options, source: this, destination });
  }
}

/**
 * A CloudWatch Logs delivery source: an AWS resource that vends logs (or traces), named for the
 * deliveries that send them to delivery destinations.
 *
 * The log type is checked at synth against a table of the resource types and log types that the
 * CDK service specification lists (generated when the library is built): an unknown pair fails
 * with the list of valid log types.
 *
 * @resource AWS::Logs::DeliverySource
 *
 * @example
 * import * as events from 'aws-cdk-lib/aws-events';
 * import * as logs from 'aws-cdk-lib/aws-logs';
 * import { App, Stack } from 'aws-cdk-lib';
 * import { DeliveryDestination, DeliveryDestinationTarget, DeliverySource } from 'cdk-log-destinations';
 *
 * const app = new App();
 * const stack = new Stack(app, 'Events', { env: { account: '999999999999', region: 'eu-west-1' } });
 * const bus = new events.EventBus(stack, 'Bus');
 * const errors = new DeliveryDestination(stack, 'Errors', {
 *   target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'ErrorLogs')),
 * });
 * const errorLogs = new DeliverySource(stack, 'ErrorLogsSource', { resourceArn: bus.eventBusArn, logType: 'ERROR_LOGS' });
 * errorLogs.deliverTo(errors);
 */
export class DeliverySource extends DeliverySourceBase {
  /** Imports a delivery source of this stack's account and region by name, to add deliveries to it. */
  public static fromDeliverySourceName(scope: Construct, id: string, deliverySourceName: string): IDeliverySource {
    checkArgs('DeliverySource.fromDeliverySourceName', [scope, id, deliverySourceName]);
    checkDeliveryName(scope, 'deliverySourceName', deliverySourceName);
    return new ImportedDeliverySource(scope, id, deliverySourceName);
  }

  /**
   * The log types a CloudFormation resource type vends, per the table this library was built with
   * (empty for a resource type it does not know).
   */
  public static logTypesOf(resourceType: string): string[] {
    checkArgs('DeliverySource.logTypesOf', [resourceType]);
    return Object.keys(sourceSpec(resourceType)?.logTypes ?? {});
  }

  /** The CloudFormation resource types the table knows to vend logs. */
  public static resourceTypes(): string[] {
    return vendingResourceTypes();
  }

  /**
   * The name of the delivery source.
   *
   * @attribute
   */
  public readonly deliverySourceName: string;

  /**
   * The ARN of the delivery source, built from its name.
   *
   * @attribute
   */
  public readonly deliverySourceArn: string;

  /** The log type the source sends. */
  public readonly logType?: string;

  /**
   * The CloudFormation type of the resource, given or derived from its ARN.
   *
   * @default - unknown when the ARN tells nothing and no `resourceType` was given
   */
  public readonly resourceType?: string;

  constructor(scope: Construct, id: string, props: DeliverySourceProps) {
    checkArgs('DeliverySource', [scope, id, props]);
    super(scope, id, { physicalName: props.deliverySourceName });

    if (props.deliverySourceName !== undefined) {
      checkDeliveryName(this, 'deliverySourceName', props.deliverySourceName);
    }
    this.deliverySourceName = props.deliverySourceName ?? Names.uniqueResourceName(this, { maxLength: 60 });
    this.deliverySourceArn = logsArn(this, 'delivery-source', this.deliverySourceName);
    this.logType = props.logType;
    this.resourceType = props.skipLogTypeCheck ? props.resourceType : this.checkResourceType(props);
    this.checkRegion(props.resourceArn);
    this.claim(props);

    const resource = new logs.CfnDeliverySource(this, 'Resource', {
      name: this.deliverySourceName,
      resourceArn: props.resourceArn,
      logType: props.logType,
    });
    if (props.configuration !== undefined) {
      // In the CloudFormation schema, not yet in every aws-cdk-lib version this library accepts.
      resource.addPropertyOverride('DeliverySourceConfiguration', props.configuration);
    }
  }

  /** Fails when the resource's logs go through one Region only, and this stack is in another. */
  private checkRegion(resourceArn: string): void {
    const region = Stack.of(this).region;
    const pinned = this.resourceType === undefined ? undefined : singleRegionOf(this.resourceType);
    // Only the commercial partition is documented; other partitions are left alone.
    if (pinned === undefined || Token.isUnresolved(region) || region === pinned || /^(cn|us-gov|us-iso[a-z]*|eu-isoe)-/.test(region)) {
      return;
    }
    throw invalidInput(this, 'resourceArn', resourceArn,
      `the vended logs of a ${this.resourceType} are delivered through ${pinned} only, and this delivery source is in a stack of ${region}`,
      `Create the DeliverySource (and its deliveries and destinations) in a stack of ${pinned}; its destinations' targets may stay `
      + 'where they are if the target type allows (S3 buckets may be in any Region)');
  }

  /** AWS allows one delivery source per resource and log type: fails on a second one in the app. */
  private claim(props: DeliverySourceProps): void {
    if (Token.isUnresolved(props.logType)) {
      return;
    }
    const previous = VendedLogsRegistry.ofApp(this).claimSource(`${props.resourceArn}|${props.logType}`, this.node.path);
    if (previous !== undefined) {
      throw invalidInput(this, 'resourceArn', props.resourceArn,
        `the delivery source ${previous} already sends ${props.logType} of this resource, and AWS allows one delivery source per resource `
        + 'and log type', 'Reuse that DeliverySource for every destination (source.deliverTo(destination)), or import it with '
        + 'DeliverySource.fromDeliverySourceName in another stack of its account');
    }
  }

  /** The resource type, from the props or the ARN, after checking the log type against it. */
  private checkResourceType(props: DeliverySourceProps): string | undefined {
    const derived = resourceTypeOfArn(props.resourceArn);
    const explicit = props.resourceType;
    const claimed = explicit !== undefined && !Token.isUnresolved(explicit) ? explicit : derived;
    if (claimed !== undefined && !sourceSpec(claimed)) {
      throw invalidInput(this, 'resourceType', claimed,
        `the vended-log table (from @aws-cdk/aws-service-spec ${VENDED_LOGS_SPEC_VERSION}) has no such resource type`
        + `${explicit === undefined ? ' (derived from resourceArn, an attribute of that resource)' : ''}; it knows `
        + vendingResourceTypes().join(', '),
        'Use the ARN of a resource that vends logs, or set skipLogTypeCheck if AWS added this resource type since');
    }
    if (explicit !== undefined && !Token.isUnresolved(explicit)) {
      if (derived !== undefined && derived !== explicit) {
        throw invalidInput(this, 'resourceType', explicit, `resourceArn names a resource of type ${derived}`,
          `Pass resourceType '${derived}', or the ARN of a ${explicit}`);
      }
    }
    const type = explicit ?? derived;
    if (type === undefined || Token.isUnresolved(props.logType)) {
      return type;
    }
    const logTypes = Object.keys(sourceSpec(type)!.logTypes);
    if (!logTypes.includes(props.logType)) {
      throw invalidInput(this, 'logType', props.logType,
        `resource type ${type} vends ${logTypes.join(', ')} (per @aws-cdk/aws-service-spec ${VENDED_LOGS_SPEC_VERSION})`,
        `Use one of ${logTypes.map(t => `'${t}'`).join(', ')}, or set skipLogTypeCheck if AWS added this log type since`);
    }
    return type;
  }
}

class ImportedDeliverySource extends DeliverySourceBase {
  public readonly deliverySourceName: string;
  public readonly deliverySourceArn: string;
  public readonly logType?: string = undefined;
  public readonly resourceType?: string = undefined;

  constructor(scope: Construct, id: string, deliverySourceName: string) {
    super(scope, id);
    this.deliverySourceName = deliverySourceName;
    this.deliverySourceArn = logsArn(scope, 'delivery-source', deliverySourceName);
  }
}
