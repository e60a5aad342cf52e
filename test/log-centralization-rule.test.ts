import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnParameter, Stack } from 'aws-cdk-lib/core';
import {
  CentralizationScope, EncryptedLogGroupStrategy, EncryptionConflictResolution, LogCentralizationRule,
  LogCentralizationRuleProps, LogGroupSelection,
} from '../lib';
import { LogDestinationsError } from '../lib/private/errors';
import { literalRefs, onlyResource, RECIPIENT, SENDER, templateOf, testApp, testStack } from './util';

const ORG = 'o-a1b2c3d4e5';
const TYPE = 'AWS::ObservabilityAdmin::OrganizationCentralizationRule';

function baseProps(overrides: Partial<LogCentralizationRuleProps> = {}): LogCentralizationRuleProps {
  return {
    sourceRegions: ['us-east-1', 'eu-west-1'],
    scope: CentralizationScope.organization(ORG),
    destinationAccount: RECIPIENT,
    destinationRegion: 'us-east-1',
    ...overrides,
  };
}

/** The `Properties` of the only rule in the stack, after CloudFormation Validate. */
function ruleOf(stack: Stack): any {
  return onlyResource(templateOf(stack), TYPE).resource.Properties;
}

function sourceLogsOf(stack: Stack): any {
  return ruleOf(stack).Rule.Source.SourceLogsConfiguration;
}

function expectError(fn: () => unknown, ...fragments: string[]): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LogDestinationsError);
  for (const fragment of fragments) {
    expect((error as Error).message).toContain(fragment);
  }
}

