import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnResource, Lazy, Reference, Resource, Stack, Token, Tokenization } from 'aws-cdk-lib/core';
import { Construct, IConstruct } from 'constructs';
import { AccountTarget, bindAccountTarget } from './private/account-targets';
import { invalidInput, templateText } from './private/errors';
import { checkString } from './private/validation';
import { deployedBytes } from './private/token-size';
import { checkArgs } from './private/guard';
import { warn } from './private/warnings';

/**
 * The size limit of `SelectionCriteria` ("Selection criteria has a size limit of 25 KB", CloudWatch Logs user guide,
 * "Concepts" of subscriptions). AWS does not say whether a KB is 1,000 or 1,024 bytes, and neither the PutAccountPolicy
 * reference nor the resource schema gives a length, so the limit is read the safe way: 25,000 bytes.
 */
const SELECTION_CRITERIA_MAX_BYTES = 25_000;
/** How long a reference in an excluded log group name (a Lambda function name, say) is assumed to be: the longest function name. */
const NAME_REFERENCE_LENGTH = 64;
/** A log group name, as CreateLogGroup takes it: 1-512 of `[.-_/#A-Za-z0-9]`. */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
/** What the library assumes of an account policy name: 1-256 characters, no `:` or `*` (as other CloudWatch Logs names). */
const POLICY_NAME = /^[^:*]{1,256}$/u;
/** The default policy name: one per account and Region, so it need not tell policies apart, and must not follow the construct path. */
const DEFAULT_POLICY_NAME = 'cdk-log-destinations-subscription-filter';
/** Marks the per-app registry of account-level policies, so two copies of the library in one app share one. */
const REGISTRY = Symbol.for('cdk-log-destinations.AccountSubscriptionFilters');

/** Properties of an `AccountSubscriptionFilter`. */
export interface AccountSubscriptionFilterProps {
  /**
   * Where the log events go.
   *
   * - A `LogDestination` of another account, owned in this app or imported
   *   (`LogDestination.fromDestinationArn`, `fromDestinationAttributes`): when it admits an
   *   organization, a sender role is generated in this account and named in the policy.
   * - A Kinesis data stream, Firehose stream or Lambda function of this account, the way
   *   `aws-cdk-lib/aws-logs-destinations` offers them (`KinesisDestination`, `FirehoseDestination`,
   *   `LambdaDestination`): the role or Lambda permission CloudWatch Logs needs is generated.
   */
  readonly destination: logs.ILogSubscriptionDestination;

  /**
   * Which log events to deliver.
   *
   * @default - all events (`logs.FilterPattern.allEvents()`)
   */
  readonly filterPattern?: logs.IFilterPattern;

  /**
   * Log groups of this account not to subscribe (`SelectionCriteria` `LogGroupName NOT IN [...]`, up to 25 KB). The
   * log groups of the delivery pipeline itself in this account (a Lambda destination's, a Firehose processor's) are
   * excluded in any case.
   *
   * @default - only the delivery pipeline's own log groups are excluded
   */
  readonly excludeLogGroups?: string[];

  /**
   * How CloudWatch Logs spreads log events over a Kinesis data stream's shards. Kinesis only: refused
   * for Firehose and Lambda targets, where AWS ignores it.
   *
   * @default - CloudWatch Logs' default, by log stream
   */
  readonly distribution?: logs.Distribution;

  /**
   * The name of the account policy. Keep it once deployed: changing it replaces the policy, and CloudFormation creates
   * the new one before it deletes the old one, which AWS refuses (one subscription filter policy per account and Region).
   *
   * @default AccountSubscriptionFilter.DEFAULT_POLICY_NAME
   */
  readonly policyName?: string;
}

/**
 * An account-level subscription filter policy (`AWS::Logs::AccountPolicy` of type
 * `SUBSCRIPTION_FILTER_POLICY`, scope `ALL`): every log group of this account in this Region,
 * present and future, bar exclusions, streams to one destination.
 *
 * AWS allows one such policy per account and Region: two in one environment (or in one
 * environment-agnostic stack) fail at synth.
 *
 * @resource AWS::Logs::AccountPolicy
 *
 * @example
 * import { App, Stack } from 'aws-cdk-lib';
 * import { AccountSubscriptionFilter, LogDestination } from 'cdk-log-destinations';
 *
 * const app = new App();
 * const stack = new Stack(app, 'AppAccount', { env: { account: '111111111111', region: 'us-east-1' } });
 * // Every log group of this account in us-east-1, present and future, but one, streams to the
 * // organization's central destination (of another account, admitting account-level policies).
 * new AccountSubscriptionFilter(stack, 'AllLogGroups', {
 *   destination: LogDestination.fromDestinationAttributes(stack, 'Central', {
 *     destinationArn: 'arn:aws:logs:us-east-1:999999999999:destination:org-logs',
 *     organizationAccess: true, // the destination admits an organization: a sender role is generated
 *   }),
 *   excludeLogGroups: ['/aws/lambda/noisy'],
 * });
 */
