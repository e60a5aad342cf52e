import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IResource, Lazy, Names, Resource, Stack, Token } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { isBranded, markBranded } from './private/brand';
import { DeliveryDestinationTarget, DeliveryDestinationType } from './delivery-destination-target';
import { invalidFinding, invalidInput, LogDestinationsError } from './private/errors';
import { declareUpstream } from './private/ordering';
import { AccountList, isStackAccount } from './private/accounts';
import { deployedText, ID_REFERENCE_LENGTH } from './private/token-size';
import { checkAccountId, checkDeliveryName, checkOrganizationId } from './private/validation';
import { formatsForDestinationType } from './private/vended-logs';
import { grantSubscribers } from './private/subscribers';
import { importableArn, logsArn, resourceNameFromArn, rootArn } from './private/arns';
import { checkArgs } from './private/guard';
import { callHook } from './private/hooks';

/** Marks owned delivery destinations for `DeliveryDestination.isDeliveryDestination`. */
const DELIVERY_DESTINATION_BRAND = Symbol.for('cdk-log-destinations.DeliveryDestination');
const CREATE_DELIVERY_ACTION = 'logs:CreateDelivery';
/** The only destination types that take deliveries from other accounts. */
const CROSS_ACCOUNT_TYPES: string[] = ['S3', 'FH'];
const CROSS_ACCOUNT_RULE = 'AWS says "If you are delivering logs cross-account, you can use only Amazon S3 and Firehose destinations" '
  + '(Logging that requires additional permissions [V2])';
/** PutDeliveryDestinationPolicy's limit on the policy document. */
const DELIVERY_DESTINATION_POLICY_MAX_CHARS = 51_200;
/** How a `DeliveryDestinationTarget` is made, for the error about one that was not. */
const TARGET_FACTORIES = 'DeliveryDestinationTarget.s3(), logGroup(), firehose() or xray()';
const DELIVERY_DESTINATION_ARN = /^arn:[^:]+:logs:[a-z0-9-]+:\d{12}:delivery-destination:([\w-]{1,60})$/;

/**
 * The format vended logs are written in.
 *
 * Which formats a destination accepts depends on its type (S3: json, plain, w3c, parquet;
 * CloudWatch Logs: json, plain; Firehose: json, plain, raw; X-Ray: none) and on the log source.
 */
export enum OutputFormat {
  /** JSON, one record per line. */
  JSON = 'json',
  /** Plain text, fields separated by the delivery's field delimiter. */
  PLAIN = 'plain',
  /** The W3C extended log file format. */
  W3C = 'w3c',
  /** The records as the source emits them. */
  RAW = 'raw',
  /** Apache Parquet (S3 only). */
  PARQUET = 'parquet',
}

const DESTINATION_TYPE_NAMES: Record<string, string> = { S3: 'an S3', CWL: 'a CloudWatch Logs', FH: 'a Firehose', XRAY: 'an X-Ray' };

/**
 * A CloudWatch Logs delivery destination (`AWS::Logs::DeliveryDestination`), owned or imported.
 */
export interface IDeliveryDestination extends IResource, logs.IDeliveryDestinationRef {
  /**
   * The ARN of the delivery destination,
   * `arn:<partition>:logs:<region>:<account>:delivery-destination:<name>`.
   *
   * @attribute
   */
  readonly deliveryDestinationArn: string;

  /**
   * The name of the delivery destination.
   *
   * @attribute
   */
  readonly deliveryDestinationName: string;

  /**
   * What the destination writes to, when known (always for destinations defined in this app).
   * Deliveries check the source's log type against it.
   *
   * @default - unknown, for an import that did not state it
   */
  readonly destinationType?: DeliveryDestinationType;

  /**
   * The output format the destination was given, when known.
   * Deliveries check it against the formats the source's log type offers.
   *
   * @default - unknown, or the source's default format
   */
  readonly outputFormat?: OutputFormat;
}

/** Properties of a `DeliveryDestination`. */
export interface DeliveryDestinationProps {
  /** Where the vended logs or traces go. */
  readonly target: DeliveryDestinationTarget;