describe('LogCentralizationRule rendering', () => {
  test('renders the minimal rule exactly, with a generated name and AWS-owned encryption', () => {
    const stack = testStack();
    const rule = new LogCentralizationRule(stack, 'ToArchive', baseProps());

    const props = ruleOf(stack);
    expect(props).toEqual({
      RuleName: rule.ruleName,
      Rule: {
        Source: {
          Regions: ['us-east-1', 'eu-west-1'],
          Scope: `OrganizationId = '${ORG}'`,
          SourceLogsConfiguration: { EncryptedLogGroupStrategy: 'SKIP', LogGroupSelectionCriteria: '*' },
        },
        Destination: {
          Account: RECIPIENT,
          Region: 'us-east-1',
          DestinationLogsConfiguration: { LogsEncryptionConfiguration: { EncryptionStrategy: 'AWS_OWNED' } },
        },
      },
    });
    expect(rule.ruleName).toMatch(/^StackToArchive[A-Za-z0-9]+$/);
    expect(rule.ruleName.length).toBeLessThanOrEqual(100);
    const { logicalId } = onlyResource(templateOf(stack), TYPE);
    expect(stack.resolve(rule.ruleArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'RuleArn'] });
  });

  test('the generated name is stable and fits 100 characters under a deep path', () => {
    const names = [1, 2].map(() => {
      const stack = testStack();
      const deep = new Stack(stack.node.root as any, 'A'.repeat(80), { env: { account: RECIPIENT, region: 'us-east-1' } });
      return new LogCentralizationRule(deep, 'B'.repeat(80), baseProps()).ruleName;
    });
    expect(names[0]).toEqual(names[1]);
    expect(names[0].length).toBeLessThanOrEqual(100);
  });

  test('renders every prop', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${RECIPIENT}:key/11111111-2222-3333-4444-555555555555`);
    const backupKey = kms.Key.fromKeyArn(stack, 'BackupKey', `arn:aws:kms:eu-west-1:${RECIPIENT}:key/66666666-2222-3333-4444-555555555555`);
    new LogCentralizationRule(stack, 'Rule', baseProps({
      ruleName: 'org-all-logs-v1',
      scope: CentralizationScope.accounts([SENDER, '222222222222']),
      logGroups: LogGroupSelection.namePrefix('/aws/lambda/'),
      encryptedLogGroups: EncryptedLogGroupStrategy.ALLOW,
      encryptionKey: key,
      encryptionConflictResolution: EncryptionConflictResolution.ALLOW,
      backupRegion: 'eu-west-1',
      backupEncryptionKey: backupKey,
      destinationLogGroupNamePattern: '/central/${source.accountId}/${source.region}${source.logGroup}',
    }));

    expect(ruleOf(stack)).toEqual({
      RuleName: 'org-all-logs-v1',
      Rule: {
        Source: {
          Regions: ['us-east-1', 'eu-west-1'],
          Scope: `AccountId IN ('${SENDER}', '222222222222')`,
          SourceLogsConfiguration: {
            EncryptedLogGroupStrategy: 'ALLOW',
            LogGroupSelectionCriteria: 'LogGroupName LIKE \'/aws/lambda/%\'',
          },
        },
        Destination: {
          Account: RECIPIENT,
          Region: 'us-east-1',
          DestinationLogsConfiguration: {
            LogsEncryptionConfiguration: {
              EncryptionStrategy: 'CUSTOMER_MANAGED',
              KmsKeyArn: `arn:aws:kms:us-east-1:${RECIPIENT}:key/11111111-2222-3333-4444-555555555555`,
              EncryptionConflictResolutionStrategy: 'ALLOW',
            },
            BackupConfiguration: {
              Region: 'eu-west-1',
              KmsKeyArn: `arn:aws:kms:eu-west-1:${RECIPIENT}:key/66666666-2222-3333-4444-555555555555`,
            },
            LogGroupNameConfiguration: { LogGroupNamePattern: '/central/${source.accountId}/${source.region}${source.logGroup}' },
          },
        },
      },
    });
  });

  test('a backup Region without a key renders only the Region', () => {
    const stack = testStack();
    new LogCentralizationRule(stack, 'Rule', baseProps({ backupRegion: 'us-west-2' }));
    expect(ruleOf(stack).Rule.Destination.DestinationLogsConfiguration).toEqual({
      LogsEncryptionConfiguration: { EncryptionStrategy: 'AWS_OWNED' },
      BackupConfiguration: { Region: 'us-west-2' },
    });
  });

  test.each([
    ['one account', CentralizationScope.accounts([SENDER]), `AccountId = '${SENDER}'`],
    ['several accounts', CentralizationScope.accounts([SENDER, RECIPIENT]), `AccountId IN ('${SENDER}', '${RECIPIENT}')`],
    ['one OU', CentralizationScope.organizationalUnits(['ou-ab12-cd34ef56']), 'OrganizationalUnitId = \'ou-ab12-cd34ef56\''],
    ['several OUs', CentralizationScope.organizationalUnits(['ou-ab12-cd34ef56', 'ou-ab12-99999999']),
      'OrganizationalUnitId IN (\'ou-ab12-cd34ef56\', \'ou-ab12-99999999\')'],
    ['a hand-written scope', CentralizationScope.fromString('AccountId != \'111111111111\''), 'AccountId != \'111111111111\''],
  ])('renders the scope for %s', (_name, scope, expected) => {
    const stack = testStack();
    new LogCentralizationRule(stack, 'Rule', baseProps({ scope }));
    expect(ruleOf(stack).Rule.Source.Scope).toEqual(expected);
  });

  test.each([
    ['all', LogGroupSelection.all(), { LogGroupSelectionCriteria: '*' }],
    ['nameEquals', LogGroupSelection.nameEquals('/app/api'), { LogGroupSelectionCriteria: 'LogGroupName = \'/app/api\'' }],
    ['nameIn', LogGroupSelection.nameIn(['a', 'b']), { LogGroupSelectionCriteria: 'LogGroupName IN (\'a\', \'b\')' }],
    ['nameNotIn', LogGroupSelection.nameNotIn(['noisy']), { LogGroupSelectionCriteria: 'LogGroupName NOT IN (\'noisy\')' }],
    ['fromString', LogGroupSelection.fromString('LogGroupName != \'x\''), { LogGroupSelectionCriteria: 'LogGroupName != \'x\'' }],
    ['or', LogGroupSelection.namePrefix('/aws/lambda/').or(LogGroupSelection.namePrefix('/ecs/')),
      { LogGroupSelectionCriteria: 'LogGroupName LIKE \'/aws/lambda/%\' OR LogGroupName LIKE \'/ecs/%\'' }],
    ['and', LogGroupSelection.namePrefix('/app/').and(LogGroupSelection.nameNotIn(['/app/debug'])),
      { LogGroupSelectionCriteria: 'LogGroupName LIKE \'/app/%\' AND LogGroupName NOT IN (\'/app/debug\')' }],
    ['all() and x', LogGroupSelection.all().and(LogGroupSelection.nameEquals('x')), { LogGroupSelectionCriteria: 'LogGroupName = \'x\'' }],
    ['x or all()', LogGroupSelection.nameEquals('x').or(LogGroupSelection.all()), { LogGroupSelectionCriteria: '*' }],
    ['dataSource', LogGroupSelection.dataSource('amazon_vpc', 'flow'),
      { LogGroupSelectionCriteria: '*', DataSourceSelectionCriteria: 'DataSourceName = \'amazon_vpc\' AND DataSourceType = \'flow\'' }],
    ['dataSource by name', LogGroupSelection.dataSource('aws_cloudtrail'),
      { LogGroupSelectionCriteria: '*', DataSourceSelectionCriteria: 'DataSourceName = \'aws_cloudtrail\'' }],
    ['log groups and a data source', LogGroupSelection.namePrefix('/aws/').and(LogGroupSelection.dataSource('amazon_vpc')),
      { LogGroupSelectionCriteria: 'LogGroupName LIKE \'/aws/%\'', DataSourceSelectionCriteria: 'DataSourceName = \'amazon_vpc\'' }],
  ])('renders the selection %s', (_name, logGroups, expected) => {
    const stack = testStack();
    new LogCentralizationRule(stack, 'Rule', baseProps({ logGroups }));
    expect(sourceLogsOf(stack)).toEqual({ EncryptedLogGroupStrategy: 'SKIP', ...expected });
  });

  test('tokens pass through unchecked', () => {
    const stack = testStack();
    const account = new CfnParameter(stack, 'Account').valueAsString;
    const region = new CfnParameter(stack, 'Region').valueAsString;
    const org = new CfnParameter(stack, 'Org').valueAsString;
    const name = new CfnParameter(stack, 'Name').valueAsString;
    new LogCentralizationRule(stack, 'Rule', {
      sourceRegions: [region],
      scope: CentralizationScope.organization(org),
      destinationAccount: account,
      destinationRegion: region,
      backupRegion: region,
      logGroups: LogGroupSelection.nameEquals(name),
      ruleName: name,
      destinationLogGroupNamePattern: name,
    });
    const props = ruleOf(stack);
    expect(props.RuleName).toEqual({ Ref: 'Name' });
    expect(props.Rule.Destination.Account).toEqual({ Ref: 'Account' });
    expect(props.Rule.Source.Regions).toEqual([{ Ref: 'Region' }]);
    expect(props.Rule.Source.Scope).toEqual({ 'Fn::Join': ['', ['OrganizationId = \'', { Ref: 'Org' }, '\'']] });
  });
});

describe('LogCentralizationRule keys', () => {
  test('a key of this app gets the CloudWatch Logs key-policy statement and the LogsManaged tag', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new LogCentralizationRule(stack, 'Rule', baseProps({ encryptionKey: key }));

    const template = templateOf(stack);
    const keyResource = onlyResource(template, 'AWS::KMS::Key').resource;
    expect(keyResource.Properties.Tags).toEqual([{ Key: 'LogsManaged', Value: 'true' }]);
    const statement = literalRefs(keyResource.Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'AllowCloudWatchLogsCentralizedLogGroups'));
    expect(statement).toEqual({
      Sid: 'AllowCloudWatchLogsCentralizedLogGroups',
      Effect: 'Allow',
      Principal: { Service: 'logs.us-east-1.amazonaws.com' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:us-east-1:${RECIPIENT}:*` } },
    });
    const { logicalId } = onlyResource(template, 'AWS::KMS::Key');
    expect(ruleOf(stack).Rule.Destination.DestinationLogsConfiguration.LogsEncryptionConfiguration)
      .toEqual({ EncryptionStrategy: 'CUSTOMER_MANAGED', KmsKeyArn: { 'Fn::GetAtt': [logicalId, 'Arn'] } });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('the backup key gets the statement for the backup Region', () => {
    const app = testApp();
    const stack = new Stack(app, 'Backup', { env: { account: RECIPIENT, region: 'eu-west-1' } });
    const backupKey = new kms.Key(stack, 'BackupKey', { enableKeyRotation: true });
    new LogCentralizationRule(stack, 'Rule', baseProps({ backupRegion: 'eu-west-1', backupEncryptionKey: backupKey }));

    const keyResource = onlyResource(templateOf(stack), 'AWS::KMS::Key').resource;
    const statement = literalRefs(keyResource.Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'AllowCloudWatchLogsCentralizedLogGroups'));
    expect(statement.Principal).toEqual({ Service: 'logs.eu-west-1.amazonaws.com' });
    expect(statement.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-1:${RECIPIENT}:*` } });
    expect(keyResource.Properties.Tags).toEqual([{ Key: 'LogsManaged', Value: 'true' }]);
  });

  test('an imported key gets a warning saying what its policy and tags need', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${RECIPIENT}:key/11111111-2222-3333-4444-555555555555`);
    new LogCentralizationRule(stack, 'Rule', baseProps({ encryptionKey: key }));
    Annotations.fromStack(stack).hasWarning('/Stack/Rule',
      Match.stringLikeRegexp('encryptionKey is imported.*logs\\.us-east-1\\.amazonaws\\.com.*LogsManaged=true'));
  });

  test('warns when the primary key is set and the backup copy has no key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new LogCentralizationRule(stack, 'Rule', baseProps({ encryptionKey: key, backupRegion: 'us-west-2' }));
    Annotations.fromStack(stack).hasWarning('/Stack/Rule', Match.stringLikeRegexp('backupEncryptionKey is not'));
  });

  test('throws when the key is in another Region than the destination', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:eu-west-1:${RECIPIENT}:key/11111111-2222-3333-4444-555555555555`);
    expectError(() => new LogCentralizationRule(stack, 'Rule', baseProps({ encryptionKey: key })),
      'Stack/Rule', 'invalid encryptionKey', 'Region \'us-east-1\'', 'Region \'eu-west-1\'');
  });

  test('throws when the key is in another account than the destination', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${SENDER}:key/11111111-2222-3333-4444-555555555555`);
    expectError(() => new LogCentralizationRule(stack, 'Rule', baseProps({ encryptionKey: key })),
      'invalid encryptionKey', `account '${RECIPIENT}'`);
  });

  test('throws when the backup key is not in the backup Region', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${RECIPIENT}:key/11111111-2222-3333-4444-555555555555`);
    expectError(() => new LogCentralizationRule(stack, 'Rule', baseProps({ backupRegion: 'eu-west-1', backupEncryptionKey: key })),
      'invalid backupEncryptionKey', 'backup Region');
  });
});

describe('LogCentralizationRule bad input', () => {
  test.each([
    ['sourceRegions is empty', { sourceRegions: [] }, ['invalid sourceRegions', 'at least one Region']],
    ['a source Region is malformed', { sourceRegions: ['Europe (Ireland)'] }, ['invalid sourceRegions \'Europe (Ireland)\'']],
    ['a source Region is upper case', { sourceRegions: ['US-EAST-1'] }, ['invalid sourceRegions \'US-EAST-1\'']],
    ['a source Region repeats', { sourceRegions: ['us-east-1', 'us-east-1'] }, ['appears twice']],
    ['the destination Region is malformed', { destinationRegion: 'useast1' }, ['invalid destinationRegion \'useast1\'']],
    ['the backup Region is malformed', { backupRegion: 'eu_west_1' }, ['invalid backupRegion \'eu_west_1\'']],
    ['the backup Region is the destination Region', { backupRegion: 'us-east-1' }, ['invalid backupRegion \'us-east-1\'', 'second Region']],
    ['the destination account is not 12 digits', { destinationAccount: '12345' }, ['invalid destinationAccount \'12345\'', '12 digits']],
    ['the destination account is a root ARN', { destinationAccount: `arn:aws:iam::${RECIPIENT}:root` }, [`bare account ID '${RECIPIENT}'`]],
    ['the rule name has a space', { ruleName: 'my rule' }, ['invalid ruleName \'my rule\'']],
    ['the rule name has a character only the API allows', { ruleName: 'org/all_logs' }, ['invalid ruleName \'org/all_logs\'', 'CloudFormation']],
    ['the rule name is longer than 100', { ruleName: 'r'.repeat(101) }, ['invalid ruleName']],
    ['the rule name is empty', { ruleName: '' }, ['invalid ruleName \'\'']],
    ['the name pattern has a space', { destinationLogGroupNamePattern: '/central logs' }, ['invalid destinationLogGroupNamePattern']],
    ['the name pattern is over 512', { destinationLogGroupNamePattern: 'a'.repeat(513) }, ['513 characters']],
    ['the name pattern names an unknown variable', { destinationLogGroupNamePattern: '/c/${source.account}' },
      ['\'${source.account}\' is not a variable', '${source.accountId}']],
    ['the name pattern has an unclosed variable', { destinationLogGroupNamePattern: '/c/${source.region' }, ['invalid destinationLogGroupNamePattern']],
    ['the conflict resolution comes without a key', { encryptionConflictResolution: EncryptionConflictResolution.SKIP },
      ['invalid encryptionConflictResolution', 'Set encryptionKey']],
  ] as Array<[string, Partial<LogCentralizationRuleProps>, string[]]>)('throws when %s', (_name, overrides, fragments) => {
    const stack = testStack();
    expectError(() => new LogCentralizationRule(stack, 'Rule', baseProps(overrides)), 'Stack/Rule', ...fragments);
  });

  test('throws when a backup key comes without a backup Region', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${RECIPIENT}:key/11111111-2222-3333-4444-555555555555`);
    expectError(() => new LogCentralizationRule(stack, 'Rule', baseProps({ backupEncryptionKey: key })),
      'invalid backupEncryptionKey', 'Set backupRegion');
  });

  test.each([
    ['the organization ID is malformed', CentralizationScope.organization('o-ABC'), ['invalid scope \'o-ABC\'']],
    ['the organization ID is an OU ID', CentralizationScope.organization('ou-ab12-cd34ef56'), ['organizational unit ID']],
    ['an account ID is malformed', CentralizationScope.accounts([SENDER, '1234']), ['invalid scope \'1234\'']],
    ['no account is listed', CentralizationScope.accounts([]), ['invalid scope \'[]\'', 'empty']],
    ['an OU ID is malformed', CentralizationScope.organizationalUnits(['ou-1']), ['invalid scope \'ou-1\'']],
    ['an OU ID is an organization ID', CentralizationScope.organizationalUnits([ORG]), [`invalid scope '${ORG}'`]],
    ['no OU is listed', CentralizationScope.organizationalUnits([]), ['empty']],
    ['the scope is over 2,000 characters', CentralizationScope.accounts(Array.from({ length: 130 }, (_, i) => String(100000000000 + i))),
      ['2000 characters (it has 2', 'organizational units']],
    ['a hand-written scope is empty', CentralizationScope.fromString(''), ['invalid scope \'\'', 'it has 0']],
  ] as Array<[string, CentralizationScope, string[]]>)('throws when %s', (_name, scope, fragments) => {
    const stack = testStack();
    expectError(() => new LogCentralizationRule(stack, 'Rule', baseProps({ scope })), 'Stack/Rule', ...fragments);
  });

  test.each([
    ['a name holds a quote', LogGroupSelection.nameEquals('it\'s'), ['invalid logGroups \'it\'s\'', 'single quotes']],
    ['no name is listed', LogGroupSelection.nameIn([]), ['invalid logGroups \'[]\'']],
    ['the selection is over 2,000 characters', LogGroupSelection.nameIn(Array.from({ length: 200 }, (_, i) => `/group/${i}`)),
      ['1 to 2000 characters']],
    ['log groups are ORed with a data source', LogGroupSelection.namePrefix('/a/').or(LogGroupSelection.dataSource('amazon_vpc')),
      ['cannot be ORed']],
    ['AND and OR are mixed', LogGroupSelection.nameEquals('a').or(LogGroupSelection.nameEquals('b')).and(LogGroupSelection.nameEquals('c')),
      ['mixes AND and OR']],
    ['a hand-written selection is combined', LogGroupSelection.fromString('x').and(LogGroupSelection.nameEquals('c')),
      ['cannot be combined']],
    ['more than five conditional operands', ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(n => LogGroupSelection.nameEquals(n))
      .reduce((x, y) => x.or(y)), ['at most 5 conditional operands', 'has 6']],
  ] as Array<[string, LogGroupSelection, string[]]>)('throws when %s', (_name, logGroups, fragments) => {
    const stack = testStack();
    expectError(() => new LogCentralizationRule(stack, 'Rule', baseProps({ logGroups })), 'Stack/Rule', ...fragments);
  });

  test('five ORed names are still accepted', () => {
    const stack = testStack();
    const logGroups = ['a', 'b', 'c', 'd', 'e', 'f'].map(n => LogGroupSelection.nameEquals(n)).reduce((x, y) => x.or(y));
    new LogCentralizationRule(stack, 'Rule', baseProps({ logGroups }));
    expect(sourceLogsOf(stack).LogGroupSelectionCriteria.split(' OR ')).toHaveLength(6);
  });
});

