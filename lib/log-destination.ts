import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IResource, Lazy, Names, Resource, ResourceProps, Stack, Stage, Token } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { LogDestinationTarget } from './log-destination-target';
import { isBranded, markBranded } from './private/brand';
import { DESTINATION_POLICY_MAX_BYTES, DestinationAccessPolicy } from './private/access-policy';
import { invalidFinding, invalidInput, readable } from './private/errors';
import { checkAccountId, checkDestinationName, checkOrganizationId } from './private/validation';
import { grantSubscribers } from './private/subscribers';
import { importableArn, logsArn, resourceNameFromArn } from './private/arns';
import { DestinationRole, MAX_TRUSTED_SOURCE_ACCOUNTS } from './private/destination-role';
import { declareUpstream, orderAfter } from './private/ordering';
import { SenderRoles } from './private/sender-role';
import { isStackSetTemplate } from './private/stacks';
import { AccountList } from './private/accounts';
import { ACCOUNT_POLICY_BINDING, AccountPolicyBinding, TargetService } from './private/account-policy-binding';
import { describeArn, firehoseLogGroups } from './private/targets';
import { knownDifference, knownSame, sharesAccount } from './private/environments';
import { checkArgs } from './private/guard';
import { callHook } from './private/hooks';
import { warn } from './private/warnings';

/** Marks owned destinations for `LogDestination.isLogDestination`. */
const LOG_DESTINATION_BRAND = Symbol.for('cdk-log-destinations.LogDestination');
/** The set, on a sender stack, of the destinations it was warned about for being Region-agnostic (one warning each). */
const REGION_FIXED_WARNED = Symbol.for('cdk-log-destinations.RegionFixedWarned');
const SUBSCRIBE_ACTION = 'logs:PutSubscriptionFilter';
const ACCOUNT_POLICY_ACTION = 'logs:PutAccountPolicy';
/** A destination ARN; the name is counted in code points, as CloudFormation counts it. */
const DESTINATION_ARN = /^arn:[^:]+:logs:[a-z0-9-]+:\d{12}:destination:([^:*]{1,512})$/u;
/**
 * A CloudWatch Logs subscription destination (`AWS::Logs::Destination`), owned or imported.
 *
 * Pass it to `new logs.SubscriptionFilter(...)` or `logGroup.addSubscriptionFilter(...)` as the
 * `destination`, or to any L1 that takes a `logs.IDestinationRef`.
 */
export interface ILogDestination extends IResource, logs.ILogSubscriptionDestination, logs.IDestinationRef {
  /**
   * The ARN of the destination, `arn:<partition>:logs:<region>:<account>:destination:<name>`.
   *
   * @attribute
   */
  readonly destinationArn: string;

  /**
   * The name of the destination.
   *
   * @attribute
   */
  readonly destinationName: string;
}

/**
 * How the role a `LogDestination` generates trusts CloudWatch Logs for the senders of the organizations it grants
 * (listed accounts are always trusted by `aws:SourceArn`, one pattern per account).
 */
export enum OrganizationTrust {
  /**
   * `aws:SourceOrgID` equal to a granted organization ("Confused deputy prevention", subscriptions, names the key).
   * Only accounts of the granted organizations pass the trust; whether CloudWatch Logs sends the key when it assumes a
   * destination role is not documented.
   */
  SOURCE_ORG_ID = 'SOURCE_ORG_ID',

  /**
   * `aws:SourceArn` `arn:<partition>:logs:<region>:*:*`: CloudWatch Logs acting for any account in the destination's
   * Region, the wildcard form "Confused deputy prevention" gives for the recipe of "Step 1: Create a destination". The
   * access policy's `aws:PrincipalOrgID` is then the only gate: the role itself would let CloudWatch Logs deliver for
   * any account that the access policy admitted.
   */
  ANY_ACCOUNT_IN_REGION = 'ANY_ACCOUNT_IN_REGION',
}

/** Properties of a `LogDestination`. */
export interface LogDestinationProps {
  /** The Kinesis data stream or Firehose delivery stream that receives the subscribed log events. */
  readonly target: LogDestinationTarget;

