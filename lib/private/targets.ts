import { CfnResource, Fn, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { invalidInput } from './errors';

/**
 * What the library reads of a stream or function it delivers to, from public information only: the ARN it is given
 * and, when that ARN refers to a resource of this app, the `CfnResource` the reference points at (`Reference.target`)
 * and that resource's own L1 properties. No private field of an aws-cdk-lib class is read, and nothing here relies on
 * `instanceof`, so it works the same with a second copy of aws-cdk-lib in the app.
 */

/** The service of a delivery target, when its ARN or its resource tells. */
export type TargetServiceKind = 'kinesis' | 'firehose' | 'lambda' | 'destination';

/** What an ARN tells of the resource it names. */
export interface ArnTarget {
  /** The service, when the ARN is literal or refers to a resource of this app. */
  readonly service?: TargetServiceKind;
  /** The account of the resource, when known (a literal ARN, or the stack of the resource it refers to). */
  readonly account?: string;
  /** The CloudFormation resource the ARN refers to, when it is one of this app. */
  readonly resource?: CfnResource;
}

const SERVICE_OF_TYPE: Record<string, TargetServiceKind> = {
  'AWS::Kinesis::Stream': 'kinesis',
  'AWS::KinesisFirehose::DeliveryStream': 'firehose',
  'AWS::Lambda::Function': 'lambda',
  'AWS::Lambda::Alias': 'lambda',
  'AWS::Lambda::Version': 'lambda',
  'AWS::Logs::Destination': 'destination',
};

/** Reads an ARN: a literal one by its fields, a token by the resource its first reference points at. */
export function describeArn(arn: string): ArnTarget {
  if (!Token.isUnresolved(arn)) {
    const [, , service, , account, resource] = arn.split(':');
    const kind = service === 'kinesis' ? 'kinesis' : service === 'firehose' ? 'firehose' : service === 'lambda' ? 'lambda'
      : service === 'logs' && resource === 'destination' ? 'destination' : undefined;
    return { service: kind, account: account || undefined };
  }
  const resource = referencedResource(arn);
  if (!resource) {
    return {};
  }
  const account = Stack.of(resource).account;
  return { service: SERVICE_OF_TYPE[resource.cfnResourceType], account: Token.isUnresolved(account) ? undefined : account, resource };
}

/**
 * The `CfnResource` a token string refers to (the first reference in it: an ARN attribute, a `Ref`), or undefined
 * when it refers to none (a parameter, a literal built with `Aws.REGION`). Public API only: `Tokenization.reverseString`
 * and `Reference.target`, both recognised across copies of aws-cdk-lib (the token map and `Reference.isReference` are
 * global to the runtime).
 */
export function referencedResource(value: string | undefined): CfnResource | undefined {
  if (value === undefined || !Token.isUnresolved(value)) {
    return undefined;
  }
  for (const token of Tokenization.reverseString(value).tokens) {
    if (Reference.isReference(token) && CfnResource.isCfnResource(token.target)) {
      return token.target;
    }
  }
  return undefined;
}

/**
 * Refuses a Firehose stream of this app that reads from a source (a Kinesis data stream, MSK, a database) instead of
 * taking Direct PUT records: such a stream refuses `PutRecord` and `PutRecordBatch`, which is how CloudWatch Logs
 * delivers, for a subscription destination, an account-level policy or vended logs alike. The one check for all three.
 *
 * @param property the property that carried the stream, for the message
 */
export function checkDirectPut(scope: IConstruct, property: string, stream: CfnResource | undefined): void {
  if (!stream || stream.cfnResourceType !== 'AWS::KinesisFirehose::DeliveryStream') {
    return;
  }
  const type = (stream as unknown as { deliveryStreamType?: string }).deliveryStreamType;
  if (type === undefined || Token.isUnresolved(type) || type === 'DirectPut') {
    return;
  }
  throw invalidInput(scope, property, ownerPath(stream),
    `the Firehose stream's DeliveryStreamType is ${type}, and CloudWatch Logs delivers only to a Direct PUT stream `
    + '(a stream with a source refuses the PutRecord and PutRecordBatch calls CloudWatch Logs makes)',
    'Use a Firehose stream without a source prop (Direct PUT); to keep the records of the source stream, let a second, '
    + 'Direct PUT stream feed the same destination');
}

/** The path of the construct that owns an L1 (its L2, when the L1 is that construct's `Resource`), as users name it. */
function ownerPath(resource: CfnResource): string {
  const owner = resource.node.scope;
  return owner && resource.node.id === 'Resource' && owner.node.defaultChild === resource ? owner.node.path : resource.node.path;
}

/**
 * The log groups of a Lambda function's own logging, from its ARN (possibly qualified: an alias or a version) or the
 * resource it refers to: `/aws/lambda/<function name>`, without the qualifier, and the custom log group set in the
 * function's logging configuration. A function subscribed to these would receive its own log events.
 */
export function functionLogGroups(functionArn: string, resource: CfnResource | undefined): string[] {
  const fn = functionResource(resource);
  if (!fn) {
    return [`/aws/lambda/${functionNameOf(functionArn)}`];
  }
  const groups = [`/aws/lambda/${fn.ref}`];
  const config = (fn as unknown as { loggingConfig?: unknown }).loggingConfig;
  if (config && !Token.isUnresolved(config) && typeof (config as { logGroup?: unknown }).logGroup === 'string') {
    groups.push((config as { logGroup: string }).logGroup);
  }
  return groups;
}

/** The `AWS::Lambda::Function` behind a function, alias or version resource (an alias or version names it by `FunctionName`). */
function functionResource(resource: CfnResource | undefined): CfnResource | undefined {
  if (!resource) {
    return undefined;
  }
  if (resource.cfnResourceType === 'AWS::Lambda::Function') {
    return resource;
  }
  if (resource.cfnResourceType === 'AWS::Lambda::Alias' || resource.cfnResourceType === 'AWS::Lambda::Version') {
    const target = referencedResource((resource as unknown as { functionName?: string }).functionName);
    return target?.cfnResourceType === 'AWS::Lambda::Function' ? target : undefined;
  }
  return undefined;
}

/** The function name of a Lambda ARN, `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`. */
export function functionNameOf(functionArn: string): string {
  return Token.isUnresolved(functionArn) ? Fn.select(6, Fn.split(':', functionArn)) : functionArn.split(':')[6];
}

/**
 * The log groups of a Firehose stream's own pipeline, from its L1 properties: each processor Lambda's
 * `/aws/lambda/<name>` (from the `LambdaArn` processor parameters) and the stream's error-logging log groups
 * (`CloudWatchLoggingOptions`). Only a stream of this app shows its configuration.
 */
export function firehoseLogGroups(stream: CfnResource | undefined): string[] {
  if (!stream || stream.cfnResourceType !== 'AWS::KinesisFirehose::DeliveryStream') {
    return [];
  }
  const groups: string[] = [];
  const visit = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) {
      value.forEach(item => visit(item));
      return;
    }
    if (value === null || typeof value !== 'object') {
      return;
    }
    const v = value as Record<string, unknown>;
    if (v.parameterName === 'LambdaArn' && typeof v.parameterValue === 'string') {
      groups.push(...functionLogGroups(v.parameterValue, referencedResource(v.parameterValue)));
    }
    if (key === 'cloudWatchLoggingOptions' && v.enabled !== false && typeof v.logGroupName === 'string') {
      groups.push(v.logGroupName);
    }
    for (const [k, child] of Object.entries(v)) {
      visit(child, k);
    }
  };
  const properties = stream as unknown as Record<string, unknown>;
  for (const property of Object.keys(properties)) {
    if (property.endsWith('Configuration')) {
      visit(properties[property]);
    }
  }
  return groups;
}
