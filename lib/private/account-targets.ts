import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as destinations from 'aws-cdk-lib/aws-logs-destinations';
import { Fn, IResource, Resource, ResourceEnvironment, Stack, Token } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { accountPolicyBinder } from './account-policy-binding';
import { logsArn, logsSourceArn } from './arns';
import { FIREHOSE_ACTIONS, KINESIS_ACTIONS, LOGS_PRINCIPAL, STREAM_KEY_ACTIONS } from './destination-role';
import { invalidInput } from './errors';

/** What an account-level subscription filter policy delivers to. */
export type AccountTargetKind = 'destination' | 'kinesis' | 'firehose' | 'lambda' | 'other';

/** What `bindAccountTarget` found and generated for a destination. */
export interface AccountTarget {
  readonly kind: AccountTargetKind;
  /** Whether `Distribution` means something for this target (a Kinesis stream, directly or behind a destination). */
  readonly distributionApplies: boolean;
  readonly destinationArn: string;
  /** The role to put in the policy document; may be a token that resolves to nothing. */
  readonly roleArn?: string;
  /** The role generated for a Kinesis or Firehose target. */
  readonly role?: iam.IRole;
  /** Log groups of the delivery pipeline in this account, which the policy must not subscribe (recursion guard). */
  readonly pipelineLogGroups: string[];
}

/**
 * Works out what `destination` needs in an account-level subscription filter policy created in `policy`, and
 * generates it there:
 * - a destination of this library (found by its `Symbol.for` hook): its ARN, and the sender role when it admits an
 *   organization;
 * - aws-logs-destinations' `KinesisDestination` and `FirehoseDestination`: a role CloudWatch Logs assumes for this
 *   account's log groups in this Region, allowed to put records into that stream only;
 * - `LambdaDestination`: a permission for CloudWatch Logs to invoke the function for any log group of the account;
 * - any other destination: what its own `bind()` returns for a log group standing for all of the account's.
 */
export function bindAccountTarget(policy: Construct, destination: logs.ILogSubscriptionDestination): AccountTarget {
  const binder = accountPolicyBinder(destination);
  if (binder) {
    const binding = binder(policy);
    return {
      kind: 'destination',
      // Behind an imported destination the service is unknown: let Distribution through, as AWS's recipes do.
      distributionApplies: binding.targetService !== 'firehose',
      destinationArn: binding.destinationArn,
      roleArn: binding.roleArn,
      pipelineLogGroups: [],
    };
  }
  if (destination instanceof destinations.KinesisDestination) {
    const stream = privateField<kinesis.IStream>(destination, 'stream', 'streamArn');
    if (stream) {
      checkSameAccount(policy, stream, stream.streamArn);
      const statements = [new iam.PolicyStatement({ actions: KINESIS_ACTIONS, resources: [stream.streamArn] })];
      if (stream.encryptionKey) {
        statements.push(new iam.PolicyStatement({ actions: STREAM_KEY_ACTIONS, resources: [stream.encryptionKey.keyArn] }));
      }
      const role = deliveryRole(policy, statements, privateField<iam.IRole>(privateField(destination, 'props'), 'role', 'roleArn'));
      return { kind: 'kinesis', distributionApplies: true, destinationArn: stream.streamArn, roleArn: role.roleArn, role, pipelineLogGroups: [] };
    }
  }
  if (destination instanceof destinations.FirehoseDestination) {
    const stream = privateField<firehose.IDeliveryStream>(destination, 'stream', 'deliveryStreamArn');
    if (stream) {
      checkSameAccount(policy, stream, stream.deliveryStreamArn);
      const statements = [new iam.PolicyStatement({ actions: FIREHOSE_ACTIONS, resources: [stream.deliveryStreamArn] })];
      const role = deliveryRole(policy, statements, privateField<iam.IRole>(privateField(destination, 'props'), 'role', 'roleArn'));
      return {
        kind: 'firehose',
        distributionApplies: false,
        destinationArn: stream.deliveryStreamArn,
        roleArn: role.roleArn,
        role,
        pipelineLogGroups: firehoseLogGroups(stream),
      };
    }
  }
  if (destination instanceof destinations.LambdaDestination) {
    const fn = privateField<lambda.IFunction>(destination, 'fn', 'functionArn');
    if (fn) {
      checkSameAccount(policy, fn, fn.functionArn);
      const options = privateField<destinations.LambdaDestinationOptions>(destination, 'options');
      if (options?.addPermissions !== false) {
        addInvokePermission(policy, fn);
      }
      return { kind: 'lambda', distributionApplies: false, destinationArn: fn.functionArn, pipelineLogGroups: functionLogGroups(fn) };
    }
  }
  const config = destination.bind(policy, new AccountLogGroups(policy, 'AccountLogGroups'));
  return { kind: 'other', distributionApplies: true, destinationArn: config.arn, roleArn: config.role?.roleArn, pipelineLogGroups: [] };
}

/**
 * A private field of an aws-logs-destinations class (they keep their stream or function private), checked for the
 * property it must have, so a future aws-cdk-lib that renames it falls back to the destination's own `bind()`.
 */
function privateField<T>(owner: unknown, field: string, mustHave?: string): T | undefined {
  if (owner === null || typeof owner !== 'object') {
    return undefined;
  }
  const value = (owner as Record<string, unknown>)[field];
  if (value === null || typeof value !== 'object' || mustHave !== undefined && !(mustHave in value)) {
    return undefined;
  }
  return value as T;
}

