import * as iam from 'aws-cdk-lib/aws-iam';
import { Token } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { invalidInput, LogDestinationsError, quote } from './errors';
import { estimatedPolicyText } from './policy-size';
import { validateAccountId } from './validation';

/** The PutDestinationPolicy limit on `accessPolicy`, in bytes. */
export const DESTINATION_POLICY_MAX_BYTES = 5120;

const ROOT_ARN = /^arn:.+:iam::([^:]+):root$/;

/**
 * The access policy of an `AWS::Logs::Destination`: who may put subscription filters on it.
 *
 * Granted accounts merge into one statement with bare account IDs (CloudWatch Logs rejects root
 * ARNs here), organizations into one `aws:PrincipalOrgID` statement, and statements added by hand
 * follow with their account principals rewritten to the bare form.
 */
export class DestinationAccessPolicy {
  private readonly accounts: string[] = [];
  private readonly organizationIds: string[] = [];
  private readonly statements: iam.PolicyStatement[] = [];

  constructor(private readonly scope: IConstruct, private readonly actions: string[]) {}

  /** Accounts granted so far, in grant order, without duplicates. */
  public get grantedAccounts(): string[] {
    return [...this.accounts];
  }

  /** Organizations granted so far, in grant order, without duplicates. */
  public get grantedOrganizationIds(): string[] {
    return [...this.organizationIds];
  }

  public get isEmpty(): boolean {
    return this.accounts.length === 0 && this.organizationIds.length === 0 && this.statements.length === 0;
  }

  /** @returns true when the account was not granted before */
  public addAccount(account: string): boolean {
    return addUnique(this.accounts, account);
  }

  /** @returns true when the organization was not granted before */
  public addOrganization(organizationId: string): boolean {
    return addUnique(this.organizationIds, organizationId);
  }

  /**
   * Adds a statement written by the user, after checking that CloudWatch Logs would take its principals.
   *
   * @returns the accounts an Allow statement names (not `*`), which a generated role must trust too
   */
  public addStatement(statement: iam.PolicyStatement): string[] {
    const principal = normalizedPrincipal(this.scope, statement);
    this.statements.push(statement);
    if (statement.effect !== iam.Effect.ALLOW || principal === '*') {
      return [];
    }
    return [principal.AWS].flat();
  }

  /** The policy document as a JSON-ready object (it may contain tokens), or undefined when nothing was granted. */
  public render(destinationArn: string): any {
    if (this.isEmpty) {
      return undefined;
    }
    const statements: any[] = [];
    const action = this.actions.length === 1 ? this.actions[0] : this.actions;
    if (this.accounts.length > 0) {
      const accounts = [...this.accounts].sort();
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
    for (const statement of this.statements) {
      const json = { ...statement.toStatementJson() };
      json.Principal = normalizedPrincipal(this.scope, statement);
      json.Resource = json.Resource ?? destinationArn;
      statements.push(json);
    }
    return { Version: '2012-10-17', Statement: statements };
  }

  /**
   * The policy's size in bytes once deployed, estimating every unresolved token (partition,
   * region, account, parameters) at the length of the longest region name.
   */
  public estimatedBytes(destinationArn: string): number {
    const doc = this.render(destinationArn);
    if (doc === undefined) {
      return 0;
    }
    return Buffer.byteLength(estimatedPolicyText(doc), 'utf8');
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
    throw new LogDestinationsError(scope, `invalid statement ${quote(statement.toStatementJson())}: `
      + 'a destination access policy statement needs a principal naming who may subscribe. '
      + 'Add one with principals: [new iam.AccountPrincipal(\'111111111111\')], or use grantSubscribe(account) / grantSubscribeOrganization(orgId)');
  }
  const ids: string[] = [];
  for (const principal of statement.principals) {
    ids.push(...accountsOf(scope, principal));
  }
  const unique = [...new Set(ids)];
  if (unique.includes('*')) {
    return '*';
  }
  return { AWS: unique.length === 1 ? unique[0] : unique };
}

function accountsOf(scope: IConstruct, principal: iam.IPrincipal): string[] {
  // AccountPrincipal renders `arn:<partition>:iam::<account>:root`, which CloudWatch Logs rejects.
  const accountId = (principal as { accountId?: unknown }).accountId;
  if (accountId !== undefined && principal instanceof iam.PrincipalBase && typeof accountId === 'string') {
    validateAccountId(scope, 'statement principal account', accountId);
    return [accountId];
  }
  const json = principal.policyFragment.principalJson;
  const others = Object.keys(json).filter(k => k !== 'AWS');
  if (others.length > 0) {
    throw invalidInput(scope, 'statement principal', json,
      `a destination access policy names AWS accounts, not ${others.join(', ')} principals`,
      'Use iam.AccountPrincipal, grantSubscribe(account) or grantSubscribeOrganization(orgId)');
  }
  return (json.AWS ?? []).map((value: string) => {
    if (value === '*' || Token.isUnresolved(value) && !ROOT_ARN.test(value) || /^\d{12}$/.test(value)) {
      return value;
    }
    const root = ROOT_ARN.exec(value);
    if (root && (Token.isUnresolved(root[1]) || /^\d{12}$/.test(root[1]))) {
      return root[1];
    }
    throw invalidInput(scope, 'statement principal', value,
      'CloudWatch Logs destination policies name accounts by their bare 12-digit ID, not by ARN (it answers '
      + '"Principal section of policy contains ARN instead of account ID")',
      'Grant the account that owns the identity with grantSubscribe(account) or iam.AccountPrincipal; '
      + 'limit who inside that account may subscribe with IAM policies there');
  });
}
