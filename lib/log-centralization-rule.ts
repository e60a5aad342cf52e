import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnOrganizationCentralizationRule } from 'aws-cdk-lib/aws-observabilityadmin';
import { IResource, Names, Resource, Tags, Token } from 'aws-cdk-lib/core';
import { Construct, IConstruct } from 'constructs';
import { logsSourceArn } from './private/arns';
import { invalidInput } from './private/errors';
import { validateAccountId, validateOrganizationId } from './private/validation';
import { isBranded, markBranded } from './private/brand';
import { warn } from './private/warnings';

/*
 * The rules below come from AWS's pages, by title:
 * - "CreateCentralizationRuleForOrganization", "CentralizationRuleSource", "LogGroupNameConfiguration",
 *   "LogsEncryptionConfiguration", "LogsBackupConfiguration" (CloudWatch Observability Admin API Reference):
 *   rule names, Regions, Scope length, selection-criteria length, the name-pattern syntax and its variables.
 * - "LogGroupConfiguration" (CloudWatch Observability Access Manager API Reference): the filter syntax the
 *   selection criteria share ("the same format as OAM link filters").
 * - "Encrypt log data in CloudWatch Logs using AWS Key Management Service": the key-policy statement.
 * - "Cross-account cross-Region log centralization" (CloudWatch Logs User Guide): concepts, backup Region.
 * What these pages leave open is listed in the README section "Centralization rules".
 */

/**
 * `RuleName`: 1-100 letters, digits and `-`. The CloudFormation schema is stricter than the API
 * (CreateCentralizationRuleForOrganization also allows `_`, `.`, `#` and `/`), and it is the one a deploy meets.
 */
