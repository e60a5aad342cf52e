import { Stack, Token } from 'aws-cdk-lib/core';

/** An account and a Region, as a `Stack` or a resource's `env` carries them (either may be a token). */
export interface Environment {
  readonly account?: string;
  readonly region?: string;
}

/** Where two environments are known to differ: the part, and the two values. */
export interface EnvironmentDifference {
  readonly part: 'account' | 'region';
  /** The value of the first environment. */
  readonly first: string;
  /** The value of the second environment. */
  readonly second: string;
}

/**
 * The library's one comparison of environments: the first of `parts` in which `first` and `second` are known to
 * differ, both values literal and unequal. A token may deploy as either, so it never differs; the checks that refuse
 * a resource of another account or Region refuse only what is known at synth.
 */
export function knownDifference(first: Environment, second: Environment,
  parts: ReadonlyArray<'account' | 'region'> = ['account', 'region']): EnvironmentDifference | undefined {
  for (const part of parts) {
    const [a, b] = [first[part], second[part]];
    if (a !== undefined && b !== undefined && !Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b) {
      return { part, first: a, second: b };
    }
  }
  return undefined;
}

/** Whether two environments are known to be the same in `parts`: every value literal, and equal. */
export function knownSame(first: Environment, second: Environment, parts: ReadonlyArray<'account' | 'region'> = ['account', 'region']): boolean {
  return parts.every(part => {
    const [a, b] = [first[part], second[part]];
    return a !== undefined && b !== undefined && !Token.isUnresolved(a) && !Token.isUnresolved(b) && a === b;
  });
}

/**
 * Whether two stacks deploy to one account: the same stack, two stacks of one known account, or two
 * environment-agnostic stacks (which CDK takes to share an environment).
 */
export function sharesAccount(a: Stack, b: Stack): boolean {
  if (a === b) {
    return true;
  }
  return Token.isUnresolved(a.account) && Token.isUnresolved(b.account) || knownSame(a, b, ['account']);
}