export class AccountSubscriptionFilter extends Resource {
  /** The size limit of the selection criteria (`LogGroupName NOT IN [...]`), in bytes: AWS's "25 KB", read as 25,000. */
  public static readonly SELECTION_CRITERIA_MAX_BYTES = SELECTION_CRITERIA_MAX_BYTES;

  /** The policy name used when `policyName` is left out: the same in every account, whatever the construct path. */
  public static readonly DEFAULT_POLICY_NAME = DEFAULT_POLICY_NAME;

  /**
   * The name of the account policy.
   *
   * @attribute
   */
  public readonly policyName: string;

  /**
   * The role generated for a Kinesis or Firehose target of this account (CloudWatch Logs assumes it to put records).
   *
   * @default - none, for destinations of other accounts and Lambda functions
   */
  public readonly role?: iam.IRole;

  private readonly excluded: string[] = [];
  private readonly target: AccountTarget;

  constructor(scope: Construct, id: string, props: AccountSubscriptionFilterProps) {
    checkArgs('AccountSubscriptionFilter', [scope, id, props]);
    super(scope, id, { physicalName: props.policyName });

    if (props.policyName !== undefined) {
      checkPolicyName(this, props.policyName);
    }
    this.policyName = props.policyName ?? DEFAULT_POLICY_NAME;
    claimEnvironment(this);

    this.target = bindAccountTarget(this, props.destination);
    this.role = this.target.role;
    checkRegionIn(this, this.target.destinationArn);
    if (props.distribution !== undefined && !this.target.distributionApplies) {
      throw invalidInput(this, 'distribution', props.distribution,
        `distribution applies to Kinesis data streams only, and this destination is a ${this.target.kind === 'destination'
          ? 'destination in front of a Firehose stream' : this.target.kind === 'lambda' ? 'Lambda function' : 'Firehose stream'}`,
        'Leave distribution out');
    }

    for (const name of this.target.pipelineLogGroups) {
      this.addExcluded(name);
    }
    for (const name of props.excludeLogGroups ?? []) {
      this.excludeLogGroup(name);
    }

    const filterPattern = props.filterPattern?.logPatternString ?? '';
    new logs.CfnAccountPolicy(this, 'Resource', {
      policyName: this.policyName,
      policyType: 'SUBSCRIPTION_FILTER_POLICY',
      scope: 'ALL',
      policyDocument: Lazy.string({
        produce: () => this.stack.toJsonString({
          DestinationArn: this.target.destinationArn,
          RoleArn: this.resolvedRoleArn(),
          FilterPattern: filterPattern,
          Distribution: props.distribution,
        }),
      }),
      selectionCriteria: Lazy.string({ produce: () => this.selectionCriteria() }),
    });

    this.node.addValidation({ validate: () => [...this.validateSelectionCriteria(), ...this.warnDeliveredTwice()] });
  }

  /**
   * Leaves a log group of this account out of the policy (`LogGroupName NOT IN [...]`).
   *
   * @param logGroupName the log group's name; a token is accepted
   */
  public excludeLogGroup(logGroupName: string): void {
    checkArgs('AccountSubscriptionFilter.excludeLogGroup', [logGroupName], this);
    checkString(this, 'excludeLogGroups', logGroupName, 'a log group name', '\'/aws/lambda/noisy\'');
    if (!Token.isUnresolved(logGroupName) && !LOG_GROUP_NAME.test(logGroupName)) {
      throw invalidInput(this, 'excludeLogGroups', logGroupName,
        'a log group name has 1 to 512 characters, each a letter, a digit, or one of . - _ / #',
        'Pass the name of the log group exactly as CloudWatch Logs shows it (no ARN, no wildcard)');
    }
    this.addExcluded(logGroupName);
  }

  /** The log group names the policy leaves out: the pipeline's own, then those you excluded. */
  public get excludedLogGroups(): string[] {
    return [...this.excluded];
  }

  private addExcluded(logGroupName: string): void {
    if (!this.excluded.includes(logGroupName)) {
      this.excluded.push(logGroupName);
    }
  }

  /** The role ARN, or nothing when the destination's final access policy does not call for one. */
  private resolvedRoleArn(): string | undefined {
    const roleArn = this.target.roleArn;
    return roleArn === undefined || this.stack.resolve(roleArn) === undefined ? undefined : roleArn;
  }

  private selectionCriteria(): string | undefined {
    if (this.excluded.length === 0) {
      return undefined;
    }
    return `LogGroupName NOT IN [${this.excluded.map(name => `"${name}"`).join(', ')}]`;
  }

