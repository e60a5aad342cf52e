import * as iam from 'aws-cdk-lib/aws-iam';
import { Lazy, RemovalPolicy, ResourceEnvironment, Stack } from 'aws-cdk-lib/core';
import { Construct, DependencyGroup, IConstruct } from 'constructs';
import { acknowledgeRule, iamResourceFindingId } from './acknowledge';
import { findBranded, markBranded } from './brand';
import { logsArn } from './arns';
import { invalidInput } from './errors';
import { LOGS_PRINCIPAL } from './destination-role';

const ID = 'LogDestinationsSenderRole';
/** Marks the registry, so a second copy of the library in one app finds the first one's rather than adding its own. */
const BRAND = Symbol.for('cdk-log-destinations.SenderRoles');

/**
 * Why the sender role's `log-group:<name>:*` resources are not a least-privilege gap, for cdk-nag's
 * AwsSolutions-IAM5 (wildcard permissions).
 */
const WILDCARD_REASON = 'CloudWatch Logs checks an organization sender\'s permission by assuming this role and '
  + 'calling logs:PutLogEvents on the subscribed log group; the resource is that one log group\'s ARN with the :* suffix '
  + 'AWS documents for it (PutLogEvents acts on the log group\'s streams), or log-group:* for an account-level subscription '
  + 'filter policy, which subscribes every log group of the account in this Region. Nothing beyond the subscribed log groups is granted.';

interface Subscription {
  readonly logGroupArn: string;
  readonly needsRole: () => boolean;
}

/**
 * The role CloudWatch Logs assumes in a sender account to check that the sender may subscribe to a
 * destination that admits an organization (AWS: "Step 2: (Only if using an organization) Create an IAM
 * role", CloudWatch Logs user guide). One per sender stack, whichever destinations its filters use, allowed
 * `logs:PutLogEvents` on exactly the log groups of that stack subscribed to such destinations.
 *
 * Whether a filter needs the role is decided at synth, from the destination's final access policy: an
 * organization granted after the filter was created still counts. So the role's resource is created with the
 * first filter that may need it, and renders only if some filter needs it at synth (`shouldSynthesize`, as
 * aws-cdk-lib's own `iam.Policy` does), with its permissions and every filter's `RoleArn` decided then too.
 *
 * No aspect is involved: an aspect that creates the role would restart aws-cdk-lib's aspect passes once per
 * sender stack (past 100 stacks, "PossibleInfiniteLoopDetected"), and one added while a user's aspect creates
 * filters collides with the aspects already invoked ("Cannot invoke Aspect ... with priority ...").
 */
export class SenderRoles extends Construct {
  /** The registry of `scope`'s stack, created on first use. */
  public static of(scope: IConstruct): SenderRoles {
    const stack = Stack.of(scope);
    return findBranded<SenderRoles>(stack, ID, BRAND) ?? new SenderRoles(stack);
  }

  /** The scope of the role's resource, at the path an `iam.Role` had (`LogDestinationsSenderRole/Role/Resource`). */
  private readonly role: Construct;
  private readonly resource: SenderRoleResource;
  private readonly subscriptions: Subscription[] = [];
  /** The role as the filters of each destination name it (`roleFor`), by destination. */
  private readonly references = new Map<object, iam.IRole>();

  private constructor(private readonly stack: Stack) {
    super(stack, ID);
    markBranded(this, BRAND);
    this.role = new Construct(this, 'Role');
    this.resource = new SenderRoleResource(this.role, 'Resource', () => this.granted());
    this.role.node.addValidation({ validate: () => this.acknowledgeWildcards() });
  }

  /**
   * Registers a subscription filter of this stack on the log group `logGroupArn` names: when `needsRole()` is true at synth,
   * the role renders and may put events into it. A `log-group:*` ARN is an account-level subscription filter policy, which
   * covers every log group of the account in this Region: AWS's recipe scopes the role to the log groups the subscription
   * covers ("Step 2: (Only if using an organization) Create an IAM role").
   */
  public grant(logGroupArn: string, needsRole: () => boolean): void {
    this.subscriptions.push({ logGroupArn, needsRole });
  }

  /**
   * Registers an account-level subscription filter policy of this stack, and returns the role ARN to put in its
   * document, which resolves to nothing when `needsRole()` is false at synth. (Also what another copy of the library
   * in the app calls.)
   */
  public accountRoleArn(needsRole: () => boolean): string {
    this.grant(logsArn(this.stack, 'log-group', '*'), needsRole);
    return Lazy.string({ produce: () => needsRole() ? this.resource.attrArn : undefined });
  }

  /**
   * Registers a subscription filter of this stack on `logGroupName`, and returns the role to put on it: a reference whose
   * ARN resolves to this stack's sender role when `needsRole()` is true at synth, and to nothing (so the filter has no
   * `RoleArn`) otherwise. Filters that pass the same `key` (their destination) share one reference; without a key (as an
   * older copy of the library in the app calls it), each filter gets its own.
   */
  public roleFor(filter: Construct, logGroupName: string, needsRole: () => boolean, key?: object): iam.IRole {
    this.grant(logsArn(this.stack, 'log-group', `${logGroupName}:*`), needsRole);
    const shared = key === undefined ? undefined : this.references.get(key);
    if (shared) {
      return shared;
    }
    const scope = key === undefined ? filter : this;
    const reference = new SenderRoleReference(scope, key === undefined ? 'SenderRole' : `Reference${this.references.size}`,
      Lazy.string({ produce: () => needsRole() ? this.resource.attrArn : undefined }),
      Lazy.string({ produce: () => needsRole() ? this.resource.ref : undefined }));
    if (key !== undefined) {
      this.references.set(key, reference);
    }
    return reference;
  }