  /**
   * The name of the destination: 1 to 512 characters, no `:` or `*`. Senders name it in their subscription filters,
   * and changing it replaces the destination.
   *
   * @default - a name generated from the construct path, stable across synths and unique in the app
   */
  readonly destinationName?: string;

  /**
   * AWS accounts (12-digit IDs) whose log groups may subscribe, as with `grantSubscribe`.
   *
   * @default - no account is granted
   */
  readonly subscriberAccounts?: string[];

  /**
   * AWS Organizations IDs whose member accounts may subscribe, as with `grantSubscribeOrganization`. Senders then
   * import the destination with `organizationAccess: true`, which puts a role on their subscription filters.
   *
   * @default - no organization is granted
   */
  readonly subscriberOrganizationIds?: string[];

  /**
   * The role CloudWatch Logs assumes to put records into the target.
   *
   * The `role` of another `LogDestination` of this stack shares that destination's generated role, whose trust and
   * permissions then cover both. Any other role gets the target permissions added (when it is mutable), but its trust
   * policy is yours: it must let `logs.amazonaws.com` assume it for this account and every sender account.
   *
   * @default - a role trusted by `logs.amazonaws.com` for this account and every granted account or organization,
   * allowed only to put records into the target
   */
  readonly role?: iam.IRole;

  /**
   * Whether granted accounts and organizations may also use the destination in account-level subscription filter
   * policies (`AccountSubscriptionFilter`): the access policy then allows `logs:PutAccountPolicy` as well as
   * `logs:PutSubscriptionFilter`.
   *
   * @default false
   */
  readonly accountLevelSubscriptions?: boolean;

  /**
   * How the generated role trusts CloudWatch Logs for the senders of granted organizations. Switch to
   * `OrganizationTrust.ANY_ACCOUNT_IN_REGION` if organization senders are refused when their filters are created.
   *
   * Only for a role the destination generates or shares (`role: other.role`), where every sharing destination must
   * ask for the same trust.
   *
   * @default OrganizationTrust.SOURCE_ORG_ID
   */
  readonly organizationTrust?: OrganizationTrust;
}

/**
 * Attributes of a destination that exists already, for `LogDestination.fromDestinationAttributes`.
 */
export interface LogDestinationAttributes {
  /** The ARN of the destination, `arn:<partition>:logs:<region>:<account>:destination:<name>`. */
  readonly destinationArn: string;

  /**
   * Whether the destination admits this account through its organization (`aws:PrincipalOrgID`): every subscription
   * filter then carries a role of this account, trusted by `logs.amazonaws.com` and allowed `logs:PutLogEvents` on
   * the subscribed log group, which is created. Leave it false for a destination that lists this account: such a
   * destination refuses a role on the filter.
   *
   * @default false
   */
  readonly organizationAccess?: boolean;

  /**
   * A role of your own to put on the subscription filters, for a destination shared through an organization.
   * Implies `organizationAccess`.
   *
   * @default - a role is created when `organizationAccess` is true, none otherwise
   */
  readonly senderRole?: iam.IRole;
}

/**
 * What owned and imported destinations share: subscription from a log group.
 */
abstract class LogDestinationBase extends Resource implements ILogDestination {
  public abstract readonly destinationArn: string;
  public abstract readonly destinationName: string;

  constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, props);
    // The hook AccountSubscriptionFilter looks for: a Symbol.for key, so another copy of the library in the app finds it too.
    Object.defineProperty(this, ACCOUNT_POLICY_BINDING, { value: (policy: Construct) => this.bindAccountPolicy(policy) });
  }

  public get destinationRef(): logs.DestinationReference {
    return { destinationArn: this.destinationArn, destinationName: this.destinationName };
  }

  /**
   * Called by `logs.SubscriptionFilter`: checks the log group is in the destination's region and
   * returns the role to put on the filter when the destination admits an organization.
   */
  public bind(scope: Construct, sourceLogGroup: logs.ILogGroupRef): logs.LogSubscriptionDestinationConfig {
    this.checkSameRegion(scope, sourceLogGroup.env.region, 'the log group', 'the subscription filter');
    const arn = this._arnFor(scope);
    const role = this.senderRoleFor(scope, sourceLogGroup.logGroupRef.logGroupName);
    this._onSubscribe(scope);
    return { arn, role };
  }

  /**
   * Whether a filter must carry a role. Read at synth, after every grant: CloudWatch Logs wants a role on
   * every sender's filter once the destination admits an organization, whether or not the sender is listed.
   *
   * @internal
   */
  protected abstract _needsSenderRole(): boolean;

  /**
   * Whether a filter may need a role: known at bind time for imports, only at synth for owned destinations.
   *
   * @internal
   */
  protected abstract _mayNeedSenderRole(): boolean;

  /**
   * A role the user brought for the sender side, if any.
   *
   * @internal
   */
  protected abstract get _providedSenderRole(): iam.IRole | undefined;

  /**
   * The destination ARN as a filter in `scope` names it.
   *
   * @internal
   */
  protected _arnFor(_scope: Construct): string {
    return this.destinationArn;
  }

  /**
   * Hook for owned destinations: order the filter after the destination, check that the sender is admitted.
   *
   * @internal
   */
  protected _onSubscribe(_subscription: Construct): void {}

  /**
   * Hook for owned destinations: as `_onSubscribe`, for an account-level subscription filter policy.
   *
   * @internal
   */
  protected _onAccountPolicy(_policy: Construct): void {}

  /**
   * The service behind the destination, when known (owned destinations with a stream or delivery stream target).
   *
   * @internal
   */
  protected get _targetService(): TargetService | undefined {
    return undefined;
  }

  /**
   * The log groups of the destination's own delivery pipeline that an account-level policy in `policy`'s account
   * would subscribe (the recursion AWS's "Log recursion prevention" warns of): none unless the policy is in the
   * account that owns the destination.
   *
   * @internal
   */
  protected _pipelineLogGroupsFor(_policy: Construct): string[] {
    return [];
  }

  /**
   * What an account-level subscription filter policy (`AccountSubscriptionFilter`) in `policy`'s stack needs: the
   * destination ARN as that stack names it and, when the destination admits an organization, the sender role
   * (allowed `logs:PutLogEvents` on every log group of the account, since the policy covers them all).
   */
  private bindAccountPolicy(policy: Construct): AccountPolicyBinding {
    this.checkSameRegion(policy, Stack.of(policy).region, 'the account-level subscription filter policy', 'the policy');
    const destinationArn = this._arnFor(policy);
    const provided = this._providedSenderRole;
    const roleArn = provided ? provided.roleArn
      : this._mayNeedSenderRole() ? SenderRoles.of(policy).accountRoleArn(() => this._needsSenderRole())
        : undefined;
    this._onAccountPolicy(policy);
    return { destinationArn, roleArn, targetService: this._targetService, pipelineLogGroups: this._pipelineLogGroupsFor(policy) };
  }

  /**
   * CloudWatch Logs delivers only to a destination in the Region of the subscribed log groups: a known other Region
   * fails; a Region-agnostic sender (a StackSet template) of a destination of one known Region gets a warning, once per
   * stack and destination, since it works only where the stack is deployed to that Region.
   */
  private checkSameRegion(scope: Construct, sourceRegion: string, what: string, subscription: string): void {
    const region = this.env.region;
    if (Token.isUnresolved(sourceRegion) && !Token.isUnresolved(region)) {
      const stack = Stack.of(scope) as unknown as Record<symbol, Set<string> | undefined>;
      const warned = stack[REGION_FIXED_WARNED] ?? new Set<string>();
      Object.defineProperty(stack, REGION_FIXED_WARNED, { value: warned, configurable: true });
      if (!warned.has(this.destinationArn)) {
        warned.add(this.destinationArn);
        warn(scope, 'cdk-log-destinations:destination-region-fixed',
          `The destination is in ${region} and this stack is Region-agnostic: ${subscription} works only where the stack is `
          + `deployed to ${region}, since CloudWatch Logs delivers only to a destination in the log groups' Region. To deploy `
          + 'to several Regions (a StackSet), create a destination of one name in each and import it with an ARN built with Aws.REGION.');
      }
    }
    if (knownDifference({ region: sourceRegion }, this.env, ['region'])) {
      throw invalidInput(scope, 'destination', this.destinationArn,
        `${what} is in ${sourceRegion} but the destination is in ${region}, and CloudWatch Logs only `
        + 'delivers to a destination in the same region as the subscribed log group',
        `Create a LogDestination in ${sourceRegion} (its stream may stay in ${region}) and subscribe to that one`);
    }
  }

  private senderRoleFor(scope: Construct, logGroupName: string): iam.IRole | undefined {
    const provided = this._providedSenderRole;
    if (provided || !this._mayNeedSenderRole()) {
      return provided;
    }
    // One role per sender stack, rendered if the destination's final access policy calls for it; the filters of this
    // destination in that stack share one reference to it.
    return SenderRoles.of(scope).roleFor(scope, logGroupName, () => this._needsSenderRole(), this);
  }

}