  /**
   * The format the logs are written in: one the target type accepts (S3: json, plain, w3c, parquet; CloudWatch Logs:
   * json, plain; Firehose: json, plain, raw; X-Ray: none), and, for each `Delivery`, one the source's log type offers.
   *
   * @default - the log source's default format (X-Ray destinations must leave it out)
   */
  readonly outputFormat?: OutputFormat;

  /**
   * The name of the delivery destination: 1 to 60 letters, digits, `_` or `-`. Changing it
   * replaces the destination and its deliveries.
   *
   * @default - a name generated from the construct path, stable across synths and unique in the app
   */
  readonly deliveryDestinationName?: string;

  /**
   * AWS accounts (12-digit IDs) whose delivery sources may deliver to this destination, as with `grantSubscribe`.
   *
   * @default - no other account
   */
  readonly subscriberAccounts?: string[];

  /**
   * AWS Organizations IDs whose member accounts' delivery sources may deliver to this destination, as with
   * `grantSubscribeOrganization`.
   *
   * @default - no organization
   */
  readonly subscriberOrganizationIds?: string[];
}

/** Attributes of a delivery destination that exists already, for `DeliveryDestination.fromDeliveryDestinationAttributes`. */
export interface DeliveryDestinationAttributes {
  /** The ARN of the delivery destination, `arn:<partition>:logs:<region>:<account>:delivery-destination:<name>`. */
  readonly deliveryDestinationArn: string;

  /**
   * What the destination writes to. Lets deliveries check the source's log type against it.
   *
   * @default - unknown: not checked
   */
  readonly destinationType?: DeliveryDestinationType;

  /**
   * The destination's output format. Lets deliveries check it against the source's log type.
   *
   * @default - unknown: not checked
   */
  readonly outputFormat?: OutputFormat;
}

abstract class DeliveryDestinationBase extends Resource implements IDeliveryDestination {
  public abstract readonly deliveryDestinationArn: string;
  public abstract readonly deliveryDestinationName: string;
  public abstract readonly destinationType?: DeliveryDestinationType;
  public abstract readonly outputFormat?: OutputFormat;

  /** A reference to this delivery destination, for L1 constructs that take one. */
  public get deliveryDestinationRef(): logs.DeliveryDestinationReference {
    return { deliveryDestinationArn: this.deliveryDestinationArn, deliveryDestinationName: this.deliveryDestinationName };
  }
}

/**
 * A CloudWatch Logs delivery destination: where vended logs (or traces) of AWS resources go,
 * through `Delivery` resources that connect it to `DeliverySource`s.
 *
 * It grants the delivery service what the target needs, scoped to the delivery sources of this
 * account and of every account or organization granted with `grantSubscribe` /
 * `grantSubscribeOrganization`, and writes the delivery destination policy that lets those accounts
 * create deliveries to it.
 *
 * @resource AWS::Logs::DeliveryDestination
 *
 * @example
 * import * as s3 from 'aws-cdk-lib/aws-s3';
 * import { App, Stack } from 'aws-cdk-lib';
 * import { DeliveryDestination, DeliveryDestinationTarget, OutputFormat } from 'cdk-log-destinations';
 *
 * const app = new App();
 * const stack = new Stack(app, 'LogArchive', { env: { account: '999999999999', region: 'us-east-1' } });
 * const archive = new DeliveryDestination(stack, 'Archive', {
 *   target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Logs')),
 *   outputFormat: OutputFormat.JSON,
 * });
 * // Account 111111111111 may create deliveries from its own delivery sources to this destination.
 * archive.grantSubscribe('111111111111');
 */
export class DeliveryDestination extends DeliveryDestinationBase {
  /**
   * Whether `x` is a `DeliveryDestination` defined in this app (not an import), from this copy of the
   * library or another: a `Symbol.for` brand, where `instanceof` would fail across copies.
   */
  public static isDeliveryDestination(x: any): x is DeliveryDestination {
    return isBranded(x, DELIVERY_DESTINATION_BRAND);
  }

