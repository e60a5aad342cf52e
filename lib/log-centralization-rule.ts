import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Arn, ArnFormat, CfnResource, IResource, Names, Resource, Stack, Tags, Token } from 'aws-cdk-lib/core';
import { Construct, IConstruct } from 'constructs';
import { CentralizationScope } from './centralization-scope';
import { LogGroupSelection } from './log-group-selection';
import { logsSourceArn } from './private/arns';
import { knownDifference } from './private/environments';
import { invalidInput } from './private/errors';
import { checkFilterLength } from './private/filter-expressions';
import { checkArgs } from './private/guard';
import { awsObservabilityAdmin } from './private/lazy-modules';
import { checkAccountId } from './private/validation';
import { warn } from './private/warnings';

/*
 * The rules below come from AWS's pages, by title:
 * - "Cross-account cross-Region log centralization" (CloudWatch Logs User Guide): the create-rule procedure's
 *   scope grammar ("Supported Keys: OrganizationId | OrganizationUnitId | AccountId | *", "Supported Operators:
 *   = | IN | OR"), the key tag `LogsManaged = true`, what `SKIP` conflict resolution drops
 *   (`DestinationEncryptionMismatch`), the default destination name (merges same-named log groups), that
 *   `EncryptedLogGroupStrategy` `ALLOW` "requires KMS permissions" in the source accounts, the prerequisites
 *   (trusted access, service-linked role, delegated administrator), the backup Region.
 * - "CreateCentralizationRuleForOrganization", "GetCentralizationRuleForOrganization", "CentralizationRuleSource",
 *   "SourceLogsConfiguration", "DestinationLogsConfiguration", "LogGroupNameConfiguration",
 *   "LogsEncryptionConfiguration", "LogsBackupConfiguration", "TagPropagationConfiguration" (CloudWatch Observability
 *   Admin API Reference): rule names, Regions, Scope and criteria lengths, the name-pattern syntax and its variables,
 *   `EncryptionScope`, tag propagation and what it requires of the name pattern.
 * - "LogGroupConfiguration" (CloudWatch Observability Access Manager API Reference): the filter syntax the
 *   selection criteria share ("the same format as OAM link filters").
 * - "Encrypt log data in CloudWatch Logs using AWS Key Management Service": the key-policy statement.
 * - "Actions, resources, and condition keys for Amazon CloudWatch Observability Admin Service" (Service Authorization
 *   Reference): the rule's ARN format and the read action.
 * What these pages leave open is listed in the README section "Centralization rules".
 */

/**
 * `RuleName`: 1-100 letters, digits and `-`. The CloudFormation schema is stricter than the API
 * (CreateCentralizationRuleForOrganization also allows `_`, `.`, `#` and `/`), and it is the one a deploy meets.
 */
