/**
 * Integ test for LogCentralizationRule: a rule that copies the Lambda log groups of the whole
 * organization (ORed with this account, to exercise `or()` on IDs that exist) from two Regions into
 * this account in us-east-1, encrypting every new destination log group (`EncryptionScope`
 * `NEW_DESTINATION_LOG_GROUPS`) with a key of the same stack (which gets the CloudWatch Logs
 * key-policy statement and the `LogsManaged=true` tag), with a backup copy in us-west-2 and a
 * name pattern for the destination log groups.
 *
 * The assertion reads the rule back with the CloudWatch Observability Admin API
 * (`GetCentralizationRuleForOrganization`, SDK v3 client `@aws-sdk/client-observabilityadmin`); its
 * `EncryptionScope` needs an SDK in the assertion provider's runtime that knows the field.
 *
 * Snapshot: with no real account configured (integ-runner sets CDK_INTEG_ACCOUNT to the
 * 8-digit `12345678` when it synthesizes snapshots), the organization is the placeholder
 * `o-integtest01` and the account (the destination, and the rule's own) the placeholder `999999999999`,
 * so the committed snapshot does not depend on who runs `npm run integ`.
 *
 * Deploying it needs what AWS requires of every centralization rule, which CloudFormation cannot
 * set up: an AWS Organization with trusted access for CloudWatch enabled, and credentials of the
 * management account or of CloudWatch's delegated administrator account, which is also the
 * destination here. Then:
 *   npm run build
 *   CDK_INTEG_ACCOUNT=<account> CDK_INTEG_ORGANIZATION_ID=o-xxxxxxxxxx \
 *     TS_NODE_PROJECT=tsconfig.dev.json npx integ-runner --force integ/integ.centralization-rule.ts
 * The rule copies only log events that arrive after it is created, so deploying it moves no data.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import {
  CentralizationScope, EncryptedLogGroupStrategy, EncryptionConflictResolution, EncryptionScope, LogCentralizationRule, LogGroupSelection,
} from '../lib';
import { acknowledgeIntegHarness } from '../test/support/acknowledge';
import { withCloudFormationValidate } from '../test/support/cloudformation-validate';

const realAccount = /^\d{12}$/.test(process.env.CDK_INTEG_ACCOUNT ?? '');
const account = realAccount ? process.env.CDK_INTEG_ACCOUNT! : '999999999999';
const organizationId = realAccount ? process.env.CDK_INTEG_ORGANIZATION_ID : 'o-integtest01';
if (!organizationId) {
  throw new Error('CDK_INTEG_ORGANIZATION_ID is required when CDK_INTEG_ACCOUNT is a real account');
}

const app = withCloudFormationValidate(new App());
const stack = new Stack(app, 'CentralizationRuleInteg', { env: { account, region: 'us-east-1' } });

const key = new kms.Key(stack, 'CentralKey', {
  description: 'Encrypts every centralized copy',
  enableKeyRotation: true,
  removalPolicy: RemovalPolicy.DESTROY,
});
// Compliance (CT.KMS.PR.3): only AWS services may create grants on the key. CloudWatch Logs calls KMS as a
// service principal, so this deny does not touch it.
key.addToResourcePolicy(new iam.PolicyStatement({
  effect: iam.Effect.DENY,
  principals: [new iam.AnyPrincipal()],
  actions: ['kms:CreateGrant'],
  resources: ['*'],
  conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
}));

const rule = new LogCentralizationRule(stack, 'LambdaLogs', {
  sourceRegions: ['us-east-1', 'us-west-2'],
  scope: CentralizationScope.organization(organizationId).or(CentralizationScope.accounts([account])),
  logGroups: LogGroupSelection.namePrefix('/aws/lambda/'),
  encryptedLogGroups: EncryptedLogGroupStrategy.ALLOW,
  destinationAccount: stack.account,
  destinationRegion: 'us-east-1',
  encryptionKey: key,
  encryptionScope: EncryptionScope.NEW_DESTINATION_LOG_GROUPS,
  encryptionConflictResolution: EncryptionConflictResolution.ALLOW,
  backupRegion: 'us-west-2',
  destinationLogGroupNamePattern: '/central/${source.accountId}/${source.region}${source.logGroup}',
});

const integ = new IntegTest(app, 'CentralizationRuleIntegTest', {
  testCases: [stack],
  diffAssets: true,
  assertionStack: new Stack(app, 'CentralizationRuleIntegAssertions', { env: { account, region: 'us-east-1' } }),
});
// Compliance: the assertion stack holds integ-tests' assertion provider (see test/compliance.test.ts).
acknowledgeIntegHarness(app.node.findChild('CentralizationRuleIntegAssertions'));

integ.assertions.awsApiCall('ObservabilityAdmin', 'getCentralizationRuleForOrganization', { RuleIdentifier: rule.ruleArn })
  .expect(ExpectedResult.objectLike({
    RuleName: rule.ruleName,
    RuleArn: rule.ruleArn,
    CentralizationRule: Match.objectLike({
      Source: Match.objectLike({
        Regions: ['us-east-1', 'us-west-2'],
        Scope: `OrganizationId = '${organizationId}' OR AccountId = '${account}'`,
        SourceLogsConfiguration: Match.objectLike({
          EncryptedLogGroupStrategy: 'ALLOW',
          LogGroupSelectionCriteria: 'LogGroupName LIKE \'/aws/lambda/%\'',
        }),
      }),
      Destination: Match.objectLike({
        Account: stack.account,
        Region: 'us-east-1',
        DestinationLogsConfiguration: Match.objectLike({
          LogsEncryptionConfiguration: Match.objectLike({
            EncryptionStrategy: 'CUSTOMER_MANAGED',
            KmsKeyArn: key.keyArn,
            EncryptionConflictResolutionStrategy: 'ALLOW',
            EncryptionScope: 'NEW_DESTINATION_LOG_GROUPS',
          }),
          BackupConfiguration: Match.objectLike({ Region: 'us-west-2' }),
          LogGroupNameConfiguration: { LogGroupNamePattern: '/central/${source.accountId}/${source.region}${source.logGroup}' },
        }),
      }),
    }),
  }));

app.synth();
