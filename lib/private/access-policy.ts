import * as iam from 'aws-cdk-lib/aws-iam';
import { Stack, Token } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { AccountList } from './accounts';
import { ROOT_ARN } from './arns';
import { invalidInput, templateText } from './errors';
import { deployedBytes, ID_REFERENCE_LENGTH } from './token-size';
import { checkAccountId, checkOrganizationId } from './validation';

/** The PutDestinationPolicy limit on `accessPolicy`, in bytes. */
export const DESTINATION_POLICY_MAX_BYTES = 5120;

/** In a resolved principal flattened to text, the marker `\0<n>\0` standing for its n-th part, a token. */
const TOKEN_PART = /^\0(\d+)\0$/;
const ACCOUNT_ID = /^\d{12}$/;
/** The condition keys that admit an organization in a destination access policy. */
const ORG_ID_KEY = 'aws:principalorgid';
const ORG_PATHS_KEY = 'aws:principalorgpaths';

/** Who a statement written by the user admits, once its principals are in the form CloudWatch Logs takes. */
export interface AdmittedByStatement {
  /** Accounts named by an Allow statement, as bare IDs (or tokens). */
  readonly accounts: string[];
  /** Organizations an Allow statement with principal `*` admits through `aws:PrincipalOrgID` or `aws:PrincipalOrgPaths`. */
  readonly organizationIds: string[];
}

/**
 * The access policy of an `AWS::Logs::Destination`: who may put subscription filters on it.
 *
 * Granted accounts merge into one statement with bare account IDs (CloudWatch Logs rejects root
 * ARNs here), organizations into one `aws:PrincipalOrgID` statement, and statements added by hand
 * follow with their account principals rewritten to the bare form.
 */
export class DestinationAccessPolicy {
  private readonly accounts: AccountList;
  private readonly organizationIds: string[] = [];
  private readonly statements: Array<{ statement: iam.PolicyStatement; principal: any }> = [];
  /** Organizations admitted by statements written by the user. */
  private readonly statementOrganizationIds: string[] = [];

  constructor(private readonly scope: IConstruct, private readonly actions: string[]) {
    this.accounts = new AccountList(Stack.of(scope));
  }

  /** Accounts granted so far, in grant order, without duplicates. */
  public get grantedAccounts(): string[] {
    return this.accounts.inOrder;
  }

  /** Organizations granted so far, in grant order, without duplicates. */
  public get grantedOrganizationIds(): string[] {
    return [...this.organizationIds];
  }

  /**
   * Whether any statement admits an organization (granted, or written by the user). CloudWatch Logs then
   * wants a role on every sender's subscription filter.
   */
  public get admitsOrganization(): boolean {
    return this.organizationIds.length > 0 || this.statementOrganizationIds.length > 0;
  }

  /**
   * Whether subscription filters of `account` are admitted: granted (or named by an Allow statement), any
   * account of a granted organization (membership is not knowable at synth), or any account at all when a
   * granted account is a token. Undefined when `account` is a token.
   */
  public admits(account: string, statementAccounts: AccountList): boolean | undefined {
    if (Token.isUnresolved(account)) {
      return undefined;
    }
    return this.admitsOrganization || this.accounts.hasTokens || statementAccounts.hasTokens
      || this.accounts.has(account) || statementAccounts.has(account);
  }

  public get isEmpty(): boolean {
    return this.accounts.size === 0 && this.organizationIds.length === 0 && this.statements.length === 0;
  }

  /** @returns true when the account was not granted before (under any spelling: `Aws.ACCOUNT_ID` is the stack's account) */
  public addAccount(account: string): boolean {
    return this.accounts.add(account);
  }

  /** @returns true when the organization was not granted before */
  public addOrganization(organizationId: string): boolean {
    return addUnique(this.organizationIds, organizationId);
  }

  /**
   * Adds a statement written by the user, after checking that CloudWatch Logs would take its principals.
   *
   * @returns whom an Allow statement admits, which a generated role must trust and senders must be told about
   */
  public addStatement(statement: iam.PolicyStatement): AdmittedByStatement {
    const principal = normalizedPrincipal(this.scope, statement);
    const organizationIds = principal === '*' ? organizationsOf(this.scope, statement) : [];
    if (principal === '*' && organizationIds.length === 0 && statement.effect === iam.Effect.ALLOW) {
      throw invalidInput(this.scope, 'statement', statement.toStatementJson(),
        'a statement with principal \'*\' and no aws:PrincipalOrgID or aws:PrincipalOrgPaths condition admits every AWS account',
        'Admit an organization with grantSubscribeOrganization(orgId) (or iam.OrganizationPrincipal), or name the accounts');
    }
    this.statements.push({ statement, principal });
    if (statement.effect !== iam.Effect.ALLOW) {
      return { accounts: [], organizationIds: [] };
    }
    for (const organizationId of organizationIds) {
      addUnique(this.statementOrganizationIds, organizationId);
    }
    return { accounts: principal === '*' ? [] : [principal.AWS].flat(), organizationIds };
  }