const RULE_NAME = /^[0-9A-Za-z-]{1,100}$/;
/** The shape of an AWS Region code (`us-east-1`, `us-gov-west-1`, `eusc-de-east-1`); the API itself only asks for 1 character. */
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
/** `LogGroupNamePattern` (LogGroupNameConfiguration). */
const NAME_PATTERN = /^(?:[._\-/#A-Za-z0-9]+|\$\{[A-Za-z]+(?:\.[A-Za-z]+){1,2}\})+$/;
/** The variables LogGroupNameConfiguration lists. */
const NAME_PATTERN_VARIABLES = [
  'source.logGroup', 'source.accountId', 'source.region', 'source.org.id', 'source.org.ouId', 'source.org.rootId', 'source.org.path',
];
/**
 * A rule's ARN: `arn:<partition>:observabilityadmin:<region>:<account>:organization-centralization-rule/<name>` (Service
 * Authorization Reference), with a name as the API takes it (1-100 of `[0-9A-Za-z-_.#/]`), since a rule created
 * outside CloudFormation may use the characters the resource schema refuses.
 */
const RULE_ARN = /^arn:[^:]+:observabilityadmin:[a-z0-9-]+:\d{12}:organization-centralization-rule\/([0-9A-Za-z\-_.#/]{1,100})$/;
/** A rule name as the API takes it ("CreateCentralizationRuleForOrganization"). */
const API_RULE_NAME = /^[0-9A-Za-z\-_.#/]{1,100}$/;
/** The variables tag propagation requires in the name pattern ("DestinationLogsConfiguration"). */
const TAG_PROPAGATION_VARIABLES = ['${source.logGroup}', '${source.accountId}', '${source.region}'];
/** What reading a rule takes: the rule's health, failure reason and tag-propagation status come from this call. */
const READ_ACTIONS = ['observabilityadmin:GetCentralizationRuleForOrganization'];
/** A `Scope` that names exactly one account, after which the destination names need no account ID. */
const ONE_ACCOUNT_SCOPE = /^AccountId = '\d{12}'$/;
/** A name pattern that AWS's own rules, and ours, suggest: every source keeps its own destination log group. */
const SUGGESTED_NAME_PATTERN = '/central/${source.accountId}/${source.region}${source.logGroup}';

/** Whether CloudWatch Logs centralizes source log groups encrypted with a customer managed KMS key. */
export enum EncryptedLogGroupStrategy {
  /**
   * Centralize them too. AWS: this "requires KMS permissions" in the source accounts, on keys this app
   * cannot change (the rule warns at synth).
   */
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
  /**
   * Do not centralize into that log group: its log events are dropped, with a `DestinationEncryptionMismatch`
   * error (the rule warns at synth).
   */
  SKIP = 'SKIP',
}

/**
 * Which new destination log groups the rule's customer managed key encrypts (`EncryptionScope` of
 * `LogsEncryptionConfiguration`).
 */
export enum EncryptionScope {
  /**
   * Only the copies of source log groups that are themselves encrypted with a customer managed key (AWS's
   * default); the copies of the others stay encrypted with an AWS-owned key.
   */
  ENCRYPTED_SOURCE_ONLY = 'ENCRYPTED_SOURCE_ONLY',
  /** Every destination log group the rule creates, whatever the source log group's encryption. */
  NEW_DESTINATION_LOG_GROUPS = 'NEW_DESTINATION_LOG_GROUPS',
}

/**
 * What tag propagation does when a tag key exists on both the source and the destination log group
 * (`TagConflictResolutionStrategy` of `TagPropagationConfiguration`).
 */
export enum TagConflictResolution {
  /** Only add the source's new tags; existing destination tags stay as they are. */
  ADD_ONLY = 'ADD_ONLY',
  /** Add new tags and update existing ones from the source; destination tags absent from the source stay (AWS's default). */
  UPDATE_SYNC = 'UPDATE_SYNC',
  /** Keep the destination's tags the same as the source's, removing destination tags the source does not have. */
  IN_SYNC = 'IN_SYNC',
}

/** Properties of a `LogCentralizationRule`. */
export interface LogCentralizationRuleProps {
  /**
   * The Regions to copy log events from (at least one, no duplicates).
   */
  readonly sourceRegions: string[];

  /**
   * The accounts to copy log events from: the whole organization, accounts, organizational units, or
   * several of these joined with `or()`.
   */
  readonly scope: CentralizationScope;

  /**
   * Which log groups (or data sources) to copy.
   *
   * @default LogGroupSelection.all()
   */
  readonly logGroups?: LogGroupSelection;

  /**
   * Whether to copy source log groups encrypted with a customer managed KMS key. `ALLOW` works only
   * where those keys give CloudWatch Logs KMS permissions in their source accounts.
   *
   * @default EncryptedLogGroupStrategy.SKIP
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
   * A customer managed key, in the destination account and Region, for the destination log groups that
   * `encryptionScope` names. A `kms.Key` of this app gets the key-policy statement and the `LogsManaged=true` tag it
   * needs.
   *
   * @default - the destination log groups use an AWS-owned key (`AWS_OWNED`)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Which new destination log groups `encryptionKey` encrypts. Only valid with `encryptionKey`.
   *
   * @default - AWS's default, `ENCRYPTED_SOURCE_ONLY`: only the copies of log groups encrypted with a customer managed
   * key at the source
   */
  readonly encryptionScope?: EncryptionScope;

  /**
   * What to do when `encryptionKey` is set and a destination log group already exists with an AWS-owned key.
   * Only valid with `encryptionKey`.
   *
   * @default - CloudWatch Logs' own default, which AWS does not document
   */
  readonly encryptionConflictResolution?: EncryptionConflictResolution;

  /**
   * A second Region of the destination account that also receives the copies.
   *
   * @default - no backup copy
   */
  readonly backupRegion?: string;

  /**
   * A customer managed key, in the destination account and the backup Region, for the backup log groups.
   * Only valid with `backupRegion`.
   *
   * @default - the backup log groups use an AWS-owned key
   */
  readonly backupEncryptionKey?: kms.IKey;

  /**
   * How the destination log groups are named: static text and the variables `${source.logGroup}`,
   * `${source.accountId}`, `${source.region}`, `${source.org.id}`, `${source.org.ouId}`,
   * `${source.org.rootId}` and `${source.org.path}` (1 to 512 characters). Without `${source.accountId}`
   * and `${source.region}`, same-named log groups of different accounts and Regions merge into one.
   *
   * @default - the source log group's name alone (CloudWatch Logs' own naming)
   */
  readonly destinationLogGroupNamePattern?: string;

  /**
   * A role in the destination account that CloudWatch assumes to copy the source log groups' tags onto the
   * destination log groups (`TagPropagationConfiguration`). The deployer needs `iam:PassRole` on it. Requires a
   * `destinationLogGroupNamePattern` with `${source.logGroup}`, `${source.accountId}` and `${source.region}`.
   *
   * @default - tags are not propagated
   */
  readonly tagPropagationRole?: iam.IRole;

  /**
   * What tag propagation does with a tag key on both the source and the destination log group. Only valid with
   * `tagPropagationRole`.
   *
   * @default - AWS's default, `UPDATE_SYNC`
   */
  readonly tagConflictResolution?: TagConflictResolution;

  /**
   * The rule's name: 1 to 100 letters, digits or `-`. Changing it replaces the rule.
   *
   * @default - a name generated from the construct path, stable across synths
   */
  readonly ruleName?: string;
}

/** A CloudWatch Logs organization centralization rule, of this app or imported. */
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

  /**
   * Lets `grantee` read the rule (`observabilityadmin:GetCentralizationRuleForOrganization` on its ARN): its
   * configuration and its health (`RuleHealth`, `FailureReason`, `TagPropagationStatus`), which is where a rule
   * that cannot work reports itself, since its deploy does not fail.
   *
   * @param grantee the principal to grant to, such as a monitoring function's role
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}

/** What owned and imported rules share. */
abstract class LogCentralizationRuleBase extends Resource implements ILogCentralizationRule {
  public abstract readonly ruleName: string;
  public abstract readonly ruleArn: string;

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    checkArgs('LogCentralizationRule.grantRead', [grantee], this);
    return iam.Grant.addToPrincipal({ grantee, actions: READ_ACTIONS, resourceArns: [this.ruleArn] });
  }
}

/**
 * Copies new log events from the accounts and Regions of an organization into one destination
 * account and Region (`AWS::ObservabilityAdmin::OrganizationCentralizationRule`).
 *
 * Before the first deploy, outside CloudFormation (CloudWatch Logs User Guide, "Cross-account cross-Region
 * log centralization"; AWS Organizations User Guide, "Amazon CloudWatch and AWS Organizations"):
 * - trusted access for CloudWatch (`observabilityadmin.amazonaws.com`) enabled in AWS Organizations;
 * - the service-linked role `AWSServiceRoleForObservabilityAdmin` in the management account, which only enabling
 *   trusted access from the CloudWatch console creates (otherwise: `aws iam create-service-linked-role
 *   --aws-service-name observabilityadmin.amazonaws.com`);
 * - the stack deployed in the organization's management account, or in an account registered as CloudWatch's
 *   delegated administrator;
 * - the deployer allowed the `observabilityadmin:` rule actions (README, "What AWS needs from you").
 * A rule deployed without trusted access does not fail the deploy: it reports itself unhealthy
 * (`FailureReason` `TRUSTED_ACCESS_NOT_ENABLED`), which `grantRead()` lets a monitor read.
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
 *   // one destination log group per source account, Region and log group
 *   destinationLogGroupNamePattern: '/central/${source.accountId}/${source.region}${source.logGroup}',
 *   backupRegion: 'us-west-2', // a copy in a second Region of the destination account
 * });
 */
export class LogCentralizationRule extends LogCentralizationRuleBase {
  /**
   * Imports a rule by ARN (`arn:<partition>:observabilityadmin:<region>:<account>:organization-centralization-rule/<name>`).
   * The rule's account and Region come from the ARN. For an ARN that is a token, the name is read as the text after
   * the first `/` up to the next one.
   *
   * @param scope the scope of the import
   * @param id the import's construct ID
   * @param ruleArn the rule's ARN, as `GetCentralizationRuleForOrganization` or `ListCentralizationRulesForOrganization` return it
   */
  public static fromRuleArn(scope: Construct, id: string, ruleArn: string): ILogCentralizationRule {
    checkArgs('LogCentralizationRule.fromRuleArn', [scope, id, ruleArn]);
    return new ImportedLogCentralizationRule(scope, id, ruleArn);
  }

  /**
   * Imports a rule of this stack's account and Region by name (the account and Region where the rule was created:
   * the management account or CloudWatch's delegated administrator).
   *
   * @param scope the scope of the import
   * @param id the import's construct ID
   * @param ruleName the rule's name: 1 to 100 letters, digits, `-`, `_`, `.`, `#` or `/`
   */
  public static fromRuleName(scope: Construct, id: string, ruleName: string): ILogCentralizationRule {
    checkArgs('LogCentralizationRule.fromRuleName', [scope, id, ruleName]);
    if (!Token.isUnresolved(ruleName) && !API_RULE_NAME.test(ruleName)) {
      throw invalidInput(scope, 'ruleName', ruleName,
        'a rule name has 1 to 100 characters, each a letter, a digit, \'-\', \'_\', \'.\', \'#\' or \'/\'',
        'Copy the name from ListCentralizationRulesForOrganization, or import the rule with fromRuleArn');
    }
    const ruleArn = Stack.of(scope).formatArn({
      service: 'observabilityadmin', resource: 'organization-centralization-rule', resourceName: ruleName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return new ImportedLogCentralizationRule(scope, id, ruleArn, ruleName);
  }

  /** @attribute */
  public readonly ruleName: string;
  /** @attribute */
  public readonly ruleArn: string;

  constructor(scope: Construct, id: string, props: LogCentralizationRuleProps) {
    checkArgs('LogCentralizationRule', [scope, id, props]);
    super(scope, id, { physicalName: props.ruleName });

    this.ruleName = props.ruleName ?? Names.uniqueResourceName(this, { maxLength: 100 });
    if (!Token.isUnresolved(this.ruleName) && !RULE_NAME.test(this.ruleName)) {
      throw invalidInput(this, 'ruleName', this.ruleName,
        'a rule name has 1 to 100 characters, each a letter, a digit or \'-\' (the CloudFormation schema\'s pattern)',
        'Choose another name, or leave ruleName out to get a generated one');
    }

    checkRegions(this, props.sourceRegions);
    checkRegion(this, 'destinationRegion', props.destinationRegion);
    checkAccountId(this, 'destinationAccount', props.destinationAccount);

    const scopeExpression = CentralizationScope._renderOf(this, props.scope);
    checkFilterLength(this, 'scope', scopeExpression);
    const selection = LogGroupSelection._renderOf(this, props.logGroups ?? LogGroupSelection.all());

    checkEncryption(this, props);
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
    checkTagPropagation(this, props);
    warnOfMergedNames(this, props, scopeExpression);

    if (props.encryptionKey) {
      prepareKey(this, 'encryptionKey', props.encryptionKey, props.destinationAccount, props.destinationRegion);
    }
    if (props.backupEncryptionKey && props.backupRegion !== undefined) {
      prepareKey(this, 'backupEncryptionKey', props.backupEncryptionKey, props.destinationAccount, props.backupRegion);
    }

    const resource = new (awsObservabilityAdmin().CfnOrganizationCentralizationRule)(this, 'Resource', {
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
    // Properties of aws-cdk-lib 2.276's L1 that the 2.257 L1 this library builds against drops: written as overrides,
    // which both render the same (the CloudFormation schema has them either way).
    const destinationLogs = 'Rule.Destination.DestinationLogsConfiguration';
    if (props.encryptionScope !== undefined) {
      resource.addPropertyOverride(`${destinationLogs}.LogsEncryptionConfiguration.EncryptionScope`, props.encryptionScope);
    }
    if (props.tagPropagationRole) {
      resource.addPropertyOverride(`${destinationLogs}.TagPropagationConfiguration`, {
        DestinationRoleArn: props.tagPropagationRole.roleArn,
        TagConflictResolutionStrategy: props.tagConflictResolution,
      });
      // A role of this app gets its policies before the rule that names it (the role itself is referenced already).
      const roleResource = props.tagPropagationRole.node.defaultChild;
      for (const child of props.tagPropagationRole.node.findAll()) {
        if (CfnResource.isCfnResource(child) && child !== roleResource) {
          resource.addDependency(child);
        }
      }
    }
    this.ruleArn = resource.attrRuleArn;
  }
}

class ImportedLogCentralizationRule extends LogCentralizationRuleBase {
  public readonly ruleName: string;
  public readonly ruleArn: string;

  constructor(scope: Construct, id: string, ruleArn: string, ruleName?: string) {
    super(scope, id, { environmentFromArn: Token.isUnresolved(ruleArn) || RULE_ARN.test(ruleArn) ? ruleArn : undefined });
    this.ruleArn = ruleArn;
    this.ruleName = ruleName ?? ruleNameFromArn(this, ruleArn);
  }
}

function ruleNameFromArn(scope: IConstruct, ruleArn: string): string {
  if (Token.isUnresolved(ruleArn)) {
    return Arn.split(ruleArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
  }
  const match = RULE_ARN.exec(ruleArn);
  if (!match) {
    throw invalidInput(scope, 'ruleArn', ruleArn,
      'a centralization rule ARN looks like arn:<partition>:observabilityadmin:<region>:<12-digit account>:organization-centralization-rule/<name>',
      'Copy the ARN from ListCentralizationRulesForOrganization, or import the rule with fromRuleName in its account and Region');
  }
  return match[1];
}

/** The encryption props that only make sense together, and the warnings of "Cross-account cross-Region log centralization". */
function checkEncryption(scope: IConstruct, props: LogCentralizationRuleProps): void {
  if (props.encryptionConflictResolution !== undefined && !props.encryptionKey) {
    throw invalidInput(scope, 'encryptionConflictResolution', props.encryptionConflictResolution,
      'the conflict resolution applies only when the rule encrypts with a customer managed key',
      'Set encryptionKey, or leave encryptionConflictResolution out');
  }
  if (props.encryptionScope !== undefined && !props.encryptionKey) {
    throw invalidInput(scope, 'encryptionScope', props.encryptionScope,
      'EncryptionScope is not valid when the encryption strategy is AWS_OWNED, which it is without encryptionKey',
      'Set encryptionKey, or leave encryptionScope out');
  }
  const allowsEncrypted = props.encryptedLogGroups === EncryptedLogGroupStrategy.ALLOW;
  if (props.encryptionKey && !allowsEncrypted && props.encryptionScope !== EncryptionScope.NEW_DESTINATION_LOG_GROUPS) {
    warn(scope, 'cdk-log-destinations:centralizationKeyEncryptsNothing',
      'encryptionKey encrypts nothing: with encryptionScope ENCRYPTED_SOURCE_ONLY (the default) it applies only to copies of '
      + 'source log groups encrypted with a customer managed key, and encryptedLogGroups SKIP (the default) copies none of them. '
      + 'Set encryptionScope: EncryptionScope.NEW_DESTINATION_LOG_GROUPS to encrypt every new destination log group with it, '
      + 'or encryptedLogGroups: EncryptedLogGroupStrategy.ALLOW to copy the log groups that use their own key.');
  }
  if (props.encryptionConflictResolution === EncryptionConflictResolution.SKIP) {
    warn(scope, 'cdk-log-destinations:centralizationConflictSkip',
      'encryptionConflictResolution is SKIP: log events bound for an existing destination log group encrypted with an AWS-owned key '
      + 'are dropped, not centralized (CloudWatch Logs reports DestinationEncryptionMismatch). '
      + 'Set encryptionConflictResolution: EncryptionConflictResolution.ALLOW to centralize them into that log group anyway.');
  }
  if (allowsEncrypted) {
    warn(scope, 'cdk-log-destinations:centralizationEncryptedSources',
      'encryptedLogGroups is ALLOW: AWS centralizes a source log group encrypted with a customer managed key only if that key, '
      + 'in its source account, gives CloudWatch Logs the KMS permissions centralization needs ("requires KMS permissions"); '
      + 'this app cannot change keys of the source accounts. Check their key policies, or set '
      + 'encryptedLogGroups: EncryptedLogGroupStrategy.SKIP to leave those log groups out.');
  }
}

/** Tag propagation's requirements ("TagPropagationConfiguration", "DestinationLogsConfiguration"). */
function checkTagPropagation(scope: IConstruct, props: LogCentralizationRuleProps): void {
  const role = props.tagPropagationRole;
  if (props.tagConflictResolution !== undefined && !role) {
    throw invalidInput(scope, 'tagConflictResolution', props.tagConflictResolution,
      'the tag conflict resolution applies only when the rule propagates tags',
      'Set tagPropagationRole, or leave tagConflictResolution out');
  }
  if (!role) {
    return;
  }
  const roleName = Token.isUnresolved(role.roleArn) ? role.node.path : role.roleArn;
  const pattern = props.destinationLogGroupNamePattern;
  const rule = `with tag propagation, the destination name pattern must contain ${TAG_PROPAGATION_VARIABLES.join(', ')}`;
  const fix = `Set destinationLogGroupNamePattern to a pattern with all three, such as '${SUGGESTED_NAME_PATTERN}'`;
  if (pattern === undefined) {
    throw invalidInput(scope, 'tagPropagationRole', roleName, `${rule}, and destinationLogGroupNamePattern is not set`, fix);
  }
  const missing = TAG_PROPAGATION_VARIABLES.filter(v => !pattern.includes(v));
  if (!Token.isUnresolved(pattern) && missing.length > 0) {
    throw invalidInput(scope, 'destinationLogGroupNamePattern', pattern, `${rule}, and this one lacks ${missing.join(', ')}`, fix);
  }
  const roleAccount = role.env.account;
  if (knownDifference(role.env, { account: props.destinationAccount }, ['account'])) {
    throw invalidInput(scope, 'tagPropagationRole', roleName,
      `the tag propagation role must be in the destination account '${props.destinationAccount}', and this one is in '${roleAccount}'`,
      `Use a role of account '${props.destinationAccount}' (import it with iam.Role.fromRoleArn)`);
  }
}

/**
 * Warns when destination log groups of different sources can share a name: CloudWatch Logs' default naming uses the source
 * log group's name alone, "which merges all log groups with the same name in the destination account".
 */
function warnOfMergedNames(scope: IConstruct, props: LogCentralizationRuleProps, scopeExpression: string): void {
  const pattern = props.destinationLogGroupNamePattern;
  if (pattern !== undefined && Token.isUnresolved(pattern)) {
    return;
  }
  const oneAccount = !Token.isUnresolved(scopeExpression) && ONE_ACCOUNT_SCOPE.test(scopeExpression);
  const oneRegion = !Token.isUnresolved(props.sourceRegions) && props.sourceRegions.length === 1 && !Token.isUnresolved(props.sourceRegions[0]);
  const missing = [
    ...(oneAccount ? [] : ['${source.accountId}']),
    ...(oneRegion ? [] : ['${source.region}']),
  ].filter(v => !(pattern ?? '').includes(v));
  if (missing.length === 0) {
    return;
  }
  const sources = missing.map(v => v === '${source.accountId}' ? 'accounts' : 'Regions').join(' and ');
  const what = `same-named log groups of different ${sources} merge into one destination log group`;
  warn(scope, 'cdk-log-destinations:centralizationNamesMerge', pattern === undefined
    ? `destinationLogGroupNamePattern is not set, so CloudWatch Logs names each destination log group after its source log group alone: ${what}. `
      + `Set destinationLogGroupNamePattern to a pattern with ${missing.join(' and ')}, such as '${SUGGESTED_NAME_PATTERN}'.`
    : `destinationLogGroupNamePattern '${pattern}' has no ${missing.join(' or ')}: ${what}. Add ${missing.join(' and ')} to it, `
      + `such as '${SUGGESTED_NAME_PATTERN}'.`);
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
  const difference = knownDifference(key.env, { account, region });
  if (difference) {
    const what = difference.part === 'account' ? 'account' : 'Region';
    throw invalidInput(scope, property, Token.isUnresolved(key.keyArn) ? key.node.path : key.keyArn,
      `the key must be in the destination account and ${property === 'encryptionKey' ? 'Region' : 'backup Region'} `
      + `(${what} '${difference.second}'), and this one is in ${what} '${difference.first}'`,
      `Use a key of ${what} '${difference.second}'`);
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
