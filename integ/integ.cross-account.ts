/**
 * Integ test for LogDestination across two AWS accounts: a recipient account with a Kinesis stream
 * and two destinations in front of it (one granted to the sender account, one to the sender's
 * organization), and a sender account whose log groups subscribe to them by ARN, the second one
 * through `organizationAccess: true` (so the library creates the sender role and puts it on the
 * filter).
 *
 * Assertions, one account each:
 * - recipient account (`integ.assertions`, in the `CrossAccountAssertions` stack): DescribeDestinations
 *   shows each destination's target, role, ARN and access policy (the sender as a bare account ID,
 *   the organization by `aws:PrincipalOrgID`);
 * - sender account (the `CrossAccountSenderChecks` stack): DescribeSubscriptionFilters shows each
 *   filter on its destination, and the organization filter carrying the sender role. integ-tests-alpha
 *   (2.245) runs every `integ.assertions` call in one stack, so in one account, and cannot assume a
 *   role, so these checks are `EqualsAssertion`s with `failDeployment` in a test-case stack of the
 *   sender account: a mismatch fails that stack's deployment, and so the test. Their custom
 *   resources carry a timestamp `salt` and their outputs a hash of unresolved tokens, both pinned
 *   here so the snapshot (which integ-runner diffs for test-case stacks) stays stable; the checks
 *   run when the stack is created.
 *
 * Snapshot: with no account configured (as when integ-runner synthesizes snapshots, which sets
 * CDK_INTEG_ACCOUNT to the 8-digit `12345678`), the stacks use placeholder accounts
 * (recipient 999999999999, sender 111111111111, organization o-integtest01), so the committed
 * snapshot does not depend on who runs `npm run integ`.
 *
 * Deploying it (two accounts of one AWS Organization; the stacks are in us-east-1):
 * 1. Bootstrap both accounts, the sender trusting the recipient (whose credentials run the test):
 *      npx cdk bootstrap aws://RECIPIENT/us-east-1                       (recipient credentials)
 *      npx cdk bootstrap aws://SENDER/us-east-1 --trust RECIPIENT \
 *        --cloudformation-execution-policies arn:aws:iam::aws:policy/AdministratorAccess   (sender credentials)
 * 2. Build the library (integ apps load the compiled lib/*.js): npm run build
 * 3. With the recipient account's credentials (AWS_PROFILE=recipient, say):
 *      export CDK_INTEG_ACCOUNT=RECIPIENT CDK_INTEG_CROSS_ACCOUNT=SENDER CDK_INTEG_ORGANIZATION_ID=o-xxxxxxxxxx
 *      TS_NODE_PROJECT=tsconfig.dev.json npx integ-runner --force integ/integ.cross-account.ts
 *    integ-runner deploys the four stacks (the CDK CLI reaches the sender account through the
 *    roles its bootstrap trusts the recipient with), reads the recipient-side assertion results,
 *    and destroys everything. The snapshot it writes afterwards uses the placeholders again.
 * The variables are read only when CDK_INTEG_ACCOUNT is a 12-digit account ID; then
 * CDK_INTEG_CROSS_ACCOUNT and CDK_INTEG_ORGANIZATION_ID are required. `stackUpdateWorkflow` is off:
 * the committed snapshot names the placeholder accounts, so it cannot be deployed first.
 */