const RULE_NAME = /^[0-9A-Za-z-]{1,100}$/;
/** The shape of an AWS Region code (`us-east-1`, `us-gov-west-1`, `eusc-de-east-1`); the API itself only asks for 1 character. */
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
/** An organizational unit ID, as AWS Organizations documents it. */
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** `LogGroupNamePattern` (LogGroupNameConfiguration). */
const NAME_PATTERN = /^(?:[._\-/#A-Za-z0-9]+|\$\{[A-Za-z]+(?:\.[A-Za-z]+){1,2}\})+$/;
/** The variables LogGroupNameConfiguration lists. */
const NAME_PATTERN_VARIABLES = [
  'source.logGroup', 'source.accountId', 'source.region', 'source.org.id', 'source.org.ouId', 'source.org.rootId', 'source.org.path',
];
/** `Scope`, `LogGroupSelectionCriteria` and `DataSourceSelectionCriteria` hold 1 to 2,000 characters. */
const MAX_FILTER_LENGTH = 2000;
/** OAM link filters: "Each filter has a limit of five conditional operands" (AND and OR). */
const MAX_CONDITIONAL_OPERANDS = 5;

/**
 * Which accounts of the organization a centralization rule copies logs from: the `Scope` of
 * `AWS::ObservabilityAdmin::OrganizationCentralizationRule` (at most 2,000 characters).
 */
export abstract class CentralizationScope {
  /**
   * Every account of the organization: `OrganizationId = '<id>'`.
   *
   * @param organizationId the organization ID, such as `o-a1b2c3d4e5`
   */
  public static organization(organizationId: string): CentralizationScope {
    return new RenderedScope(scope => {
      validateOrganizationId(scope, 'scope', organizationId);
      return `OrganizationId = '${organizationId}'`;
    });
  }

  /**
   * The listed accounts: `AccountId = '<id>'` for one, `AccountId IN ('<id>', ...)` for several.
   *
   * @param accountIds 12-digit account IDs of the organization
   */
  public static accounts(accountIds: string[]): CentralizationScope {
    return new RenderedScope(scope => {
      checkNonEmpty(scope, 'scope', accountIds, 'Name at least one account, or use CentralizationScope.organization()');
      accountIds.forEach(id => validateAccountId(scope, 'scope', id));
      return listCondition('AccountId', accountIds);
    });
  }

  /**
   * The accounts of the listed organizational units: `OrganizationalUnitId = '<id>'` or
   * `OrganizationalUnitId IN ('<id>', ...)`.
   *
   * @param organizationalUnitIds OU IDs, such as `ou-ab12-cd34ef56`
   */
  public static organizationalUnits(organizationalUnitIds: string[]): CentralizationScope {
    return new RenderedScope(scope => {
      checkNonEmpty(scope, 'scope', organizationalUnitIds, 'Name at least one organizational unit, or use CentralizationScope.organization()');
      for (const id of organizationalUnitIds) {
        if (!Token.isUnresolved(id) && !OU_ID.test(id)) {
          throw invalidInput(scope, 'scope', id,
            'an organizational unit ID is \'ou-\', 4 to 32 lowercase letters or digits (the root ID without \'r-\'), \'-\', then 8 to 32 more',
            'Copy the ID from the AWS Organizations console, such as \'ou-ab12-cd34ef56\'');
        }
      }
      return listCondition('OrganizationalUnitId', organizationalUnitIds);
    });
  }

  /**
   * A `Scope` string written by hand, passed through as is (only its length is checked).
   *
   * @param scope the scope expression, such as `AccountId = '111111111111'`
   */
  public static fromString(scope: string): CentralizationScope {
    return new RenderedScope(() => scope);
  }

  /**
   * The `Scope` string for a rule.
   *
   * @param scope the construct that uses the scope, for error messages
   */
  public abstract render(scope: IConstruct): string;
}

class RenderedScope extends CentralizationScope {
  constructor(private readonly renderer: (scope: IConstruct) => string) {
    super();
  }

  public render(scope: IConstruct): string {
    return this.renderer(scope);
  }
}

/**
 * Which log groups a centralization rule copies: `LogGroupSelectionCriteria` and
 * `DataSourceSelectionCriteria`, written in the filter syntax of CloudWatch cross-account
 * observability (OAM) link filters.
 *
 * Selections combine with `and()` and `or()`. A log-group selection and a data-source selection
 * can only be combined with `and()`: they render to two properties, and AWS copies an event only
 * when it matches both.
 */
export abstract class LogGroupSelection {
  /** Every log group: `*`. */
  public static all(): LogGroupSelection {
    return new Selection({ all: true, operands: 0 });
  }

  /** One log group by exact (case-sensitive) name: `LogGroupName = '<name>'`. */
  public static nameEquals(name: string): LogGroupSelection {
    return Selection.logGroups([name], names => `LogGroupName = ${quoted(names[0])}`);
  }

  /**
   * Log groups whose names start with a prefix: `LogGroupName LIKE '<prefix>%'` (OAM filters
   * match `LIKE` as a prefix only).
   */
  public static namePrefix(prefix: string): LogGroupSelection {
    return Selection.logGroups([prefix], names => `LogGroupName LIKE ${quoted(`${names[0]}%`)}`);
  }

  /** The listed log groups: `LogGroupName IN ('<a>', '<b>')`. */
  public static nameIn(names: string[]): LogGroupSelection {
    return Selection.logGroups(names, n => `LogGroupName IN (${n.map(quoted).join(', ')})`);
  }

  /** Every log group but the listed ones: `LogGroupName NOT IN ('<a>', '<b>')`. */
  public static nameNotIn(names: string[]): LogGroupSelection {
    return Selection.logGroups(names, n => `LogGroupName NOT IN (${n.map(quoted).join(', ')})`);
  }

  /**
   * Log events of a data source (`DataSourceSelectionCriteria`):
   * `DataSourceName = '<name>'`, and `AND DataSourceType = '<type>'` when a type is given.
   *
   * @param name the data source name, such as `amazon_vpc`
   * @param type the data source type, such as `flow`
   */
  public static dataSource(name: string, type?: string): LogGroupSelection {
    const values = type === undefined ? [name] : [name, type];
    return new Selection({
      dataSources: (scope) => {
        values.forEach(v => checkQuotable(scope, v));
        return type === undefined
          ? `DataSourceName = ${quoted(name)}`
          : `DataSourceName = ${quoted(name)} AND DataSourceType = ${quoted(type)}`;
      },
      operands: type === undefined ? 0 : 1,
    });
  }

  /**
   * A `LogGroupSelectionCriteria` string written by hand, passed through as is (only its length is checked).
   */
  public static fromString(criteria: string): LogGroupSelection {
    return new Selection({ logGroups: () => criteria, operands: 0, raw: true });
  }

  /** Log events that match this selection and the other. */
  public abstract and(other: LogGroupSelection): LogGroupSelection;

  /** Log events that match this selection or the other (both must select log groups, or both data sources). */
  public abstract or(other: LogGroupSelection): LogGroupSelection;

  /**
   * The selection criteria for a rule.
   *
   * @param scope the construct that uses the selection, for error messages
   */
  public abstract render(scope: IConstruct): LogGroupSelectionConfig;
}

/** What a `LogGroupSelection` renders to. */
export interface LogGroupSelectionConfig {
  /**
   * The `LogGroupSelectionCriteria`.
   *
   * @default `*`, every log group
   */
  readonly logGroupSelectionCriteria?: string;

  /**
   * The `DataSourceSelectionCriteria`.
   *
   * @default no data-source criteria
   */
  readonly dataSourceSelectionCriteria?: string;
}

interface SelectionParts {
  readonly all?: boolean;
  readonly logGroups?: (scope: IConstruct) => string;
  readonly dataSources?: (scope: IConstruct) => string;
  /** The AND/OR operators in the expressions. */
  readonly operands: number;
  /** The operator joining the parts of a combined expression, when there is one. */
  readonly joinedBy?: 'AND' | 'OR';
  readonly raw?: boolean;
  /** Set when the combination cannot be rendered: the reason, raised at render time with the construct path. */
  readonly invalid?: { value: string; rule: string; fix: string };
}

/**
 * The selections of `LogGroupSelection`'s factories, recognised across copies of the library by this brand. Another
 * copy's selection is read through its `SelectionParts`: change the version in the key when their shape changes, so
 * that copies of different shapes refuse to combine rather than misread each other.
 */
const SELECTION_BRAND = Symbol.for('cdk-log-destinations.LogGroupSelection.Selection@1');

class Selection extends LogGroupSelection {
  public static logGroups(values: string[], render: (values: string[]) => string): Selection {
    return new Selection({
      logGroups: (scope) => {
        checkNonEmpty(scope, 'logGroups', values, 'Name at least one log group, or use LogGroupSelection.all()');
        values.forEach(v => checkQuotable(scope, v));
        return render(values);
      },
      operands: 0,
    });
  }

  constructor(private readonly parts: SelectionParts) {
    super();
    markBranded(this, SELECTION_BRAND);
  }

  public and(other: LogGroupSelection): LogGroupSelection {
    return this.combine(other, 'AND');
  }

  public or(other: LogGroupSelection): LogGroupSelection {
    return this.combine(other, 'OR');
  }

  public render(scope: IConstruct): LogGroupSelectionConfig {
    const p = this.parts;
    if (p.invalid) {
      throw invalidInput(scope, 'logGroups', p.invalid.value, p.invalid.rule, p.invalid.fix);
    }
    if (p.operands > MAX_CONDITIONAL_OPERANDS) {
      throw invalidInput(scope, 'logGroups', p.logGroups?.(scope) ?? p.dataSources?.(scope),
        `a filter holds at most ${MAX_CONDITIONAL_OPERANDS} conditional operands (AND, OR); this one has ${p.operands}`,
        'Use nameIn()/nameNotIn() instead of chains of nameEquals(), or split the selection across rules');
    }
    const logGroupSelectionCriteria = p.all || !p.logGroups ? '*' : p.logGroups(scope);
    const dataSourceSelectionCriteria = p.dataSources?.(scope);
    checkFilterLength(scope, 'logGroups', logGroupSelectionCriteria);
    if (dataSourceSelectionCriteria !== undefined) {
      checkFilterLength(scope, 'logGroups', dataSourceSelectionCriteria);
    }
    return { logGroupSelectionCriteria, dataSourceSelectionCriteria };
  }

  private combine(selection: LogGroupSelection, op: 'AND' | 'OR'): LogGroupSelection {
    // A selection of another copy of the library carries the same brand and the same parts.
    if (!isBranded(selection, SELECTION_BRAND)) {
      // A subclass written outside the library renders on its own; its expression cannot be merged here.
      return invalidSelection('a LogGroupSelection subclass combined with another',
        'only the selections of LogGroupSelection\'s factories can be combined',
        'Write the whole filter in LogGroupSelection.fromString()');
    }
    const other = selection as Selection;
    const a = this.parts;
    const b = other.parts;
    if (a.invalid) return this;
    if (b.invalid) return other;
    // '*' is the identity of AND and absorbs OR.
    if (a.all) return op === 'AND' ? other : this;
    if (b.all) return op === 'AND' ? this : other;
    const logGroups = joinParts(a.logGroups, b.logGroups, a, b, op);
    const dataSources = joinParts(a.dataSources, b.dataSources, a, b, op);
    if (op === 'OR' && (a.logGroups && b.dataSources || a.dataSources && b.logGroups)) {
      return invalidSelection('a log-group selection OR a data-source selection',
        'AWS applies LogGroupSelectionCriteria and DataSourceSelectionCriteria together (an event must match both), so they cannot be ORed',
        'Combine them with and(), or create two rules');
    }
    if (logGroups === 'mixed' || dataSources === 'mixed') {
      return invalidSelection('a selection that mixes AND and OR',
        'the OAM filter syntax documents parentheses only around IN lists, not for grouping, so AND and OR cannot be nested safely',
        'Use one operator throughout, express the choice with nameIn()/nameNotIn(), or write the filter with LogGroupSelection.fromString()');
    }
    if (a.raw || b.raw) {
      return invalidSelection('a fromString() selection combined with another',
        'a hand-written filter is passed through as is and cannot be combined',
        'Write the whole filter in LogGroupSelection.fromString()');
    }
    const joinedLogGroups = a.logGroups && b.logGroups;
    const joinedDataSources = a.dataSources && b.dataSources;
    return new Selection({
      logGroups: logGroups as ((scope: IConstruct) => string) | undefined,
      dataSources: dataSources as ((scope: IConstruct) => string) | undefined,
      operands: a.operands + b.operands + (joinedLogGroups ? 1 : 0) + (joinedDataSources ? 1 : 0),
      joinedBy: joinedLogGroups || joinedDataSources ? op : a.joinedBy ?? b.joinedBy,
    });
  }
}

function invalidSelection(value: string, rule: string, fix: string): Selection {
  return new Selection({ operands: 0, invalid: { value, rule, fix } });
}

/** Joins two expressions of one property with AND/OR, or says 'mixed' when that would need grouping. */
function joinParts(
  x: ((scope: IConstruct) => string) | undefined, y: ((scope: IConstruct) => string) | undefined,
  a: SelectionParts, b: SelectionParts, op: 'AND' | 'OR',
): ((scope: IConstruct) => string) | undefined | 'mixed' {
  if (!x || !y) {
    return x ?? y;
  }
  if ((a.joinedBy && a.joinedBy !== op) || (b.joinedBy && b.joinedBy !== op)) {
    return 'mixed';
  }
  return scope => `${x(scope)} ${op} ${y(scope)}`;
}

function quoted(value: string): string {
  return `'${value}'`;
}

/** OAM filters quote values in single quotes and document no escape, so a value with a quote cannot be written. */
function checkQuotable(scope: IConstruct, value: string): void {
  if (!Token.isUnresolved(value) && value.includes('\'')) {
    throw invalidInput(scope, 'logGroups', value,
      'filter values are written in single quotes and AWS documents no escape for a quote inside one',
      'Check the value: log group names have no quotes, so this one cannot match any log group');
  }
}

function checkNonEmpty(scope: IConstruct, property: string, values: string[], fix: string): void {
  if (values.length === 0) {
    throw invalidInput(scope, property, values, 'the list is empty', fix);
  }
}

function listCondition(operand: string, values: string[]): string {
  return values.length === 1
    ? `${operand} = ${quoted(values[0])}`
    : `${operand} IN (${values.map(quoted).join(', ')})`;
}

function checkFilterLength(scope: IConstruct, property: string, value: string): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  const length = [...value].length;
  if (length < 1 || length > MAX_FILTER_LENGTH) {
    throw invalidInput(scope, property, value,
      `the expression must have 1 to ${MAX_FILTER_LENGTH} characters (it has ${length})`,
      property === 'scope'
        ? 'Scope by organizational units or by the whole organization instead of listing many accounts, or split the accounts across rules'
        : 'Select by name prefix instead of listing many names, or split the log groups across rules');
  }
}

/** Whether CloudWatch Logs centralizes source log groups encrypted with a customer managed KMS key. */
export enum EncryptedLogGroupStrategy {
  /** Centralize them too. */
  ALLOW = 'ALLOW',
  /** Leave them out. */
  SKIP = 'SKIP',
}

/**
 * What happens when the rule encrypts with a customer managed key and a destination log group
 * already exists encrypted with an AWS-owned key (`EncryptionConflictResolutionStrategy`).
 */
export enum EncryptionConflictResolution {
  /** Centralize into the existing log group anyway. */
  ALLOW = 'ALLOW',
  /** Do not centralize into that log group. */
  SKIP = 'SKIP',
}

/** Properties of a `LogCentralizationRule`. */
export interface LogCentralizationRuleProps {
  /**
   * The Regions to copy log events from (at least one, no duplicates).
   */
  readonly sourceRegions: string[];

  /**
   * The accounts to copy log events from: the whole organization, accounts, or organizational units.
   */
  readonly scope: CentralizationScope;

  /**
   * Which log groups (or data sources) to copy.
   *
   * @default LogGroupSelection.all()
   */
  readonly logGroups?: LogGroupSelection;

  /**
   * Whether to copy source log groups encrypted with a customer managed KMS key.
   *
   * @default EncryptedLogGroupStrategy.SKIP: log groups whose owners chose their own key stay where they are
   */
  readonly encryptedLogGroups?: EncryptedLogGroupStrategy;

  /**
   * The account (of the organization) that receives the copies.
   */
  readonly destinationAccount: string;

  /**
   * The Region that receives the copies.
   */
  readonly destinationRegion: string;

  /**
   * A customer managed key, in the destination account and Region, for the destination log groups
   * (AWS applies it to the copies of log groups that are encrypted with a customer managed key at
   * the source). A `kms.Key` of this app gets the key-policy statement and tag it needs.
   *
   * @default the destination log groups use an AWS-owned key (`AWS_OWNED`)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What to do when `encryptionKey` is set and a destination log group already exists with an AWS-owned key.
   * Only valid with `encryptionKey`.
   *
   * @default not set: CloudWatch Logs applies its own default, which AWS does not document
   */
  readonly encryptionConflictResolution?: EncryptionConflictResolution;

  /**
   * A second Region of the destination account that also receives the copies (charged, unlike the first copy).
   *
   * @default no backup copy
   */
  readonly backupRegion?: string;

  /**
   * A customer managed key, in the destination account and the backup Region, for the backup log groups.
   * Only valid with `backupRegion`.
   *
   * @default the backup log groups use an AWS-owned key
   */
  readonly backupEncryptionKey?: kms.IKey;

  /**
   * How the destination log groups are named: static text and the variables `${source.logGroup}`,
   * `${source.accountId}`, `${source.region}`, `${source.org.id}`, `${source.org.ouId}`,
   * `${source.org.rootId}` and `${source.org.path}` (1 to 512 characters).
   *
   * @default CloudWatch Logs' own naming
   */
  readonly destinationLogGroupNamePattern?: string;

  /**
   * The rule's name: 1 to 100 letters, digits or `-`. Changing it replaces the rule.
   *
   * @default a name generated from the construct path, stable across synths
   */
  readonly ruleName?: string;
}

/** A CloudWatch Logs organization centralization rule, owned by this app. */
export interface ILogCentralizationRule extends IResource {
  /**
   * The name of the rule.
   *
   * @attribute
   */
  readonly ruleName: string;

  /**
   * The ARN of the rule.
   *
   * @attribute
   */
  readonly ruleArn: string;
}

/**
 * Copies new log events from the accounts and Regions of an organization into one destination
 * account and Region (`AWS::ObservabilityAdmin::OrganizationCentralizationRule`).
 *
 * Deploy it in the organization's management account or in CloudWatch's delegated administrator
 * account, after trusted access for CloudWatch is enabled in AWS Organizations.
 *
 * @resource AWS::ObservabilityAdmin::OrganizationCentralizationRule
 *
 * @example
 * import { App, Stack } from 'aws-cdk-lib';
 * import { CentralizationScope, LogCentralizationRule, LogGroupSelection } from 'cdk-log-destinations';
 *
 * const app = new App();
 * // The log-archive account, also CloudWatch's delegated administrator for the organization.
 * const archive = new Stack(app, 'LogArchive', { env: { account: '999999999999', region: 'us-east-1' } });
 * new LogCentralizationRule(archive, 'ToLogArchive', {
 *   sourceRegions: ['us-east-1', 'eu-west-1'],
 *   scope: CentralizationScope.organization('o-a1b2c3d4e5'),
 *   logGroups: LogGroupSelection.namePrefix('/aws/lambda/'),
 *   destinationAccount: '999999999999',
 *   destinationRegion: 'us-east-1',
 *   backupRegion: 'us-west-2', // a copy in a second Region of the destination account
 * });
 */
export class LogCentralizationRule extends Resource implements ILogCentralizationRule {
  public readonly ruleName: string;
  public readonly ruleArn: string;

  constructor(scope: Construct, id: string, props: LogCentralizationRuleProps) {
    super(scope, id, { physicalName: props.ruleName });

    this.ruleName = props.ruleName ?? Names.uniqueResourceName(this, { maxLength: 100 });
    if (!Token.isUnresolved(this.ruleName) && !RULE_NAME.test(this.ruleName)) {
      throw invalidInput(this, 'ruleName', this.ruleName,
        'a rule name has 1 to 100 characters, each a letter, a digit or \'-\' (the CloudFormation schema\'s pattern)',
        'Choose another name, or leave ruleName out to get a generated one');
    }

    checkRegions(this, props.sourceRegions);
    checkRegion(this, 'destinationRegion', props.destinationRegion);
    validateAccountId(this, 'destinationAccount', props.destinationAccount);

    const scopeExpression = props.scope.render(this);
    checkFilterLength(this, 'scope', scopeExpression);
    const selection = (props.logGroups ?? LogGroupSelection.all()).render(this);

    if (props.encryptionConflictResolution !== undefined && !props.encryptionKey) {
      throw invalidInput(this, 'encryptionConflictResolution', props.encryptionConflictResolution,
        'the conflict resolution applies only when the rule encrypts with a customer managed key',
        'Set encryptionKey, or leave encryptionConflictResolution out');
    }
    if (props.backupEncryptionKey && props.backupRegion === undefined) {
      throw invalidInput(this, 'backupEncryptionKey', props.backupEncryptionKey.keyArn,
        'a backup key encrypts the backup copy, and there is none without backupRegion',
        'Set backupRegion, or leave backupEncryptionKey out');
    }
    if (props.backupRegion !== undefined) {
      checkRegion(this, 'backupRegion', props.backupRegion);
      if (!Token.isUnresolved(props.backupRegion) && !Token.isUnresolved(props.destinationRegion)
        && props.backupRegion === props.destinationRegion) {
        throw invalidInput(this, 'backupRegion', props.backupRegion,
          'the backup Region is a second Region of the destination account, so it cannot be the destination Region',
          'Choose another Region for the backup copy, or leave backupRegion out');
      }
      if (props.encryptionKey && !props.backupEncryptionKey) {
        warn(this, 'cdk-log-destinations:centralizationBackupKey',
          'encryptionKey is set but backupEncryptionKey is not: KMS keys are regional, so the backup log groups cannot use '
          + 'encryptionKey; set backupEncryptionKey to a key in the backup Region to encrypt them with a customer managed key too.');
      }
    }
    if (props.destinationLogGroupNamePattern !== undefined) {
      checkNamePattern(this, props.destinationLogGroupNamePattern);
    }

    if (props.encryptionKey) {
      prepareKey(this, 'encryptionKey', props.encryptionKey, props.destinationAccount, props.destinationRegion);
    }
    if (props.backupEncryptionKey && props.backupRegion !== undefined) {
      prepareKey(this, 'backupEncryptionKey', props.backupEncryptionKey, props.destinationAccount, props.backupRegion);
    }

    const resource = new CfnOrganizationCentralizationRule(this, 'Resource', {
      ruleName: this.ruleName,
      rule: {
        source: {
          regions: props.sourceRegions,
          scope: scopeExpression,
          sourceLogsConfiguration: {
            encryptedLogGroupStrategy: props.encryptedLogGroups ?? EncryptedLogGroupStrategy.SKIP,
            logGroupSelectionCriteria: selection.logGroupSelectionCriteria,
            dataSourceSelectionCriteria: selection.dataSourceSelectionCriteria,
          },
        },
        destination: {
          account: props.destinationAccount,
          region: props.destinationRegion,
          destinationLogsConfiguration: {
            logsEncryptionConfiguration: props.encryptionKey
              ? {
                encryptionStrategy: 'CUSTOMER_MANAGED',
                kmsKeyArn: props.encryptionKey.keyArn,
                encryptionConflictResolutionStrategy: props.encryptionConflictResolution,
              }
              : { encryptionStrategy: 'AWS_OWNED' },
            backupConfiguration: props.backupRegion !== undefined
              ? { region: props.backupRegion, kmsKeyArn: props.backupEncryptionKey?.keyArn }
              : undefined,
            logGroupNameConfiguration: props.destinationLogGroupNamePattern !== undefined
              ? { logGroupNamePattern: props.destinationLogGroupNamePattern }
              : undefined,
          },
        },
      },
    });
    this.ruleArn = resource.attrRuleArn;
  }
}

function checkRegion(scope: IConstruct, property: string, region: string): void {
  if (Token.isUnresolved(region) || REGION.test(region)) {
    return;
  }
  throw invalidInput(scope, property, region,
    'a Region is a Region code such as \'us-east-1\' or \'eu-west-1\'',
    'Use the code, not the name (\'eu-west-1\', not \'Europe (Ireland)\'), in lowercase');
}

function checkRegions(scope: IConstruct, regions: string[]): void {
  if (Token.isUnresolved(regions)) {
    return;
  }
  if (regions.length === 0) {
    throw invalidInput(scope, 'sourceRegions', regions, 'a rule copies from at least one Region',
      'List the Regions to copy log events from, such as [\'us-east-1\', \'eu-west-1\']');
  }
  const seen = new Set<string>();
  for (const region of regions) {
    checkRegion(scope, 'sourceRegions', region);
    if (!Token.isUnresolved(region) && seen.has(region)) {
      throw invalidInput(scope, 'sourceRegions', regions, `the Regions must be unique, and '${region}' appears twice`,
        'List each Region once');
    }
    seen.add(region);
  }
}

function checkNamePattern(scope: IConstruct, pattern: string): void {
  if (Token.isUnresolved(pattern)) {
    return;
  }
  const length = [...pattern].length;
  if (length < 1 || length > 512 || !NAME_PATTERN.test(pattern)) {
    throw invalidInput(scope, 'destinationLogGroupNamePattern', pattern,
      'a name pattern has 1 to 512 characters: letters, digits, \'.\', \'_\', \'-\', \'/\', \'#\' and ${variable} references'
      + ` (it has ${length} characters)`,
      'Write variables as \'${source.logGroup}\', with no other characters');
  }
  for (const match of pattern.matchAll(/\$\{([^}]*)\}/g)) {
    if (!NAME_PATTERN_VARIABLES.includes(match[1])) {
      throw invalidInput(scope, 'destinationLogGroupNamePattern', pattern,
        `'\${${match[1]}}' is not a variable AWS supports`,
        `Use one of ${NAME_PATTERN_VARIABLES.map(v => `\${${v}}`).join(', ')}`);
    }
  }
}