/**
 * The role CloudWatch Logs assumes to put records into a same-account Kinesis or Firehose stream, as AWS's
 * account-level recipe ("Account-level subscription filters", examples 1 and 3) shows: trusted by
 * `logs.amazonaws.com` for `arn:<partition>:logs:<region>:<account>:*` (confused-deputy prevention), allowed to put
 * records into that stream only. Inline, so it exists before the policy names the role. A role the user gave the
 * aws-logs-destinations class is used instead, with the same permissions added.
 */
function deliveryRole(policy: Construct, statements: iam.PolicyStatement[], provided?: iam.IRole): iam.IRole {
  if (provided) {
    for (const statement of statements) {
      const result = provided.addToPrincipalPolicy(statement);
      if (result.policyDependable) {
        policy.node.addDependency(result.policyDependable);
      }
    }
    return provided;
  }
  return new iam.Role(policy, 'Role', {
    assumedBy: new iam.ServicePrincipal(LOGS_PRINCIPAL, {
      conditions: { StringLike: { 'aws:SourceArn': logsSourceArn(policy) } },
    }),
    inlinePolicies: { Delivery: new iam.PolicyDocument({ statements }) },
  });
}

/**
 * CloudWatch Logs' permission to invoke the function for every log group of the account in this Region, as AWS's
 * account-level recipe shows (`--source-arn arn:<partition>:logs:<region>:<account>:log-group:*`, `--source-account`).
 */
function addInvokePermission(policy: Construct, fn: lambda.IFunction): void {
  const stack = Stack.of(policy);
  fn.addPermission('CanInvokeFromAccountPolicy', {
    principal: new iam.ServicePrincipal(LOGS_PRINCIPAL),
    sourceArn: logsArn(policy, 'log-group', '*'),
    sourceAccount: stack.account,
    scope: policy,
  });
  const permission = policy.node.tryFindChild('CanInvokeFromAccountPolicy');
  if (permission) {
    // The permission is in place before CloudWatch Logs first invokes the function.
    policy.node.addDependency(permission);
  }
}

/** Same-account delivery only: a stream or function of another (known) account needs a LogDestination there. */
function checkSameAccount(policy: Construct, resource: IResource, arn: string): void {
  const here = Stack.of(policy).account;
  const there = resource.env.account;
  if (Token.isUnresolved(here) || Token.isUnresolved(there) || here === there) {
    return;
  }
  throw invalidInput(policy, 'destination', arn,
    `the target is in account ${there} and the policy in account ${here}, and an account-level subscription filter policy `
    + 'delivers straight to a Kinesis stream, Firehose stream or Lambda function of its own account only',
    `Create a LogDestination in front of the stream in account ${there} (with accountLevelSubscriptions: true) and pass that`);
}

/** The log group a Lambda function writes to: `/aws/lambda/<name>`, and a custom one set in its logging configuration. */
function functionLogGroups(fn: lambda.IFunction): string[] {
  const groups = [`/aws/lambda/${fn.functionName}`];
  if (Resource.isOwnedResource(fn)) {
    const cfn = fn.node.defaultChild as lambda.CfnFunction | undefined;
    const config = cfn?.loggingConfig;
    if (config && !Token.isUnresolved(config) && typeof (config as lambda.CfnFunction.LoggingConfigProperty).logGroup === 'string') {
      groups.push((config as lambda.CfnFunction.LoggingConfigProperty).logGroup!);
    }
  }
  return groups;
}

/**
 * The log groups of a Firehose stream's own pipeline: each processor Lambda's `/aws/lambda/<name>` (from the
 * `LambdaArn` processor parameters) and the stream's error-logging log groups (`CloudWatchLoggingOptions`). Only an
 * owned stream shows its configuration.
 */
function firehoseLogGroups(stream: firehose.IDeliveryStream): string[] {
  if (!Resource.isOwnedResource(stream)) {
    return [];
  }
  const cfn = stream.node.defaultChild as firehose.CfnDeliveryStream | undefined;
  if (!cfn) {
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
      groups.push(`/aws/lambda/${functionNameOf(v.parameterValue)}`);
    }
    if (key === 'cloudWatchLoggingOptions' && v.enabled !== false && typeof v.logGroupName === 'string') {
      groups.push(v.logGroupName);
    }
    for (const [k, child] of Object.entries(v)) {
      visit(child, k);
    }
  };
  for (const property of Object.keys(cfn)) {
    if (property.endsWith('Configuration')) {
      visit((cfn as unknown as Record<string, unknown>)[property]);
    }
  }
  return groups;
}

/** The function name of a Lambda ARN, `arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`. */
function functionNameOf(functionArn: string): string {
  return Token.isUnresolved(functionArn) ? Fn.select(6, Fn.split(':', functionArn)) : functionArn.split(':')[6];
}

/** Every log group of the account in this Region, for a destination whose `bind()` wants one log group. */
class AccountLogGroups extends Construct implements logs.ILogGroupRef {
  public readonly logGroupRef: logs.LogGroupReference;
  public readonly env: ResourceEnvironment;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(scope);
    this.env = { account: stack.account, region: stack.region };
    this.logGroupRef = { logGroupName: '*', logGroupArn: logsArn(scope, 'log-group', '*') };
  }
}