  /** Imports a delivery destination by ARN (it may be in another account). */
  public static fromDeliveryDestinationArn(scope: Construct, id: string, deliveryDestinationArn: string): IDeliveryDestination {
    checkArgs('DeliveryDestination.fromDeliveryDestinationArn', [scope, id, deliveryDestinationArn]);
    return DeliveryDestination.fromDeliveryDestinationAttributes(scope, id, { deliveryDestinationArn });
  }

  /** Imports a delivery destination of this stack's account and region by name. */
  public static fromDeliveryDestinationName(scope: Construct, id: string, deliveryDestinationName: string): IDeliveryDestination {
    checkArgs('DeliveryDestination.fromDeliveryDestinationName', [scope, id, deliveryDestinationName]);
    checkDeliveryName(scope, 'deliveryDestinationName', deliveryDestinationName);
    return DeliveryDestination.fromDeliveryDestinationAttributes(scope, id, {
      deliveryDestinationArn: logsArn(scope, 'delivery-destination', deliveryDestinationName),
    });
  }

  /** Imports a delivery destination from its ARN and, optionally, its type and format (so deliveries can be checked). */
  public static fromDeliveryDestinationAttributes(scope: Construct, id: string, attrs: DeliveryDestinationAttributes): IDeliveryDestination {
    checkArgs('DeliveryDestination.fromDeliveryDestinationAttributes', [scope, id, attrs]);
    return new ImportedDeliveryDestination(scope, id, attrs);
  }

  /**
   * The ARN of the delivery destination, built from its name so that it can be used across stacks
   * and accounts without exports.
   *
   * @attribute
   */
  public readonly deliveryDestinationArn: string;

  /**
   * The name of the delivery destination.
   *
   * @attribute
   */
  public readonly deliveryDestinationName: string;

  /** What the destination writes to: S3, CloudWatch Logs, Firehose or X-Ray. */
  public readonly destinationType?: DeliveryDestinationType;

  /**
   * The output format given in the props.
   *
   * @default - the source's default format
   */
  public readonly outputFormat?: OutputFormat;

  private readonly resource: logs.CfnDeliveryDestination;
  private readonly target: DeliveryDestinationTarget;
  /** Accounts granted besides this destination's own, deduplicated by what they deploy to (`Aws.ACCOUNT_ID` is the own account). */
  private readonly accounts: AccountList;
  private readonly grantedOrganizationIds: string[] = [];
  private readonly statements: iam.PolicyStatement[] = [];
  /** Token accounts granted on a destination type that takes no cross-account deliveries: refused at synth. */
  private readonly refusedTokenAccounts: string[] = [];
  /** Constructs of other stacks that the target's permissions live in (a bucket policy, a key). */
  private readonly targetStacks: Stack[] = [];

  constructor(scope: Construct, id: string, props: DeliveryDestinationProps) {
    checkArgs('DeliveryDestination', [scope, id, props]);
    super(scope, id, { physicalName: props.deliveryDestinationName });
    this.accounts = new AccountList(this.stack);
    markBranded(this, DELIVERY_DESTINATION_BRAND);

    if (props.deliveryDestinationName !== undefined) {
      checkDeliveryName(this, 'deliveryDestinationName', props.deliveryDestinationName);
    }
    this.deliveryDestinationName = props.deliveryDestinationName ?? Names.uniqueResourceName(this, { maxLength: 60 });
    this.deliveryDestinationArn = logsArn(this, 'delivery-destination', this.deliveryDestinationName);

    this.target = props.target;
    const config = callHook<ReturnType<DeliveryDestinationTarget['_bind']>>(this, 'target', props.target, 'DeliveryDestinationTarget',
      TARGET_FACTORIES, '_bind', this, {
        sourceAccounts: Lazy.list({ produce: () => this.sourceAccounts() }),
        sourceArns: Lazy.list({ produce: () => this.sourceAccounts().map(account => this.deliverySourcesArn(account)) }),
      });
    this.destinationType = config.destinationType;
    this.outputFormat = props.outputFormat;
    this.checkOutputFormat(props.outputFormat);

    this.resource = new logs.CfnDeliveryDestination(this, 'Resource', {
      name: this.deliveryDestinationName,
      deliveryDestinationType: config.destinationType,
      destinationResourceArn: config.destinationResourceArn,
      outputFormat: props.outputFormat,
      deliveryDestinationPolicy: Lazy.any({ produce: () => this.renderPolicy() }),
    });
    // The permissions must be in place before the first delivery writes.
    for (const dependable of config.dependables ?? []) {
      this.resource.node.addDependency(dependable);
      if (Construct.isConstruct(dependable) && Stack.of(dependable) !== this.stack && !this.targetStacks.includes(Stack.of(dependable))) {
        this.targetStacks.push(Stack.of(dependable));
      }
    }
    // This stack deploys after theirs: the library's ordering of deliveries must not contradict it.
    declareUpstream(this, this.targetStacks);

    grantSubscribers(this, props.subscriberAccounts, props.subscriberOrganizationIds);
    this.node.addValidation({ validate: () => [...this.validatePolicySize(), ...this.validateGrants()] });
  }

