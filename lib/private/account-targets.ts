import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnResource, ResourceEnvironment, Stack } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { accountPolicyBinder } from './account-policy-binding';
import { logsArn, logsSourceArn } from './arns';
import { LOGS_PRINCIPAL } from './destination-role';
import { knownDifference } from './environments';
import { invalidInput } from './errors';
import { checkDirectPut, describeArn, firehoseLogGroups, functionLogGroups, TargetServiceKind } from './targets';

/** What an account-level subscription filter policy delivers to. */
export type AccountTargetKind = TargetServiceKind | 'other';

/** What `bindAccountTarget` found and generated for a destination. */
export interface AccountTarget {
  readonly kind: AccountTargetKind;
  /** Whether `Distribution` means something for this target (a Kinesis stream, directly or behind a destination). */
  readonly distributionApplies: boolean;
  readonly destinationArn: string;
  /** The role to put in the policy document; may be a token that resolves to nothing. */
  readonly roleArn?: string;
  /** The role the destination's `bind()` returned for a Kinesis or Firehose target. */
  readonly role?: iam.IRole;
  /** Log groups of the delivery pipeline in this account, which the policy must not subscribe (recursion guard). */
  readonly pipelineLogGroups: string[];
}

/**
 * Works out what `destination` needs in an account-level subscription filter policy created in `policy`, and
 * generates it there:
 * - a destination of this library (found by its `Symbol.for` hook): its ARN, the sender role when it admits an
 *   organization, and its own pipeline's log groups when it is in this account;
 * - any other destination, aws-logs-destinations' `KinesisDestination`, `FirehoseDestination` and `LambdaDestination`
 *   included: what its public `bind()` returns for a log group standing for every log group of the account (a role
 *   that may put records into the stream, or a Lambda permission for any log group of the account), as aws-cdk-lib's
 *   own classes would do it for one log group. What the returned ARN refers to (a stream, a function, an alias)
 *   is read from the construct tree, for the recursion guard and the checks.
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
      pipelineLogGroups: binding.pipelineLogGroups ?? [],
    };
  }

  const config = destination.bind(policy, new AccountLogGroups(policy, 'AccountLogGroups'));
  const target = describeArn(config.arn);
  const kind: AccountTargetKind = target.service ?? 'other';
  if (kind === 'kinesis' || kind === 'firehose' || kind === 'lambda') {
    checkSameAccount(policy, config.arn, target.account);
  }
  if (kind === 'firehose') {
    checkDirectPut(policy, 'destination', target.resource);
  }
  const role = config.role;
  if (role && role.node.scope === policy) {
    confineTrust(policy, role);
  }
  return {
    kind,
    distributionApplies: kind !== 'firehose' && kind !== 'lambda',
    destinationArn: config.arn,
    roleArn: role?.roleArn,
    role,
    pipelineLogGroups: kind === 'lambda' ? functionLogGroups(config.arn, target.resource)
      : kind === 'firehose' ? firehoseLogGroups(target.resource) : [],
  };
}

/**
 * Gives a role that a destination's `bind()` created for the policy the trust AWS's account-level recipe shows
 * ("Account-level subscription filters", examples 1 and 3): `logs.amazonaws.com` for
 * `aws:SourceArn` `arn:<partition>:logs:<region>:<account>:*` (confused-deputy prevention). aws-cdk-lib's
 * `KinesisDestination` trusts CloudWatch Logs with no condition, since it serves one log group of the account.
 * The role's public L1 is overridden, so whatever the class wrote, the trust is this one. A role the user gave the
 * destination class is theirs and left alone.
 */
function confineTrust(policy: Construct, role: iam.IRole): void {
  const cfn = role.node.defaultChild;
  if (!CfnResource.isCfnResource(cfn) || cfn.cfnResourceType !== 'AWS::IAM::Role') {
    return;
  }
  const trust = new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      principals: [new iam.ServicePrincipal(LOGS_PRINCIPAL)],
      conditions: { StringLike: { 'aws:SourceArn': logsSourceArn(policy) } },
    })],
  });
  cfn.addPropertyOverride('AssumeRolePolicyDocument', trust);
}

/** Same-account delivery only: a stream or function of another (known) account needs a LogDestination there. */
function checkSameAccount(policy: Construct, arn: string, there: string | undefined): void {
  const here = Stack.of(policy).account;
  if (!knownDifference({ account: there }, Stack.of(policy), ['account'])) {
    return;
  }
  throw invalidInput(policy, 'destination', arn,
    `the target is in account ${there} and the policy in account ${here}, and an account-level subscription filter policy `
    + 'delivers straight to a Kinesis stream, Firehose stream or Lambda function of its own account only',
    `Create a LogDestination in front of the stream in account ${there} (with accountLevelSubscriptions: true) and pass that`);
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