  /**
   * Warns about each log group of this policy's account and Region that has its own subscription filter to the same
   * destination and is not excluded: CloudWatch Logs then delivers its events twice, once per subscription. Every
   * `AWS::Logs::SubscriptionFilter` of the app's stacks of this environment is looked at (a filter written with any
   * construct, or an L1), after the app is complete. Returns no finding: a warning, not an error.
   */
  private warnDeliveredTwice(): string[] {
    const stack = this.stack;
    const text = (value: unknown): string | undefined => {
      try {
        return templateText(stack.resolve(value));
      } catch {
        return undefined;
      }
    };
    const destination = withoutPartition(text(this.target.destinationArn));
    const excluded = new Set(this.excluded.map(name => text(literalLogGroupName(name))));
    for (const filter of subscriptionFiltersOfEnvironment(stack)) {
      const properties = filter as unknown as { destinationArn?: unknown; logGroupName?: unknown };
      const name = literalLogGroupName(properties.logGroupName);
      const logGroup = text(name);
      if (destination === undefined || withoutPartition(text(properties.destinationArn)) !== destination
        || logGroup === undefined || excluded.has(logGroup)) {
        continue;
      }
      const owner = filter.node.scope && filter.node.id === 'Resource' ? filter.node.scope : filter;
      const fix = Token.isUnresolved(name) ? 'excludeLogGroup(logGroup.logGroupName)' : `excludeLogGroups: ['${logGroup}']`;
      warn(this, 'cdk-log-destinations:delivered-twice',
        `The log group ${logGroup} has its own subscription filter (${owner.node.path}) to ${text(this.target.destinationArn)}, and this `
        + `account-level policy (${this.node.path}) subscribes it to the same destination: CloudWatch Logs delivers its events `
        + `twice. Exclude it from the policy (${fix}), or remove the filter.`);
    }
    return [];
  }

  private validateSelectionCriteria(): string[] {
    const criteria = this.selectionCriteria();
    if (criteria === undefined) {
      return [];
    }
    const bytes = deployedBytes(this, criteria, NAME_REFERENCE_LENGTH);
    if (bytes <= SELECTION_CRITERIA_MAX_BYTES) {
      return [];
    }
    return [`invalid excludeLogGroups of ${this.excluded.length} log group(s): the selection criteria `
      + `'LogGroupName NOT IN [...]' would be about ${bytes} bytes, and CloudWatch Logs accepts at most ${SELECTION_CRITERIA_MAX_BYTES} `
      + '(25 KB). Exclude fewer log groups: route noisy ones elsewhere, or give the pipeline\'s log groups one name so one entry '
      + 'covers them'];
  }
}

function checkPolicyName(scope: IConstruct, name: string): void {
  checkString(scope, 'policyName', name, 'a policy name', '\'all-log-groups\'');
  if (Token.isUnresolved(name) || POLICY_NAME.test(name)) {
    return;
  }
  throw invalidInput(scope, 'policyName', name, 'an account policy name has 1 to 256 characters and no \':\' or \'*\'',
    'Choose another name, or leave policyName out to get a generated one');
}

/**
 * CloudWatch Logs delivers only to a destination in the Region of the log groups: the ARN must name one. A literal ARN
 * with an empty Region field is refused; a token (a reference, or an ARN built with `Aws.REGION`) is accepted.
 */
function checkRegionIn(scope: IConstruct, destinationArn: string): void {
  if (Token.isUnresolved(destinationArn)) {
    return;
  }
  const region = destinationArn.split(':')[3];
  if (region) {
    return;
  }
  throw invalidInput(scope, 'destination', destinationArn,
    'the destination ARN names no Region, and an account-level subscription filter policy delivers only to a destination '
    + 'in the Region of its log groups',
    'Name the Region in the ARN; in a stack deployed to several Regions (a StackSet), build it with Aws.REGION: '
    + '`arn:${Aws.PARTITION}:logs:${Aws.REGION}:<account>:destination:<name>`, with a destination of that name in every Region');
}

/**
 * A log group name as CloudWatch Logs will know it: a reference to a log group of this app whose name is a literal
 * (`logGroup.logGroupName` of a `LogGroup` given a `logGroupName`) is that literal, so it matches an exclusion written
 * as text.
 */
function literalLogGroupName(name: unknown): unknown {
  const fragments = typeof name === 'string' && Token.isUnresolved(name) ? Tokenization.reverseString(name) : undefined;
  const token = fragments?.length === 1 ? fragments.firstToken : undefined;
  if (!Reference.isReference(token) || token.displayName !== 'Ref' || !CfnResource.isCfnResource(token.target)
    || token.target.cfnResourceType !== 'AWS::Logs::LogGroup') {
    return name;
  }
  const literal = (token.target as unknown as { logGroupName?: unknown }).logGroupName;
  return typeof literal === 'string' && !Token.isUnresolved(literal) ? literal : name;
}

