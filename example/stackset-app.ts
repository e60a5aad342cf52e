/**
 * Example: every log group of every account of an organization, in every Region it uses, streaming to one
 * Kinesis stream in a central account, with accounts that join later picked up without a `cdk deploy`.
 *
 * - Central account, home Region: the stream (customer-managed key).
 * - Central account, every Region: a `LogDestination` named `org-logs` in front of the home Region's stream
 *   (a destination must be in its senders' Region; its stream need not be). Its role gets `kinesis:PutRecord`
 *   on the stream and `kms:GenerateDataKey` on the key. The organization is granted, account-level policies
 *   allowed (`accountLevelSubscriptions`).
 * - Management account: a service-managed StackSet with automatic deployment puts one
 *   `AccountSubscriptionFilter` into every account of the OUs, in every Region. Its template is account- and
 *   Region-agnostic: the destination ARN uses the deploying Region.
 *
 * Not wired into cdk.json. Synthesize it with:
 *   npx cdk synth --app "npx ts-node --transpile-only -P tsconfig.dev.json example/stackset-app.ts"
 */
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { App, Aws, Duration, RemovalPolicy, Stack, Stage, Validations } from 'aws-cdk-lib/core';
import { Capability, DeploymentType, StackSet, StackSetStack, StackSetTarget, StackSetTemplate } from 'cdk-stacksets';
import { AccountSubscriptionFilter, LogDestination, LogDestinationTarget } from '../lib';

const CENTRAL_ACCOUNT = '999999999999';
const MANAGEMENT_ACCOUNT = '888888888888';
const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const ORGANIZATIONAL_UNITS = ['ou-abcd-11111111', 'ou-abcd-22222222'];
const HOME_REGION = 'us-east-1';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const DESTINATION_NAME = 'org-logs';
const STREAM_NAME = 'org-logs';

/** The stacks of the example, in an app (or stage) of the caller's. */
export function buildStackSetExample(app: Stage, homeKeyArn: string): { management: Stack; member: StackSetStack; regional: Stack[] } {
  // Central account, home Region: the stream every Region's destination delivers to.
  const home = new Stack(app, 'CentralStream', { env: { account: CENTRAL_ACCOUNT, region: HOME_REGION } });
  const stream = new kinesis.Stream(home, 'Stream', {
    streamName: STREAM_NAME,
    encryption: kinesis.StreamEncryption.KMS,
    retentionPeriod: Duration.hours(24),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // The stream uses a customer-managed key on purpose: each Region's destination role then gets kms:GenerateDataKey on it.
  Validations.of(stream).acknowledge(
    { id: 'AwsSolutions-KDS3', reason: 'A customer-managed key on purpose: it shows the destination roles getting kms:GenerateDataKey on it.' },
    { id: 'AwsSolutions-KMS5', reason: 'Demonstration key; rotation is the key owner\'s policy and has no bearing on log delivery.' },
    { id: 'cdk-validator-cfnguard::kms_key_rotation_enabled_check', reason: 'CT.KMS.PR.1: as AwsSolutions-KMS5, a demonstration key.' },
    { id: 'cdk-validator-cfnguard::kms_create_grant_aws_service_check',
      reason: 'CT.KMS.PR.3: the CDK default key policy; the destination roles use kms:GenerateDataKey directly, nobody creates grants.' },
  );

  // Central account, one stack per Region: a destination of the same name, in front of the home stream.
  const regional = REGIONS.map(region => {
    const stack = new Stack(app, `CentralDestination-${region}`, { env: { account: CENTRAL_ACCOUNT, region } });
    stack.node.addDependency(home);
    new LogDestination(stack, 'Destination', {
      destinationName: DESTINATION_NAME,
      // The stream's ARN is known from its name; its key's ARN is copied from the home stack once it is deployed.
      target: LogDestinationTarget.fromArn(
        stack.formatArn({ service: 'kinesis', region: HOME_REGION, resource: 'stream', resourceName: STREAM_NAME }),
        { encryptionKey: kms.Key.fromKeyArn(stack, 'HomeKey', homeKeyArn) }),
      subscriberOrganizationIds: [ORGANIZATION_ID],
      accountLevelSubscriptions: true,
    });
    return stack;
  });

  // Management account: the StackSet, and the template every member account gets in every Region.
  const management = new Stack(app, 'OrgLogging', { env: { account: MANAGEMENT_ACCOUNT, region: HOME_REGION } });
  const member = new StackSetStack(management, 'EveryAccount');
  new AccountSubscriptionFilter(member, 'AllLogGroups', {
    destination: LogDestination.fromDestinationAttributes(member, 'Central', {
      // The destination of the Region this copy of the stack is deployed to.
      destinationArn: `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${CENTRAL_ACCOUNT}:destination:${DESTINATION_NAME}`,
      organizationAccess: true,
    }),
    filterPattern: logs.FilterPattern.allEvents(),
  });
  new StackSet(management, 'StackSet', {
    target: StackSetTarget.fromOrganizationalUnits({ regions: REGIONS, organizationalUnits: ORGANIZATIONAL_UNITS }),
    template: StackSetTemplate.fromStackSetStack(member),
    deploymentType: DeploymentType.serviceManaged({ autoDeployEnabled: true }),
    capabilities: [Capability.IAM],
  });
  return { management, member, regional };
}

if (require.main === module) {
  const app = new App();
  buildStackSetExample(app, app.node.tryGetContext('homeKeyArn')
    // eslint-disable-next-line @cdklabs/no-literal-partition -- a placeholder for the ARN copied from the home stack
    ?? `arn:aws:kms:${HOME_REGION}:${CENTRAL_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
  app.synth();
}