  /** The policy document as a JSON-ready object (it may contain tokens), or undefined when nothing was granted. */
  public render(destinationArn: string): any {
    if (this.isEmpty) {
      return undefined;
    }
    const statements: any[] = [];
    const action = this.actions.length === 1 ? this.actions[0] : this.actions;
    if (this.accounts.size > 0) {
      const accounts = this.accounts.sorted;
      statements.push({
        Sid: 'SubscriberAccounts',
        Effect: 'Allow',
        Principal: { AWS: accounts.length === 1 ? accounts[0] : accounts },
        Action: action,
        Resource: destinationArn,
      });
    }
    if (this.organizationIds.length > 0) {
      const orgs = [...this.organizationIds].sort();
      statements.push({
        Sid: 'SubscriberOrganizations',
        Effect: 'Allow',
        Principal: '*',
        Action: action,
        Resource: destinationArn,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': orgs.length === 1 ? orgs[0] : orgs } },
      });
    }
    for (const { statement, principal } of this.statements) {
      const json = { ...statement.toStatementJson() };
      json.Principal = principal;
      json.Resource = json.Resource ?? destinationArn;
      statements.push(json);
    }
    return { Version: '2012-10-17', Statement: statements };
  }

  /**
   * The policy's size in bytes once deployed (`deployedBytes`): its references are granted accounts and organizations.
   */
  public estimatedBytes(destinationArn: string): number {
    const doc = this.render(destinationArn);
    if (doc === undefined) {
      return 0;
    }
    return deployedBytes(this.scope, doc, ID_REFERENCE_LENGTH);
  }
}

function addUnique(list: string[], value: string): boolean {
  if (list.includes(value)) {
    return false;
  }
  list.push(value);
  return true;
}

/**
 * The `Principal` element CloudWatch Logs accepts for a statement: bare account IDs, or `*`
 * (with a condition such as `aws:PrincipalOrgID`). Throws for anything else.
 */
function normalizedPrincipal(scope: IConstruct, statement: iam.PolicyStatement): any {
  if (statement.notPrincipals.length > 0) {
    throw invalidInput(scope, 'statement.notPrincipals', statement.notPrincipals.map(p => p.toString()).join(', '),
      'a destination access policy only takes Principal, naming accounts', 'Name the accounts that may subscribe in principals instead');
  }
  if (statement.principals.length === 0) {
    throw invalidInput(scope, 'statement', JSON.stringify(statement.toStatementJson()),
      'a destination access policy statement needs a principal naming who may subscribe',
      'Add one with principals: [new iam.AccountPrincipal(\'111111111111\')], or use grantSubscribe(account) / grantSubscribeOrganization(orgId)');
  }
  const ids = new AccountList(Stack.of(scope));
  let star = false;
  for (const principal of statement.principals) {
    for (const id of accountsOf(scope, principal)) {
      if (id === '*') {
        star = true;
      } else {
        ids.add(id);
      }
    }
  }
  if (star) {
    return '*';
  }
  const unique = ids.inOrder;
  return { AWS: unique.length === 1 ? unique[0] : unique };
}

/**
 * The accounts a principal names, as bare IDs (or tokens), or `*`. Wrapped principals (`withConditions`,
 * `withSessionTags`, `CompositePrincipal`) are read through their rendered JSON, resolved, so every way of
 * naming an account's root reaches the same bare ID.
 */