/**
 * Checks that a key is in the account and Region it must be in, and, for a key of this app, adds
 * the key-policy statement of "Encrypt log data in CloudWatch Logs using AWS Key Management
 * Service" for log groups of that account and Region, and the `LogsManaged=true` tag.
 */
function prepareKey(scope: IConstruct, property: string, key: kms.IKey, account: string, region: string): void {
  const keyEnv = key.env;
  for (const [what, actual, expected] of [['account', keyEnv.account, account], ['Region', keyEnv.region, region]]) {
    if (!Token.isUnresolved(actual) && !Token.isUnresolved(expected) && actual !== expected) {
      throw invalidInput(scope, property, Token.isUnresolved(key.keyArn) ? key.node.path : key.keyArn,
        `the key must be in the destination account and ${property === 'encryptionKey' ? 'Region' : 'backup Region'} `
        + `(${what} '${expected}'), and this one is in ${what} '${actual}'`,
        `Use a key of ${what} '${expected}'`);
    }
  }
  const statement = new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsCentralizedLogGroups',
    principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logsSourceArn(key, account, region) },
    },
  });
  const { statementAdded } = key.addToResourcePolicy(statement, /* allowNoOp */ true);
  if (statementAdded) {
    Tags.of(key).add('LogsManaged', 'true');
  } else {
    warn(scope, 'cdk-log-destinations:importedCentralizationKey',
      `${property} is imported, so its key policy and tags cannot be changed here. CloudWatch Logs needs a key-policy statement `
      + `allowing the service principal logs.${region}.amazonaws.com kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, `
      + `kms:GenerateDataKey* and kms:Describe* with kms:EncryptionContext:aws:logs:arn like arn:<partition>:logs:${region}:${account}:*, `
      + 'and the key must carry the tag LogsManaged=true (see the README, "Centralization rules").');
  }
}