  /**
   * Lets an AWS account create deliveries from its delivery sources to this destination.
   *
   * Writes the delivery destination policy (`logs:CreateDelivery` for the account's root principal)
   * and adds the account to the `aws:SourceAccount` and `aws:SourceArn` conditions of the target's
   * policy. Granting this destination's own account (as its ID or as `Aws.ACCOUNT_ID`) does nothing: it is
   * always admitted.
   *
   * Only S3 and Firehose destinations take deliveries from other accounts ("If you are delivering
   * logs cross-account, you can use only Amazon S3 and Firehose destinations", Logging that requires
   * additional permissions [V2]): on a CloudWatch Logs or X-Ray destination, granting another
   * account throws (a token account fails at synth, since it cannot be told from this one).
   *
   * @param account the 12-digit account ID; a token (such as a `CfnParameter`) is accepted
   * @returns `statementAdded` true when the account was not admitted before
   */
  public grantSubscribe(account: string): iam.AddToResourcePolicyResult {
    checkArgs('DeliveryDestination.grantSubscribe', [account], this);
    checkAccountId(this, 'account', account);
    if (isStackAccount(this.stack, account)) {
      return { statementAdded: false };
    }
    if (!this.takesOtherAccounts()) {
      if (Token.isUnresolved(account) || Token.isUnresolved(this.stack.account)) {
        // Cannot be told from this destination's own account before deployment.
        if (!this.refusedTokenAccounts.includes(account)) {
          this.refusedTokenAccounts.push(account);
        }
        return { statementAdded: false };
      }
      throw this.crossAccountError('account', account);
    }
    if (this.accounts.has(account)) {
      return { statementAdded: false, policyDependable: this.resource };
    }
    this.checkNoCycle('account', account);
    this.accounts.add(account);
    return { statementAdded: true, policyDependable: this.resource };
  }

  /**
   * Lets every account of an AWS Organizations organization create deliveries to this destination
   * (`aws:PrincipalOrgID` in the delivery destination policy, `aws:SourceOrgID` in the target's policy).
   * S3 and Firehose destinations only: on a CloudWatch Logs or X-Ray destination it throws.
   *
   * @param organizationId the organization ID, `o-` followed by 10 to 32 lowercase letters or digits
   * @returns `statementAdded` true when the organization was not admitted before
   */
  public grantSubscribeOrganization(organizationId: string): iam.AddToResourcePolicyResult {
    checkArgs('DeliveryDestination.grantSubscribeOrganization', [organizationId], this);
    checkOrganizationId(this, 'organizationId', organizationId);
    if (!this.takesOtherAccounts()) {
      throw this.crossAccountError('organizationId', organizationId);
    }
    this.checkNoCycle('organizationId', organizationId);
    if (this.grantedOrganizationIds.length === 0) {
      callHook(this, 'target', this.target, 'DeliveryDestinationTarget', TARGET_FACTORIES, '_bindOrganizations', this, {
        organizationIds: Lazy.list({ produce: () => this.grantedOrganizationIds }),
        sourceArns: [this.deliverySourcesArn('*')],
      });
    }
    if (this.grantedOrganizationIds.includes(organizationId)) {
      return { statementAdded: false, policyDependable: this.resource };
    }
    this.grantedOrganizationIds.push(organizationId);
    return { statementAdded: true, policyDependable: this.resource };
  }

