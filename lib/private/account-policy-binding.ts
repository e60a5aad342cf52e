import { Construct } from 'constructs';

/**
 * The key under which a destination of this library offers `AccountSubscriptionFilter` what an account-level
 * subscription filter policy needs. `Symbol.for`, so that two copies of the library in one app (one per
 * dependency tree) still recognise each other's destinations, which `instanceof` would not.
 */
export const ACCOUNT_POLICY_BINDING = Symbol.for('cdk-log-destinations.AccountPolicyBinding');

/** The service behind a destination, when it is known. */
export type TargetService = 'kinesis' | 'firehose';

/** What a destination of this library gives an account-level subscription filter policy. */
export interface AccountPolicyBinding {
  /** The destination ARN, as the policy's stack names it. */
  readonly destinationArn: string;
  /**
   * The role to put in the policy document: the sender role, for a destination that admits an organization. It may
   * be a token that resolves to nothing (no `RoleArn`) when the destination's final access policy admits none.
   */
  readonly roleArn?: string;
  /** The service behind the destination, when known. */
  readonly targetService?: TargetService;
  /**
   * The log groups of the destination's own delivery pipeline in the policy's account (a Firehose stream's processor
   * Lambdas and error logging), for a policy in the account that owns the destination: they must not be subscribed.
   * Absent from a copy of the library that predates it.
   */
  readonly pipelineLogGroups?: string[];
}

/** The binding function of a destination of this library, or undefined for any other destination. */
export function accountPolicyBinder(destination: unknown): ((policy: Construct) => AccountPolicyBinding) | undefined {
  if (destination === null || typeof destination !== 'object') {
    return undefined;
  }
  const binder = (destination as Record<symbol, unknown>)[ACCOUNT_POLICY_BINDING];
  return typeof binder === 'function' ? binder as (policy: Construct) => AccountPolicyBinding : undefined;
}
