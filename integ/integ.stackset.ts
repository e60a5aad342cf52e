/**
 * Integ test for the organization rollout: a management stack that deploys an account-level subscription
 * filter policy to every account of an organizational unit, in two Regions, through a service-managed
 * CloudFormation StackSet with automatic deployment (accounts that join the OU later get it too). The
 * StackSet's template is a cdk-stacksets `StackSetStack`, account- and Region-agnostic: the destination ARN
 * uses the deploying Region (`Aws.REGION`), and the sender role (the destination admits an organization)
 * is created in each member account.
 *
 * The assertion reads the StackSet back (DescribeStackSet): service-managed, automatic deployment on.
 *
 * Snapshot: with no OU configured the StackSet targets the placeholder OU `ou-integ-placeholder`, the
 * central account 999999999999 and the organization o-integtest01.
 *
 * Deploying it needs the organization's management account (or a delegated StackSets administrator), with
 * trusted access for CloudFormation StackSets enabled, a recipient account with a destination named
 * `cdk-log-destinations-org` in each target Region (created with `accountLevelSubscriptions: true` and the
 * organization granted), and:
 *   export CDK_INTEG_OU=ou-xxxx-xxxxxxxx CDK_INTEG_RECIPIENT_ACCOUNT=<12 digits>
 *   TS_NODE_PROJECT=tsconfig.dev.json npx integ-runner --force integ/integ.stackset.ts
 * Every account of the OU then gets the account's one account-level subscription filter policy per Region.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import * as logs from 'aws-cdk-lib/aws-logs';
import { App, Aws, Stack } from 'aws-cdk-lib/core';
import { Capability, DeploymentType, StackSet, StackSetStack, StackSetTarget, StackSetTemplate } from 'cdk-stacksets';
import { AccountSubscriptionFilter, LogDestination } from '../lib';
import { acknowledgeIntegHarness } from '../test/support/acknowledge';
import { withCloudFormationValidate } from '../test/support/cloudformation-validate';

const DESTINATION_NAME = 'cdk-log-destinations-org';
const STACK_SET_NAME = 'cdk-log-destinations-integ-all-accounts';
const organizationalUnit = process.env.CDK_INTEG_OU ?? 'ou-integ-placeholder';
const recipientAccount = /^\d{12}$/.test(process.env.CDK_INTEG_RECIPIENT_ACCOUNT ?? '') ? process.env.CDK_INTEG_RECIPIENT_ACCOUNT! : '999999999999';

const app = withCloudFormationValidate(new App());
const management = new Stack(app, 'StackSetManagement');

// What every member account gets, in every target Region.
const member = new StackSetStack(management, 'AllAccounts');
new AccountSubscriptionFilter(member, 'AllLogs', {
  destination: LogDestination.fromDestinationAttributes(member, 'Central', {
    destinationArn: `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${recipientAccount}:destination:${DESTINATION_NAME}`,
    organizationAccess: true,
  }),
  filterPattern: logs.FilterPattern.allEvents(),
});

new StackSet(management, 'StackSet', {
  stackSetName: STACK_SET_NAME,
  target: StackSetTarget.fromOrganizationalUnits({ regions: ['us-east-1', 'eu-west-1'], organizationalUnits: [organizationalUnit] }),
  template: StackSetTemplate.fromStackSetStack(member),
  deploymentType: DeploymentType.serviceManaged({ autoDeployEnabled: true }),
  // The sender role is an IAM role (without a custom name).
  capabilities: [Capability.IAM],
});

const integ = new IntegTest(app, 'StackSetIntegTest', {
  testCases: [management],
  diffAssets: true,
  // The update workflow would first deploy the committed snapshot, whose OU is the placeholder.
  stackUpdateWorkflow: false,
});
acknowledgeIntegHarness(integ);

integ.assertions.awsApiCall('CloudFormation', 'describeStackSet', { StackSetName: STACK_SET_NAME })
  .expect(ExpectedResult.objectLike({
    StackSet: Match.objectLike({
      StackSetName: STACK_SET_NAME,
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: Match.objectLike({ Enabled: true }),
    }),
  }));

app.synth();