/**
 * A CloudWatch Logs destination that other accounts subscribe their log groups to, in front of a
 * Kinesis data stream or Firehose delivery stream in this (the recipient) account.
 *
 * It creates the role CloudWatch Logs assumes (least privilege on the target, trusted only for
 * this account and the accounts and organizations you grant), writes the access policy from your
 * grants, and orders the resources so the destination's test message finds the permissions in
 * place.
 *
 * @resource AWS::Logs::Destination
 *
 * @example
 * import * as kinesis from 'aws-cdk-lib/aws-kinesis';
 * import { App, Stack } from 'aws-cdk-lib';
 * import { LogDestination, LogDestinationTarget } from 'cdk-log-destinations';
 *
 * const app = new App();
 * const central = new Stack(app, 'CentralLogging', { env: { account: '999999999999', region: 'us-east-1' } });
 * const destination = new LogDestination(central, 'Destination', {
 *   destinationName: 'central-logs',
 *   target: LogDestinationTarget.kinesisStream(new kinesis.Stream(central, 'Stream')),
 *   subscriberAccounts: ['111111111111'],
 * });
 * // Every account of the organization may subscribe too.
 * destination.grantSubscribeOrganization('o-a1b2c3d4e5');
 */
export class LogDestination extends LogDestinationBase {
  /**
   * How many granted accounts the generated role's trust policy lists by `aws:SourceArn`. From this
   * many on, it trusts CloudWatch Logs for every account of the region instead, with a warning.
   */
  public static readonly MAX_TRUSTED_SOURCE_ACCOUNTS = MAX_TRUSTED_SOURCE_ACCOUNTS;

  /**
   * Whether `x` is a `LogDestination` defined in this app (not an import), from this copy of the library
   * or another: a `Symbol.for` brand, where `instanceof` would fail across copies.
   */
  public static isLogDestination(x: any): x is LogDestination {
    return isBranded(x, LOG_DESTINATION_BRAND);
  }

  /**
   * Imports a destination by ARN, typically in a sender account, to subscribe log groups to it.
   * The destination's region and account come from the ARN.
   */
  public static fromDestinationArn(scope: Construct, id: string, destinationArn: string): ILogDestination {
    checkArgs('LogDestination.fromDestinationArn', [scope, id, destinationArn]);
    return LogDestination.fromDestinationAttributes(scope, id, { destinationArn });
  }

  /** Imports a destination of this stack's account and region by name. */
  public static fromDestinationName(scope: Construct, id: string, destinationName: string): ILogDestination {
    checkArgs('LogDestination.fromDestinationName', [scope, id, destinationName]);
    checkDestinationName(scope, destinationName);
    const destinationArn = logsArn(scope, 'destination', destinationName);
    return LogDestination.fromDestinationAttributes(scope, id, { destinationArn });
  }

  /**
   * Imports a destination from its attributes, including whether this account reaches it through
   * its organization (and so must put a role on its subscription filters).
   */
  public static fromDestinationAttributes(scope: Construct, id: string, attrs: LogDestinationAttributes): ILogDestination {
    checkArgs('LogDestination.fromDestinationAttributes', [scope, id, attrs]);
    return new ImportedLogDestination(scope, id, attrs);
  }

  /**
   * The ARN of the destination.
   *
   * Built from the name rather than read from the resource, so the destination's own access
   * policy can name it without a reference cycle.
   *
   * @attribute
   */
  public readonly destinationArn: string;

  /** @attribute */
  public readonly destinationName: string;

  /** The role CloudWatch Logs assumes to put records into the target. */
  public readonly role: iam.IRole;

