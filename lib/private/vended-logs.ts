import { CfnResource, Reference, Tokenization, Token } from 'aws-cdk-lib/core';
import { VENDED_LOG_SOURCES, VENDED_LOGS_SPEC_VERSION, VendedLogSourceSpec, VendedLogTypeSpec } from './vended-logs.generated';

export { VENDED_LOGS_SPEC_VERSION };
export type { VendedLogSourceSpec, VendedLogTypeSpec };

/** `<service>|<resource type>` of an ARN to the CloudFormation type that has that shape. */
const BY_ARN_SHAPE = new Map<string, string>(
  Object.entries(VENDED_LOG_SOURCES)
    .filter(([, spec]) => spec.arn !== undefined)
    .map(([type, spec]) => [`${spec.arn!.service}|${spec.arn!.resource}`, type]),
);

/** The table row of a CloudFormation resource type, if it vends logs. */
export function sourceSpec(resourceType: string): VendedLogSourceSpec | undefined {
  return Object.prototype.hasOwnProperty.call(VENDED_LOG_SOURCES, resourceType) ? VENDED_LOG_SOURCES[resourceType] : undefined;
}

/** The table row of a log type of a resource type. */
export function logTypeSpec(resourceType: string, logType: string): VendedLogTypeSpec | undefined {
  const spec = sourceSpec(resourceType);
  return spec && Object.prototype.hasOwnProperty.call(spec.logTypes, logType) ? spec.logTypes[logType] : undefined;
}

/** Every CloudFormation resource type of the table, sorted. */
export function vendingResourceTypes(): string[] {
  return Object.keys(VENDED_LOG_SOURCES).sort();
}

/**
 * The CloudFormation type of the resource an ARN names, when the table can tell (or, for an ARN
 * attribute of a resource of the app, whatever its type).
 *
 * Works on literal ARNs and on ARNs whose service and resource-type parts are literal even if
 * other parts are tokens (what `Stack.formatArn` builds, such as a CloudFront distribution's ARN),
 * and on a token that is the `Arn` attribute (or an ARN-valued `Ref`) of a resource of the app.
 */
export function resourceTypeOfArn(arn: string): string | undefined {
  const match = /^arn:[^:]+:([^:]+):[^:]*:[^:]*:(.*)$/s.exec(arn);
  if (match) {
    const service = match[1];
    const resource = /^([A-Za-z0-9-]+)[/:]/.exec(match[2])?.[1] ?? (/[/:]/.test(match[2]) ? undefined : '');
    if (resource === undefined || Token.isUnresolved(service) || Token.isUnresolved(resource)) {
      return undefined;
    }
    return BY_ARN_SHAPE.get(`${service}|${resource}`);
  }
  if (!Token.isUnresolved(arn)) {
    return undefined;
  }
  const token = Tokenization.reverse(arn, { failConcat: false });
  if (token === undefined || !Reference.isReference(token) || !CfnResource.isCfnResource(token.target)) {
    return undefined;
  }
  const type = token.target.cfnResourceType;
  const spec = sourceSpec(type);
  // The ARN attribute of any resource of the app names its type, vending or not (a Kinesis stream's streamArn,
  // an SQS queue's queueArn): the caller then refuses a type that vends no logs, as it does an explicit one.
  const isArn = /(Arn|ARN)$/.test(token.displayName) || (token.displayName === 'Ref' && spec?.refIsArn === true);
  return isArn ? type : undefined;
}

/**
 * Resource types whose vended logs AWS delivers through one Region only: their delivery source (and
 * so their deliveries and destinations) must be created there. CloudFront: "When using the
 * CloudWatch API, you must specify the US East (N. Virginia) Region (us-east-1) even when delivering
 * logs to other regions" (CloudFront Developer Guide, standard logging v2 and connection logs).
 * No other resource type is documented as pinned.
 */
const SINGLE_REGION: Record<string, string> = {
  'AWS::CloudFront::Distribution': 'us-east-1',
};

/** The one Region whose delivery sources a resource type's logs go through, in the commercial partition, if pinned. */
export function singleRegionOf(resourceType: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(SINGLE_REGION, resourceType) ? SINGLE_REGION[resourceType] : undefined;
}

/** Every output format some source accepts on a destination type, in the table's order (so empty for `XRAY`). */
export function formatsForDestinationType(destinationType: string): string[] {
  const formats = new Set<string>();
  for (const spec of Object.values(VENDED_LOG_SOURCES)) {
    for (const log of Object.values(spec.logTypes)) {
      for (const format of log.destinations[destinationType] ?? []) {
        formats.add(format);
      }
    }
  }
  const order = ['json', 'plain', 'w3c', 'raw', 'parquet'];
  return [...formats].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