function accountsOf(scope: IConstruct, principal: iam.IPrincipal): string[] {
  // iam.AccountPrincipal says which account it is: check that directly, so a malformed ID gets the account error.
  const accountId = (principal as { accountId?: unknown }).accountId;
  if (typeof accountId === 'string') {
    checkAccountId(scope, 'statement principal account', accountId);
    return [accountId];
  }
  const json = Stack.of(scope).resolve(principal.policyFragment.principalJson) as Record<string, unknown[]>;
  const ids: string[] = [];
  for (const [kind, values] of Object.entries(json)) {
    for (const value of values) {
      // StarPrincipal renders as a literal "*" (kind LiteralString), AnyPrincipal as { AWS: "*" }: the same thing.
      if (value === '*' && (kind === 'AWS' || kind === 'LiteralString' || kind === '*')) {
        ids.push('*');
        continue;
      }
      if (kind !== 'AWS') {
        throw invalidInput(scope, 'statement principal', principal.toString(),
          `a destination access policy names AWS accounts, not ${kind} principals`,
          'Use iam.AccountPrincipal, grantSubscribe(account) or grantSubscribeOrganization(orgId)');
      }
      ids.push(accountOf(scope, value));
    }
  }
  return ids;
}

/** The bare account ID a resolved principal value names (a literal, a root ARN, or either as a token), or an error. */
function accountOf(scope: IConstruct, value: unknown): string {
  if (typeof value === 'string' && ACCOUNT_ID.test(value)) {
    return value;
  }
  if (isReference(value)) {
    // A bare token (a parameter, Aws.ACCOUNT_ID) given as the account.
    return Token.asString(value);
  }
  // Flatten the value to text with each intrinsic part as a numbered marker, and look for the root ARN shape.
  const parts = typeof value === 'string' ? [value]
    : isJoin(value) && value['Fn::Join'][0] === '' ? value['Fn::Join'][1] as unknown[] : undefined;
  if (parts) {
    const text = parts.map((part, i) => typeof part === 'string' ? part : `\0${i}\0`).join('');
    // The partition may be a marker too (Aws.PARTITION); the account is a literal ID, a marker, or malformed.
    const account = ROOT_ARN.exec(text)?.[1];
    if (account !== undefined && ACCOUNT_ID.test(account)) {
      return account;
    }
    const marker = account === undefined ? null : TOKEN_PART.exec(account);
    if (marker) {
      return Token.asString(parts[Number(marker[1])]);
    }
    if (account !== undefined && !account.includes('\0')) {
      checkAccountId(scope, 'statement principal account', account);
    }
  }
  const shown = typeof value === 'string' ? value : templateText(value);
  throw invalidInput(scope, 'statement principal', shown,
    'CloudWatch Logs destination policies name accounts by their bare 12-digit ID, not by ARN (it answers '
    + '"Principal section of policy contains ARN instead of account ID")',
    'Grant the account that owns the identity with grantSubscribe(account) or iam.AccountPrincipal; '
    + 'limit who inside that account may subscribe with IAM policies there');
}

function isReference(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 1 && 'Ref' in value;
}

function isJoin(value: unknown): value is { 'Fn::Join': [string, unknown[]] } {
  return typeof value === 'object' && value !== null && 'Fn::Join' in value;
}

/**
 * The organizations a statement with principal `*` admits: the values of an `aws:PrincipalOrgID` condition
 * (under any operator), else the organizations at the head of `aws:PrincipalOrgPaths` values.
 */
function organizationsOf(scope: IConstruct, statement: iam.PolicyStatement): string[] {
  const conditions: Record<string, Record<string, unknown>> = statement.toStatementJson().Condition ?? {};
  const ids: string[] = [];
  const paths: string[] = [];
  for (const block of Object.values(conditions)) {
    for (const [key, values] of Object.entries(block)) {
      const list = [values].flat().filter((v): v is string => typeof v === 'string');
      if (key.toLowerCase() === ORG_ID_KEY) {
        ids.push(...list);
      } else if (key.toLowerCase() === ORG_PATHS_KEY) {
        paths.push(...list);
      }
    }
  }
  if (ids.length === 0 && paths.some(path => Token.isUnresolved(path))) {
    throw invalidInput(scope, 'statement condition aws:PrincipalOrgPaths', paths.find(path => Token.isUnresolved(path)),
      'the organization of a path given as a token cannot be known at synth, and the destination role must trust it by aws:SourceOrgID',
      'Write the path literally (o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*), or admit the organization with grantSubscribeOrganization(orgId)');
  }
  const fromPaths = paths.map(path => path.split('/')[0]);
  const organizationIds = [...new Set(ids.length > 0 ? ids : fromPaths)];
  for (const organizationId of organizationIds) {
    if (!organizationId.includes('*') && !organizationId.includes('?')) {
      checkOrganizationId(scope, 'statement condition aws:PrincipalOrgID', organizationId);
    }
  }
  return organizationIds;
}