  /** The underlying CloudFormation resource, for overrides. */
  private readonly resource: logs.CfnDestination;
  private readonly accessPolicy: DestinationAccessPolicy;
  /** Accounts named by Allow statements of `addToResourcePolicy`: admitted, though not in the merged account statement. */
  private readonly statementAccounts: AccountList;
  /** The library-managed role this destination uses (its own or one it shares), whose trust follows the grants. */
  private readonly managedRole?: DestinationRole;
  /** Whether the access policy also allows `logs:PutAccountPolicy`. */
  private readonly accountLevelSubscriptions: boolean;
  private readonly ownTargetService?: TargetService;
  private readonly targetArn: string;

  constructor(scope: Construct, id: string, props: LogDestinationProps) {
    checkArgs('LogDestination', [scope, id, props]);
    super(scope, id, { physicalName: props.destinationName });
    markBranded(this, LOG_DESTINATION_BRAND);

    if (props.destinationName !== undefined) {
      checkDestinationName(this, props.destinationName);
    }
    this.destinationName = props.destinationName ?? Names.uniqueResourceName(this, { maxLength: 512 });
    this.destinationArn = logsArn(this, 'destination', this.destinationName);
    this.accountLevelSubscriptions = props.accountLevelSubscriptions ?? false;
    const actions = this.accountLevelSubscriptions ? [SUBSCRIBE_ACTION, ACCOUNT_POLICY_ACTION] : [SUBSCRIBE_ACTION];
    this.accessPolicy = new DestinationAccessPolicy(this, actions);
    this.statementAccounts = new AccountList(this.stack);

    const target = callHook<ReturnType<LogDestinationTarget['_bind']>>(this, 'target', props.target, 'LogDestinationTarget',
      'LogDestinationTarget.kinesisStream(), firehose() or fromArn()', '_bind', this);
    this.targetArn = target.targetArn;
    this.ownTargetService = LogDestinationTarget._serviceOf(props.target);
    this.managedRole = props.role ? DestinationRole.of(props.role) : undefined;
    if (!props.role || this.managedRole) {
      if (target.statements.length === 0) {
        const why = Token.isUnresolved(target.targetArn)
          ? 'the actions to allow on a target whose ARN is only known at deploy time cannot be inferred'
          : 'no actions were given for this target (and none can be inferred from its ARN)';
        throw invalidInput(this, 'target', target.targetArn, `${why}, so the generated role would grant nothing`,
          'Pass actions to LogDestinationTarget.fromArn (for example [\'kinesis:PutRecord\']), or bring a role that has them');
      }
      this.managedRole ??= new DestinationRole(this, 'Role');
      this.managedRole.join(this, target.statements, props.organizationTrust === OrganizationTrust.ANY_ACCOUNT_IN_REGION);
    } else if (props.organizationTrust !== undefined) {
      throw invalidInput(this, 'organizationTrust', props.organizationTrust,
        'organizationTrust shapes the trust of the role the destination generates, and the trust of a role you bring is yours',
        'Leave organizationTrust out and give your role the trust you want, or leave role out');
    }
    this.role = this.managedRole?.role ?? props.role!;

    this.resource = new logs.CfnDestination(this, 'Resource', {
      destinationName: this.destinationName,
      targetArn: target.targetArn,
      roleArn: this.role.roleArn,
      destinationPolicy: Lazy.string({
        produce: () => {
          const doc = this.accessPolicy.render(this.destinationArn);
          return doc === undefined ? undefined : this.stack.toJsonString(doc);
        },
      }),
    });

    if (!this.managedRole) {
      this.addTargetPermissions(this.role, target.statements);
      if (Resource.isOwnedResource(this.role)) {
        declareUpstream(this, [this.role]);
      }
    }

    grantSubscribers(this, props.subscriberAccounts, props.subscriberOrganizationIds);

    this.node.addValidation({ validate: () => this.validatePolicySize() });
  }