  /**
   * Adds a statement to the delivery destination policy (`DeliveryDestinationPolicy`), the escape
   * hatch for what `grantSubscribe` does not write. The statement is rendered as given: the policy
   * of a delivery destination names accounts by root ARN, which `iam.AccountPrincipal` renders.
   * Unlike the grants, it does not widen the target's policy.
   *
   * @returns `statementAdded` true, with the delivery destination as the policy dependable
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    checkArgs('DeliveryDestination.addToResourcePolicy', [statement], this);
    const errors = statement.validateForResourcePolicy();
    if (errors.length > 0) {
      throw invalidInput(this, 'statement', statement.sid ?? statement.actions.join(', '), errors.join('; '),
        'Give the statement a principal (such as new iam.AccountPrincipal(...)) and at least one action');
    }
    this.statements.push(statement);
    return { statementAdded: true, policyDependable: this.resource };
  }

  /**
   * Whether delivery sources of `account` may deliver here: its own account, a granted one, any
   * account once an organization is granted (membership is not knowable at synth), or a token.
   *
   * @internal
   */
  public _admitsAccount(account: string): boolean {
    return Token.isUnresolved(account) || Token.isUnresolved(this.stack.account) || isStackAccount(this.stack, account)
      || this.accounts.has(account) || this.accounts.hasTokens || this.grantedOrganizationIds.length > 0;
  }

  /** The granted accounts, in the order of their grants. */
  private get grantedAccounts(): string[] {
    return this.accounts.inOrder;
  }

  private sourceAccounts(): string[] {
    return [this.stack.account, ...this.grantedAccounts];
  }

  private deliverySourcesArn(account: string): string {
    return logsArn(this, 'delivery-source', '*', account);
  }

  private takesOtherAccounts(): boolean {
    return CROSS_ACCOUNT_TYPES.includes(this.destinationType!);
  }

  private crossAccountError(property: string, value: string): LogDestinationsError {
    return invalidInput(this, property, value, ...this.crossAccountRule());
  }

  /** The rule a cross-account grant on a CloudWatch Logs or X-Ray destination breaks, and its fix. */
  private crossAccountRule(): [rule: string, fix: string] {
    const what = DESTINATION_TYPE_NAMES[this.destinationType!];
    return [`${what} delivery destination cannot take deliveries from another account: ${CROSS_ACCOUNT_RULE}`,
      'Deliver that account\'s logs to an S3 or Firehose destination, or create this kind of destination in the source account '
      + '(a CloudWatch Logs or X-Ray destination there)'];
  }

  /** Token grants on a destination type that takes no cross-account deliveries (aws-cdk-lib puts the path in front). */
  private validateGrants(): string[] {
    return this.refusedTokenAccounts.map(account => invalidFinding(this, 'account', account, ...this.crossAccountRule()));
  }

  /**
   * Refuses a token grant when the target's permissions live in another stack: that
   * stack's policy would reference this stack, which already depends on it, and CDK would fail with a reference cycle.
   */
  private checkNoCycle(property: string, value: string): void {
    // Aws.ACCOUNT_ID, the one pseudo parameter that names an account, never gets here: it is this destination's own account.
    if (this.targetStacks.length === 0 || !Token.isUnresolved(value)) {
      return;
    }
    throw invalidInput(this, property, value,
      `the target's permissions live in stack ${this.targetStacks.map(s => s.node.path).join(', ')}, whose policy would then reference `
      + 'this stack, which already depends on it: a reference cycle',
      'Define the DeliveryDestination in the same stack as the bucket (and its key), or grant literal account and organization IDs');
  }