/** An ARN with its partition field blanked: within one account and Region, a literal and `${AWS::Partition}` are the same. */
function withoutPartition(arn: string | undefined): string | undefined {
  return arn?.replace(/^arn:[^:]*:/, 'arn::');
}

/**
 * The subscription filters (`AWS::Logs::SubscriptionFilter` resources) of every stack of the app that deploys to the
 * environment of `stack`: stacks of its known account and Region, or only `stack`'s own top-level stack when it is
 * environment-agnostic (each copy of it deploys to an environment of its own). Nested stacks count with their parent.
 */
function subscriptionFiltersOfEnvironment(stack: Stack): CfnResource[] {
  let top = stack;
  while (top.nestedStackParent) {
    top = top.nestedStackParent;
  }
  const stacks = Token.isUnresolved(top.account) || Token.isUnresolved(top.region) ? [top] : stacksByEnvironment(top).get(environmentKey(top)) ?? [];
  const found: CfnResource[] = [];
  const collect = (construct: IConstruct): void => {
    if (CfnResource.isCfnResource(construct) && construct.cfnResourceType === 'AWS::Logs::SubscriptionFilter') {
      found.push(construct);
    }
    construct.node.children.forEach(collect);
  };
  stacks.forEach(collect);
  return found;
}

/** Where the app's top-level stacks of known environments are, and what was looked at to find them. */
interface StackIndex {
  readonly byEnvironment: Map<string, Stack[]>;
  /** Every construct above the stacks (the app, stages, groups) with its number of children when indexed. */
  readonly containers: Array<[IConstruct, number]>;
}

const STACK_INDEX = Symbol.for('cdk-log-destinations.StacksByEnvironment');

function environmentKey(stack: Stack): string {
  return `${stack.account}/${stack.region}`;
}

/**
 * The app's top-level stacks by environment, indexed once and kept on the app's root (per-app state, in the tree) while
 * no stack, stage or group is added above the stacks: each policy then looks at its own environment's stacks only, so
 * an app of a thousand accounts, each with its policy, is not walked a thousand times.
 */
function stacksByEnvironment(stack: Stack): Map<string, Stack[]> {
  const root = stack.node.root as unknown as Record<symbol, StackIndex | undefined>;
  const cached = root[STACK_INDEX];
  if (cached && cached.containers.every(([container, children]) => container.node.children.length === children)) {
    return cached.byEnvironment;
  }
  const index: StackIndex = { byEnvironment: new Map(), containers: [] };
  const visit = (construct: IConstruct): void => {
    if (Stack.isStack(construct)) {
      if (!Token.isUnresolved(construct.account) && !Token.isUnresolved(construct.region)) {
        const key = environmentKey(construct);
        index.byEnvironment.set(key, [...index.byEnvironment.get(key) ?? [], construct]);
      }
      return;
    }
    const children = construct.node.children;
    index.containers.push([construct, children.length]);
    children.forEach(visit);
  };
  visit(stack.node.root);
  Object.defineProperty(root, STACK_INDEX, { value: index, configurable: true, writable: true });
  return index.byEnvironment;
}

interface Claim {
  readonly key: string;
  readonly path: string;
}

/**
 * AWS allows one account-level subscription filter policy per account and Region. Stacks of a known account and
 * Region claim that environment across the app; an environment-agnostic stack (a StackSet's, say) deploys each copy
 * to one environment, so it may hold only one.
 */
function claimEnvironment(policy: AccountSubscriptionFilter): void {
  const stack = Stack.of(policy);
  const root = policy.node.root as unknown as Record<symbol, Claim[] | undefined>;
  const claims = root[REGISTRY] ?? (root[REGISTRY] = []);
  const known = !Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region);
  const key = known ? `env:${stack.account}/${stack.region}` : `stack:${stack.node.path}`;
  const other = claims.find(claim => claim.key === key);
  if (other) {
    throw invalidInput(policy, 'scope', policy.node.path,
      known
        ? `account ${stack.account} in ${stack.region} has an account-level subscription filter policy already (${other.path}), `
          + 'and AWS allows one per account and Region'
        : `this environment-agnostic stack has an account-level subscription filter policy already (${other.path}), and each `
          + 'copy of the stack deploys to one account and Region, where AWS allows one',
      'Keep one AccountSubscriptionFilter per account and Region; to feed several consumers, fan out behind one destination '
      + '(a Kinesis stream with several consumers), or use per-log-group subscription filters for the others');
  }
  claims.push({ key, path: policy.node.path });
}