  /**
   * Lets an AWS account subscribe its log groups to this destination.
   *
   * The account joins the access policy's single account statement (as a bare account ID) and,
   * for a generated role, the role's `aws:SourceArn` trust condition.
   *
   * @param account the 12-digit account ID; a token (such as a `CfnParameter`) is accepted
   * @returns `statementAdded` true when this call changed the access policy, false when the account was
   * granted already (under any spelling: `Aws.ACCOUNT_ID` is this stack's account)
   */
  public grantSubscribe(account: string): iam.AddToResourcePolicyResult {
    checkArgs('LogDestination.grantSubscribe', [account], this);
    checkAccountId(this, 'account', account);
    const added = this.accessPolicy.addAccount(account);
    if (added) {
      this.managedRole?.accountGranted(this, account);
    }
    return { statementAdded: added, policyDependable: this.resource };
  }

  /**
   * Lets every account of an AWS Organizations organization subscribe its log groups to this
   * destination (`aws:PrincipalOrgID` in the access policy; in the generated role's trust,
   * `aws:SourceOrgID` or, with `organizationTrust`, every account of the Region).
   *
   * Senders must put a role on their subscription filters: they import the destination with
   * `LogDestination.fromDestinationAttributes(..., { organizationAccess: true })`.
   *
   * @param organizationId the organization ID, `o-` followed by 10 to 32 lowercase letters or digits
   * @returns `statementAdded` true when this call changed the access policy, false when the organization was granted already
   */
  public grantSubscribeOrganization(organizationId: string): iam.AddToResourcePolicyResult {
    checkArgs('LogDestination.grantSubscribeOrganization', [organizationId], this);
    checkOrganizationId(this, 'organizationId', organizationId);
    const added = this.accessPolicy.addOrganization(organizationId);
    if (added) {
      this.managedRole?.organizationGranted(organizationId);
    }
    return { statementAdded: added, policyDependable: this.resource };
  }

  /**
   * Adds a statement to the access policy, for cases the grant methods do not cover.
   *
   * Account principals (`iam.AccountPrincipal`, root ARNs) are rewritten to the bare account IDs
   * CloudWatch Logs requires; a statement without `resources` applies to this destination. A
   * statement without a principal, or with a principal that is not an account, is rejected.
   * Wrapped principals (`withConditions`, `withSessionTags`, `CompositePrincipal`) are unwrapped to the
   * accounts they name. The accounts an Allow statement names join a generated role's trust, as with
   * `grantSubscribe` (but not the access policy's merged account statement); an organization admitted
   * with principal `*` and `aws:PrincipalOrgID` (`iam.OrganizationPrincipal`) or `aws:PrincipalOrgPaths`
   * joins the trust by `aws:SourceOrgID` and makes senders put a role on their filters, as with
   * `grantSubscribeOrganization`. Principal `*` without such a condition is rejected.
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    checkArgs('LogDestination.addToResourcePolicy', [statement], this);
    const admitted = this.accessPolicy.addStatement(statement);
    for (const account of admitted.accounts) {
      this.statementAccounts.add(account);
      this.managedRole?.accountGranted(this, account);
    }
    for (const organizationId of admitted.organizationIds) {
      this.managedRole?.organizationGranted(organizationId);
    }
    return { statementAdded: true, policyDependable: this.resource };
  }

  /**
   * Grants `iam:PassRole` on the destination's role, which whoever creates or updates the
   * destination (`logs:PutDestination`) needs.
   */
  public grantPassRole(grantee: iam.IGrantable): iam.Grant {
    checkArgs('LogDestination.grantPassRole', [grantee], this);
    return this.role.grantPassRole(grantee.grantPrincipal);
  }

  /** @internal */
  protected get _providedSenderRole(): iam.IRole | undefined {
    return undefined;
  }

  /** @internal */
  protected _mayNeedSenderRole(): boolean {
    return true;
  }

  /** @internal */
  protected _needsSenderRole(): boolean {
    return this.accessPolicy.admitsOrganization;
  }