  /** The log-group ARNs of the subscriptions that need the role, each once, in the order they were registered. */
  private granted(): string[] {
    const arns = new Set<string>();
    for (const subscription of this.subscriptions) {
      if (subscription.needsRole()) {
        arns.add(subscription.logGroupArn);
      }
    }
    return [...arns];
  }

  /**
   * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for each `log-group:<name>:*` resource of the role, one by
   * one, so a wildcard added to the role any other way is still reported.
   */
  private acknowledgeWildcards(): string[] {
    for (const logGroupArn of this.granted()) {
      acknowledgeRule(this.role, `AwsSolutions-IAM5[${iamResourceFindingId(this.role, logGroupArn)}]`, WILDCARD_REASON);
    }
    return [];
  }
}

/**
 * The sender role's `AWS::IAM::Role`, rendered only when a subscription needs it. Written as the `iam.Role` it replaces
 * rendered it, so templates and logical IDs stay as they were:
 * - AWS's recipe trusts `logs.amazonaws.com` with no condition: nothing documents which `aws:SourceArn` CloudWatch Logs
 *   sends when it checks the sender, so a condition could refuse its own check;
 * - the permissions are inline (`PutLogEvents`), so CloudWatch Logs finds them as soon as a filter can name the role.
 */
class SenderRoleResource extends iam.CfnRole {
  constructor(scope: Construct, id: string, private readonly granted: () => string[]) {
    super(scope, id, {
      assumeRolePolicyDocument: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new iam.ServicePrincipal(LOGS_PRINCIPAL)] })],
      }),
      policies: Lazy.any({
        produce: () => {
          const statements = granted().map(arn => new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [arn] }));
          return statements.length === 0 ? undefined : [{ policyName: 'PutLogEvents', policyDocument: new iam.PolicyDocument({ statements }) }];
        },
      }),
    });
  }

  /** Only when some subscription needs the role, from the destinations' final access policies. */
  protected shouldSynthesize(): boolean {
    return this.granted().length > 0;
  }
}

/**
 * The sender role as filters name it: an `iam.IRole` whose ARN (and name) resolve to the stack's sender role when the
 * destination needs one, and to nothing otherwise. Immutable, as `iam.Role.fromRoleArn(..., { mutable: false })` is:
 * statements added to it are dropped (grants then go to the grantee's policy), policies are not attached.
 *
 * A plain construct rather than that import, which creates two L2 resources (each with its construct metadata and
 * creation stack trace) and parses the ARN into tokens: with one per sender stack, that was the library's largest synth
 * cost in an app of many sender stacks.
 */
class SenderRoleReference extends Construct implements iam.IRole {
  public readonly assumeRoleAction = 'sts:AssumeRole';
  public readonly grantPrincipal: iam.IPrincipal = this;
  /**
   * Not given, as the import's account (a token split from a token ARN) never compared equal to a resource's literal
   * account: a grant from a resource with a policy (`bucket.grantRead(role)`) adds to that resource policy, since
   * statements added to this role are dropped.
   */
  public readonly principalAccount?: string = undefined;
  public readonly stack: Stack;
  public readonly env: ResourceEnvironment;

  constructor(scope: Construct, id: string, public readonly roleArn: string, public readonly roleName: string) {
    super(scope, id);
    this.stack = Stack.of(scope);
    this.env = { account: this.stack.account, region: this.stack.region };
  }

  public get roleRef(): iam.RoleReference {
    return { roleArn: this.roleArn, roleName: this.roleName };
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return new iam.ArnPrincipal(this.roleArn).policyFragment;
  }

  /** Drops the statement, as an immutable imported role does (and says it added it, so grants do not fall back to resources). */
  public addToPrincipalPolicy(_statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    return { statementAdded: true, policyDependable: new DependencyGroup() };
  }

  public attachInlinePolicy(_policy: iam.Policy): void {}

  public addManagedPolicy(_policy: iam.IManagedPolicy): void {}

  public grant(grantee: iam.IPrincipal, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.roleArn] });
  }

  public grantPassRole(grantee: iam.IPrincipal): iam.Grant {
    return this.grant(grantee, 'iam:PassRole');
  }

  public grantAssumeRole(grantee: iam.IPrincipal): iam.Grant {
    return this.grant(grantee, 'sts:AssumeRole');
  }

  /** Refused, as the import refused it: the reference has no resource of its own. */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    throw invalidInput(this, 'removal policy', policy,
      'the role a subscription filter names is a reference to the stack\'s sender role, not a resource',
      'Apply it to the sender role\'s CfnRole, at LogDestinationsSenderRole/Role/Resource in the stack');
  }
}
