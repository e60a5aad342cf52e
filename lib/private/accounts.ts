import { Reference, Stack, Token, Tokenization } from 'aws-cdk-lib/core';

/**
 * A list of account IDs (literals or tokens) without duplicates, where two entries are the same when they
 * deploy to the same value: `Aws.ACCOUNT_ID` is the stack's own account, and tokens compare by what they
 * resolve to, not by their token string (which depends on how many tokens the app made before).
 */
export class AccountList {
  private readonly entries: string[] = [];
  private readonly keys = new Set<string>();

  constructor(private readonly stack: Stack) {}

  /** The accounts in the order they were added. */
  public get inOrder(): string[] {
    return [...this.entries];
  }

  /** How many accounts. */
  public get size(): number {
    return this.entries.length;
  }

  /**
   * The accounts sorted by their deployed value: literal IDs in numeric order first, then tokens by the
   * JSON of their resolved form. A template then changes only when its meaning does.
   */
  public get sorted(): string[] {
    // Each account's key once (for a token, a resolve), not twice per comparison; the sort is stable either way.
    const keyed = this.entries.map(account => ({ account, key: accountKey(this.stack, account) }));
    return keyed.sort((a, b) => compareKeys(a.key, b.key)).map(entry => entry.account);
  }

  /** Adds an account; returns false when it is there already (under any spelling). */
  public add(account: string): boolean {
    const normalized = ownAccountAsStackAccount(this.stack, account);
    const key = accountKey(this.stack, normalized);
    if (this.keys.has(key)) {
      return false;
    }
    this.keys.add(key);
    this.entries.push(normalized);
    return true;
  }

  /** Whether the account is in the list (under any spelling). */
  public has(account: string): boolean {
    return this.keys.has(spellingFreeKey(this.stack, account));
  }

  /** Whether any entry is a token, so the list cannot tell at synth whether it names a given account. */
  public get hasTokens(): boolean {
    return this.entries.some(account => Token.isUnresolved(account));
  }
}

/** Whether `account` is `stack`'s own account, under any spelling (its ID, `Aws.ACCOUNT_ID`, a token resolving to either). */
export function isStackAccount(stack: Stack, account: string): boolean {
  return spellingFreeKey(stack, account) === accountKey(stack, stack.account);
}

/** The key of an account under any spelling: `Aws.ACCOUNT_ID` taken as the stack's account, then `accountKey`. */
function spellingFreeKey(stack: Stack, account: string): string {
  return accountKey(stack, ownAccountAsStackAccount(stack, account));
}

/** `Aws.ACCOUNT_ID` (or anything resolving to `{ Ref: AWS::AccountId }`) as the stack's account, literal when the stack has one. */
function ownAccountAsStackAccount(stack: Stack, account: string): string {
  if (!Token.isUnresolved(account)) {
    return account;
  }
  const resolved = stack.resolve(account);
  return resolved && typeof resolved === 'object' && resolved.Ref === 'AWS::AccountId' ? stack.account : account;
}

/**
 * What an account deploys to, as a string to compare: the ID itself; for a token, what it resolves to in `stack`
 * (the ID when that is a plain string, else its JSON), followed by the paths of the other stacks whose constructs it
 * references. A parameter `Account` of another stack resolves to the same `{ Ref: Account }` as this stack's own,
 * yet deploys to another value; `Aws.ACCOUNT_ID` and `Fn.ref()` name no construct and key as what they resolve to.
 */
function accountKey(stack: Stack, account: string): string {
  if (!Token.isUnresolved(account)) {
    return account;
  }
  const resolved = stack.resolve(account);
  const key = typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  const otherStacks = new Set(Tokenization.reverseString(account).tokens
    .filter(token => Reference.isReference(token))
    .map(reference => Stack.of((reference as Reference).target))
    .filter(owner => owner !== stack)
    .map(owner => owner.node.path));
  return otherStacks.size === 0 ? key : `${key} in ${[...otherStacks].sort().join(', ')}`;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
