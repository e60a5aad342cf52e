import * as iam from 'aws-cdk-lib/aws-iam';
import { AspectPriority, Aspects, IAspect, Lazy, Stack } from 'aws-cdk-lib/core';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeRule, iamResourceFindingId } from './acknowledge';
import { findBranded, markBranded } from './brand';
import { logsArn } from './arns';
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
 * organization granted after the filter was created still counts. The role itself is created then (by an
 * aspect of the stack), only when some filter needs it.
 */
export class SenderRoles extends Construct implements IAspect {
  /** The registry of `scope`'s stack, created on first use. */
  public static of(scope: IConstruct): SenderRoles {
    const stack = Stack.of(scope);
    return findBranded<SenderRoles>(stack, ID, BRAND) ?? new SenderRoles(stack);
  }

  private role?: iam.Role;
  private readonly permissions = new iam.PolicyDocument();
  private readonly subscriptions: Subscription[] = [];
  private readonly granted = new Set<string>();

  private constructor(private readonly stack: Stack) {
    super(stack, ID);
    markBranded(this, BRAND);
    Aspects.of(stack).add(this, { priority: AspectPriority.MUTATING });
  }

  /**
   * Registers a subscription filter of this stack on `logGroupName`, and returns the role to put on it: a
   * reference whose ARN resolves to the sender role when `needsRole()` is true at synth, and to nothing
   * (so the filter has no `RoleArn`) otherwise.
   */
  public roleFor(filter: Construct, logGroupName: string, needsRole: () => boolean): iam.IRole {
    const roleArn = this.register(logsArn(this.stack, 'log-group', `${logGroupName}:*`), needsRole);
    return iam.Role.fromRoleArn(filter, 'SenderRole', roleArn, { mutable: false });
  }

  /**
   * Registers an account-level subscription filter policy of this stack, and returns the role ARN to put in its
   * document, which resolves to nothing when `needsRole()` is false at synth. The policy covers every log group of
   * the account in this Region, so the role may put events into all of them (`log-group:*`): AWS's recipe scopes the
   * role to the log groups the subscription covers ("Step 2: (Only if using an organization) Create an IAM role").
   */
  public accountRoleArn(needsRole: () => boolean): string {
    return this.register(logsArn(this.stack, 'log-group', '*'), needsRole);
  }

  private register(logGroupArn: string, needsRole: () => boolean): string {
    this.subscriptions.push({ logGroupArn, needsRole });
    return Lazy.string({ produce: () => needsRole() ? this.role?.roleArn : undefined });
  }

  /** Aspect: on the stack, creates the role when a filter needs it and lets it put events into those filters' log groups. */
  public visit(node: IConstruct): void {
    if (node !== this.stack) {
      return;
    }
    const needed = this.subscriptions.filter(subscription => subscription.needsRole());
    if (needed.length === 0) {
      return;
    }
    if (!this.role) {
      // AWS's recipe trusts logs.amazonaws.com with no condition: nothing documents which aws:SourceArn CloudWatch Logs
      // sends when it checks the sender, so a condition could refuse its own check.
      // The permissions are inline, so CloudWatch Logs finds them as soon as a filter can name the role.
      this.role = new iam.Role(this, 'Role', {
        assumedBy: new iam.ServicePrincipal(LOGS_PRINCIPAL),
        inlinePolicies: { PutLogEvents: this.permissions },
      });
      this.role.node.addValidation({ validate: () => this.acknowledgeWildcards() });
    }
    for (const { logGroupArn } of needed) {
      if (!this.granted.has(logGroupArn)) {
        this.granted.add(logGroupArn);
        this.permissions.addStatements(new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [logGroupArn] }));
      }
    }
  }

  /**
   * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for each `log-group:<name>:*` resource of the role, one by
   * one, so a wildcard added to the role any other way is still reported.
   */
  private acknowledgeWildcards(): string[] {
    for (const logGroupArn of this.granted) {
      acknowledgeRule(this.role!, `AwsSolutions-IAM5[${iamResourceFindingId(this.role!, logGroupArn)}]`, WILDCARD_REASON);
    }
    return [];
  }
}