  /** @internal */
  protected _arnFor(scope: Construct): string {
    const senderStack = Stack.of(scope);
    if (senderStack === this.stack || !Token.isUnresolved(this.stack.account) && !Token.isUnresolved(this.stack.region)) {
      return this.destinationArn;
    }
    // The built ARN holds AWS::AccountId and AWS::Region, which would resolve in the sender's stack to the sender's own.
    if (isStackSetTemplate(senderStack)) {
      throw invalidInput(scope, 'destination', this.node.path,
        'the destination is in an environment-agnostic stack and the subscription in a StackSet template, which is deployed to '
        + 'other accounts and cannot import that stack\'s outputs',
        'Give the destination\'s stack an env (account and region), or import it in the StackSet stack with '
        + 'LogDestination.fromDestinationArn(this, \'Central\', `arn:${Aws.PARTITION}:logs:${Aws.REGION}:<account>:destination:<name>`)');
    }
    if (Stage.of(senderStack) !== Stage.of(this.stack)) {
      throw invalidInput(scope, 'destination', this.node.path,
        'the destination is in an environment-agnostic stack of another stage, and stacks of different stages (the stages of a '
        + 'CDK pipeline) cannot import each other\'s outputs, so the subscription cannot learn its account and Region',
        'Give the destination\'s stack an env (account and region), or import it in the sender stack with '
        + 'LogDestination.fromDestinationArn(this, \'Central\', \'arn:<partition>:logs:<region>:<account>:destination:<name>\')');
    }
    if (Token.isUnresolved(senderStack.account) && Token.isUnresolved(senderStack.region)) {
      // Both stacks are environment-agnostic: CDK takes them to share an environment and exports the real ARN.
      return this.resource.attrArn;
    }
    throw invalidInput(scope, 'destination', this.node.path,
      'the destination is in an environment-agnostic stack, so its account and Region are only known where it is deployed, and '
      + 'a subscription filter in a stack of a known account cannot name it',
      'Give the destination\'s stack an env (account and region), or import it in the sender stack with '
      + 'LogDestination.fromDestinationArn(this, \'Central\', \'arn:<partition>:logs:<region>:<account>:destination:<name>\')');
  }

  /** @internal */
  protected _onSubscribe(subscription: Construct): void {
    this.admitSubscription(subscription, 'subscription filter');
  }

  /** @internal */
  protected _onAccountPolicy(policy: Construct): void {
    this.admitSubscription(policy, 'account-level subscription filter policy');
    policy.node.addValidation({ validate: () => this.validateAccountPolicySender(policy) });
  }

  /** @internal */
  protected get _targetService(): TargetService | undefined {
    return this.ownTargetService;
  }

  /** Orders a subscription (`what`, for messages) after the destination and checks at synth that its account is admitted. */
  private admitSubscription(subscription: Construct, what: string): void {
    // The subscription names the destination by its built ARN, which carries no reference, so order it here.
    orderAfter(subscription, this.resource, { property: 'destination', what, awaited: this });
    subscription.node.addValidation({ validate: () => this.validateSender(subscription) });
  }

  /**
   * For a policy in this destination's account (a StackSet rolled out to the log-archive account too, or a stack of
   * that account): the log groups of a Firehose target's processor Lambdas and error logging, which the policy would
   * otherwise subscribe, so that their events loop back into the stream. What reads a Kinesis stream is not visible.
   *
   * @internal
   */
  protected _pipelineLogGroupsFor(policy: Construct): string[] {
    if (!sharesAccount(Stack.of(policy), this.stack)) {
      return [];
    }
    return firehoseLogGroups(describeArn(this.targetArn).resource);
  }

  /**
   * An account-level policy of another account (or of an account only known at deploy time, as in a StackSet) needs
   * `logs:PutAccountPolicy` in the access policy, which only `accountLevelSubscriptions` adds.
   */
  private validateAccountPolicySender(policy: Construct): string[] {
    const sender = Stack.of(policy).account;
    if (this.accountLevelSubscriptions || knownSame(Stack.of(policy), this.stack, ['account'])) {
      return [];
    }
    return [`invalid destination '${this.node.path}': an account-level subscription filter policy `
      + `of ${Token.isUnresolved(sender) ? 'an account known only at deploy time' : `account ${sender}`} needs logs:PutAccountPolicy `
      + 'in the destination\'s access policy (as well as logs:PutSubscriptionFilter), and this destination allows only '
      + 'logs:PutSubscriptionFilter, so PutAccountPolicy would be denied at deploy. Set accountLevelSubscriptions: true on the destination'];
  }