  private checkOutputFormat(outputFormat: OutputFormat | undefined): void {
    if (outputFormat === undefined || Token.isUnresolved(outputFormat)) {
      return;
    }
    const allowed = formatsForDestinationType(this.destinationType!);
    const what = DESTINATION_TYPE_NAMES[this.destinationType!];
    if (allowed.length === 0) {
      throw invalidInput(this, 'outputFormat', outputFormat, `${what} delivery destination takes no output format`,
        'Leave outputFormat out');
    }
    if (!allowed.includes(outputFormat)) {
      throw invalidInput(this, 'outputFormat', outputFormat, `${what} delivery destination accepts ${allowed.join(', ')}`,
        `Choose one of ${allowed.map(f => `OutputFormat.${f.toUpperCase()}`).join(', ')}, or use a target that accepts ${outputFormat}`);
    }
  }

  private policyDocument(): any {
    const resources = ['delivery-source', 'delivery', 'delivery-destination']
      .map(resource => logsArn(this, resource, '*'));
    const statements: any[] = [];
    if (this.grantedAccounts.length > 0) {
      const principals = this.grantedAccounts.map(account => rootArn(this, account));
      statements.push({
        Sid: 'AllowCreateDeliveryFromAccounts',
        Effect: 'Allow',
        Principal: { AWS: principals.length === 1 ? principals[0] : principals },
        Action: CREATE_DELIVERY_ACTION,
        Resource: resources,
      });
    }
    if (this.grantedOrganizationIds.length > 0) {
      statements.push({
        Sid: 'AllowCreateDeliveryFromOrganizations',
        Effect: 'Allow',
        Principal: '*',
        Action: CREATE_DELIVERY_ACTION,
        Resource: resources,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': [...this.grantedOrganizationIds] } },
      });
    }
    statements.push(...this.statements.map(statement => statement.toStatementJson()));
    return statements.length === 0 ? undefined : { Version: '2012-10-17', Statement: statements };
  }

  private renderPolicy(): any {
    const document = this.policyDocument();
    // The L1 maps this struct to its CloudFormation form after resolution, so the keys are the L1's.
    return document === undefined ? undefined : {
      deliveryDestinationName: this.deliveryDestinationName,
      deliveryDestinationPolicy: document,
    };
  }

  private validatePolicySize(): string[] {
    const document = this.policyDocument();
    if (document === undefined) {
      return [];
    }
    const chars = deployedText(this, document, ID_REFERENCE_LENGTH).length;
    if (chars <= DELIVERY_DESTINATION_POLICY_MAX_CHARS) {
      return [];
    }
    return [`invalid delivery destination policy of about ${chars} characters: `
      + `PutDeliveryDestinationPolicy accepts at most ${DELIVERY_DESTINATION_POLICY_MAX_CHARS}, and this destination grants `
      + `${this.grantedAccounts.length} account(s). Grant the accounts' organization with grantSubscribeOrganization(orgId) instead`];
  }
}

class ImportedDeliveryDestination extends DeliveryDestinationBase {
  public readonly deliveryDestinationArn: string;
  public readonly deliveryDestinationName: string;
  public readonly destinationType?: DeliveryDestinationType;
  public readonly outputFormat?: OutputFormat;

  constructor(scope: Construct, id: string, attrs: DeliveryDestinationAttributes) {
    super(scope, id, { environmentFromArn: importableArn(attrs.deliveryDestinationArn, DELIVERY_DESTINATION_ARN) });
    this.deliveryDestinationArn = attrs.deliveryDestinationArn;
    this.deliveryDestinationName = resourceNameFromArn(this, 'deliveryDestinationArn', attrs.deliveryDestinationArn,
      'delivery-destination', DELIVERY_DESTINATION_ARN,
      'Copy the ARN from the destination account (aws logs describe-delivery-destinations), or use fromDeliveryDestinationName there');
    this.destinationType = attrs.destinationType;
    this.outputFormat = attrs.outputFormat;
  }
}