describe('LogGroupSelection subclasses', () => {
  class Custom extends LogGroupSelection {
    public and(): LogGroupSelection { return this; }
    public or(): LogGroupSelection { return this; }
    public render() { return { logGroupSelectionCriteria: 'LogGroupName = \'custom\'' }; }
  }

  test('a subclass renders on its own', () => {
    const stack = testStack();
    new LogCentralizationRule(stack, 'Rule', baseProps({ logGroups: new Custom() }));
    expect(sourceLogsOf(stack)).toEqual({ EncryptedLogGroupStrategy: 'SKIP', LogGroupSelectionCriteria: 'LogGroupName = \'custom\'' });
  });

  test('throws when a factory selection is combined with a subclass', () => {
    const stack = testStack();
    expectError(() => new LogCentralizationRule(stack, 'Rule', baseProps({ logGroups: LogGroupSelection.nameEquals('a').and(new Custom()) })),
      'Stack/Rule', 'invalid logGroups', 'fromString');
  });
});

describe('what the README says of partitions', () => {
  test('the CloudFormation Validate the tests run refuses the rule type in a China Region and accepts it in us-east-1', () => {
    for (const [region, problem] of [['cn-north-1', /does not exist in 'cn-north-1'/], ['us-east-1', undefined]] as const) {
      const stack = testStack({ env: { account: RECIPIENT, region } });
      new LogCentralizationRule(stack, 'Rule', baseProps({ sourceRegions: [region], destinationRegion: region }));
      if (problem) {
        expect(() => templateOf(stack)).toThrow(problem);
      } else {
        templateOf(stack);
      }
    }
  });
});