import { ActualResult, AwsApiCall, EqualsAssertion, ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { App, CfnOutput, CfnResource, Duration, Environment, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import { LogDestination, LogDestinationTarget } from '../lib';
import { acknowledgeIntegHarness, acknowledgeShortLivedLogGroup } from '../test/support/acknowledge';
import { withCloudFormationValidate } from '../test/support/cloudformation-validate';

const DESTINATION_NAME = 'cdk-log-destinations-cross-account';
const ORG_DESTINATION_NAME = 'cdk-log-destinations-cross-account-org';
const REGION = 'us-east-1';

/**
 * The accounts and organization of the test: from CDK_INTEG_ACCOUNT, CDK_INTEG_CROSS_ACCOUNT and
 * CDK_INTEG_ORGANIZATION_ID when CDK_INTEG_ACCOUNT is a 12-digit account ID (see the top of the file),
 * placeholders otherwise.
 */
function crossAccountSetup(env: NodeJS.ProcessEnv): { recipientAccount: string; senderAccount: string; organizationId: string } {
  if (!/^\d{12}$/.test(env.CDK_INTEG_ACCOUNT ?? '')) {
    return { recipientAccount: '999999999999', senderAccount: '111111111111', organizationId: 'o-integtest01' };
  }
  const senderAccount = env.CDK_INTEG_CROSS_ACCOUNT ?? '';
  const organizationId = env.CDK_INTEG_ORGANIZATION_ID ?? '';
  if (!/^\d{12}$/.test(senderAccount) || senderAccount === env.CDK_INTEG_ACCOUNT || !organizationId) {
    throw new Error('CDK_INTEG_ACCOUNT is set, so CDK_INTEG_CROSS_ACCOUNT (another 12-digit account ID) and '
      + 'CDK_INTEG_ORGANIZATION_ID (the organization of both accounts) must be set too');
  }
  return { recipientAccount: env.CDK_INTEG_ACCOUNT!, senderAccount, organizationId };
}

const setup = crossAccountSetup(process.env);
const app = withCloudFormationValidate(new App());
const recipientEnv: Environment = { account: setup.recipientAccount, region: REGION };
const senderEnv: Environment = { account: setup.senderAccount, region: REGION };

// Recipient account: one stream, a destination for the sender account and one for its organization.
const recipient = new Stack(app, 'CrossAccountRecipient', { env: recipientEnv });
const stream = new kinesis.Stream(recipient, 'Stream', {
  shardCount: 1,
  retentionPeriod: Duration.hours(24),
  encryption: kinesis.StreamEncryption.MANAGED,
  removalPolicy: RemovalPolicy.DESTROY,
});
const destination = new LogDestination(recipient, 'Destination', {
  destinationName: DESTINATION_NAME,
  target: LogDestinationTarget.kinesisStream(stream),
  subscriberAccounts: [setup.senderAccount],
});
const orgDestination = new LogDestination(recipient, 'OrgDestination', {
  destinationName: ORG_DESTINATION_NAME,
  target: LogDestinationTarget.kinesisStream(stream),
  subscriberOrganizationIds: [setup.organizationId],
});

// Sender account: the destinations are known by ARN only.
const sender = new Stack(app, 'CrossAccountSender', { env: senderEnv });
sender.addDependency(recipient);
// eslint-disable-next-line @cdklabs/no-literal-partition -- the ARNs a sender copies from the recipient account
const destinationArn = (name: string) => `arn:aws:logs:${REGION}:${setup.recipientAccount}:destination:${name}`;
const appLogs = new logs.LogGroup(sender, 'AppLogs', { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY });
acknowledgeShortLivedLogGroup(appLogs);
const central = LogDestination.fromDestinationArn(sender, 'Central', destinationArn(DESTINATION_NAME));
appLogs.addSubscriptionFilter('ToCentral', { destination: central, filterPattern: logs.FilterPattern.allEvents() });

const auditLogs = new logs.LogGroup(sender, 'AuditLogs', { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY });
acknowledgeShortLivedLogGroup(auditLogs);
const viaOrg = LogDestination.fromDestinationAttributes(sender, 'CentralOrg', {
  destinationArn: destinationArn(ORG_DESTINATION_NAME),
  organizationAccess: true,
});
const orgFilter = auditLogs.addSubscriptionFilter('ToCentralOrg', { destination: viaOrg, filterPattern: logs.FilterPattern.allEvents() });

// Sender-side checks, in the sender account (see the top of the file for why they are a test-case stack).
const senderChecks = new Stack(app, 'CrossAccountSenderChecks', { env: senderEnv });
acknowledgeIntegHarness(senderChecks);
const appFilters = new AwsApiCall(senderChecks, 'DescribeAppLogsFilters', {
  service: 'CloudWatchLogs',
  api: 'describeSubscriptionFilters',
  parameters: { logGroupName: appLogs.logGroupName },
});
const auditFilters = new AwsApiCall(senderChecks, 'DescribeAuditLogsFilters', {
  service: 'CloudWatchLogs',
  api: 'describeSubscriptionFilters',
  parameters: { logGroupName: auditLogs.logGroupName },
});
const check = (id: string, call: AwsApiCall, path: string, expected: string) => {
  const assertion = new EqualsAssertion(senderChecks, id, {
    actual: ActualResult.fromAwsApiCall(call, path),
    expected: ExpectedResult.exact(expected),
    failDeployment: true,
  });
  // Its output's logical ID ends in a hash of unresolved tokens, which changes from one synthesis to the next.
  (assertion.node.findChild('AssertionResults') as CfnOutput).overrideLogicalId(`AssertionResults${id}`);
};
check('AppLogsFilterDestination', appFilters, 'subscriptionFilters.0.destinationArn', central.destinationArn);
check('AuditLogsFilterDestination', auditFilters, 'subscriptionFilters.0.destinationArn', viaOrg.destinationArn);
// The organization filter carries the sender role the library created; its ARN is what the filter was given.
const orgFilterRoleArn = (orgFilter.node.defaultChild as logs.CfnSubscriptionFilter).roleArn!;
check('AuditLogsFilterRole', auditFilters, 'subscriptionFilters.0.roleArn', orgFilterRoleArn);
for (const resource of senderChecks.node.findAll()) {
  if (CfnResource.isCfnResource(resource) && resource.cfnResourceType.startsWith('Custom::DeployAssert@')) {
    resource.addPropertyOverride('salt', 'cross-account-sender-checks');
  }
}

// Recipient-side assertions, in the recipient account.
const assertions = new Stack(app, 'CrossAccountAssertions', { env: recipientEnv });
acknowledgeIntegHarness(assertions);
const integ = new IntegTest(app, 'CrossAccountInteg', {
  testCases: [recipient, sender, senderChecks],
  assertionStack: assertions,
  diffAssets: true,
  // The update workflow would first deploy the committed snapshot, whose accounts are the placeholders.
  stackUpdateWorkflow: false,
});

integ.assertions.awsApiCall('CloudWatchLogs', 'describeDestinations', { DestinationNamePrefix: DESTINATION_NAME })
  .expect(ExpectedResult.objectLike({
    destinations: Match.arrayWith([Match.objectLike({
      destinationName: DESTINATION_NAME,
      targetArn: stream.streamArn,
      roleArn: destination.role.roleArn,
      arn: destination.destinationArn,
      accessPolicy: Match.serializedJson(Match.objectLike({
        Statement: [Match.objectLike({
          Sid: 'SubscriberAccounts',
          Principal: { AWS: setup.senderAccount },
          Action: 'logs:PutSubscriptionFilter',
        })],
      })),
    })]),
  }));

integ.assertions.awsApiCall('CloudWatchLogs', 'describeDestinations', { DestinationNamePrefix: ORG_DESTINATION_NAME })
  .expect(ExpectedResult.objectLike({
    destinations: [Match.objectLike({
      destinationName: ORG_DESTINATION_NAME,
      targetArn: stream.streamArn,
      roleArn: orgDestination.role.roleArn,
      arn: orgDestination.destinationArn,
      accessPolicy: Match.serializedJson(Match.objectLike({
        Statement: [Match.objectLike({
          Sid: 'SubscriberOrganizations',
          Principal: '*',
          Action: 'logs:PutSubscriptionFilter',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': setup.organizationId } },
        })],
      })),
    })],
  }));

app.synth();