  /** A sender stack of a known account that the final access policy does not admit fails at synth, as a delivery does. */
  private validateSender(subscription: Construct): string[] {
    const sender = Stack.of(subscription).account;
    if (!knownDifference(Stack.of(subscription), this.stack, ['account']) || this.accessPolicy.admits(sender, this.statementAccounts) !== false) {
      return [];
    }
    return [invalidFinding(subscription, 'destination', this.node.path,
      `the subscription filter is in account ${sender}, and the destination admits neither that account nor an organization, `
      + 'so PutSubscriptionFilter would be denied at deploy',
      `Call grantSubscribe('${sender}') (or grantSubscribeOrganization) on ${this.node.path}`)];
  }

  /**
   * Adds the target permissions to a role the user brought, in a policy that must exist before CloudWatch Logs sends its
   * test message. A role of another stack gets the policy in this stack: in the role's stack it would reference this
   * stack's target while this stack references the role, a cycle.
   */
  private addTargetPermissions(role: iam.IRole, statements: iam.PolicyStatement[]): void {
    if (Stack.of(role) !== this.stack && Resource.isOwnedResource(role)) {
      const policy = new iam.Policy(this, 'RolePolicy', { statements, roles: [role as iam.Role] });
      this.resource.node.addDependency(policy);
      return;
    }
    for (const statement of statements) {
      const result = role.addToPrincipalPolicy(statement);
      if (result.policyDependable) {
        this.resource.node.addDependency(result.policyDependable);
      }
    }
  }

  private validatePolicySize(): string[] {
    const bytes = this.accessPolicy.estimatedBytes(this.destinationArn);
    if (bytes <= DESTINATION_POLICY_MAX_BYTES) {
      return [];
    }
    const accounts = this.accessPolicy.grantedAccounts.length;
    return [`invalid access policy of about ${bytes} bytes: PutDestinationPolicy accepts at most `
      + `${DESTINATION_POLICY_MAX_BYTES} bytes, and this destination grants ${accounts} account(s) and `
      + `${this.accessPolicy.grantedOrganizationIds.length} organization(s). Grant the accounts' organization with `
      + 'grantSubscribeOrganization(orgId) instead of listing them, or split them across several destinations'];
  }
}

class ImportedLogDestination extends LogDestinationBase {
  public readonly destinationArn: string;
  public readonly destinationName: string;
  private readonly organizationAccess: boolean;
  private readonly senderRoleProp?: iam.IRole;

  constructor(scope: Construct, id: string, attrs: LogDestinationAttributes) {
    super(scope, id, { environmentFromArn: importableArn(attrs.destinationArn, DESTINATION_ARN) });
    this.destinationArn = attrs.destinationArn;
    this.destinationName = resourceNameFromArn(this, 'destinationArn', attrs.destinationArn, 'destination', DESTINATION_ARN,
      'Copy the ARN from the recipient account (aws logs describe-destinations), or use fromDestinationName in that account');
    this.organizationAccess = attrs.organizationAccess ?? attrs.senderRole !== undefined;
    this.senderRoleProp = attrs.senderRole;
  }

  /** @internal */
  protected get _providedSenderRole(): iam.IRole | undefined {
    return this.senderRoleProp;
  }

  /** @internal */
  protected _mayNeedSenderRole(): boolean {
    return this.organizationAccess;
  }

  /** @internal */
  protected _needsSenderRole(): boolean {
    return this.organizationAccess;
  }

  /**
   * An imported destination's pipeline is not visible: a policy in the destination's own account gets a warning
   * instead, since its log groups would be subscribed to the stream they process.
   *
   * @internal
   */
  protected _pipelineLogGroupsFor(policy: Construct): string[] {
    const account = Stack.of(policy).account;
    if (knownSame(Stack.of(policy), this.env, ['account'])) {
      warn(policy, 'cdk-log-destinations:own-pipeline-not-excluded',
        `The destination ${readable(policy, this.destinationArn)} is in this policy's account ${account}, so the policy subscribes the log groups of `
        + 'the destination\'s own pipeline too (a Firehose processor\'s, its error logging, a consumer of the stream), whose events '
        + 'then loop back into it (AWS: "Log recursion prevention"). The library cannot see an imported destination\'s pipeline: '
        + 'exclude those log groups with excludeLogGroups, or leave this account out (a StackSet: leave the log-archive account '
        + 'out of its targets).');
    }
    return [];
  }
}
