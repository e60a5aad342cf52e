/**
 * The stacks of the example app: a central logging account that receives the CloudWatch Logs of
 * other accounts through a Kinesis data stream, and one sender account that subscribes a log group
 * to it.
 *
 * Copy this file and `app.ts` into your app as they are: they use only aws-cdk-lib, constructs and
 * this library (in your app, import from `'cdk-log-destinations'` instead of `'../lib'`).
 *
 * In this repository, `npx cdk synth` runs `scripts/synth-example.ts`, which builds these stacks in
 * an app with CloudFormation Validate plugged in; the compliance test (`test/compliance.test.ts`)
 * builds them in its own app to run cdk-nag and cfn-guard on them.
 */
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Duration, RemovalPolicy, Stack, StackProps, Stage, Validations } from 'aws-cdk-lib/core';
import { Construct, IConstruct } from 'constructs';
import { LogDestination, LogDestinationTarget } from '../lib';

const CENTRAL_ACCOUNT = '999999999999';
const APP_ACCOUNTS = ['111111111111', '222222222222'];
const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const REGION = 'us-east-1';

/**
 * Acknowledges compliance findings (cdk-nag's AwsSolutions rules and, with aws-cdk-lib's
 * plugin-qualified IDs, the cfn-guard Control Tower rules) about the example's OWN demonstration
 * resources, each with the reason it does not apply here. Nothing the library creates needs one.
 * If you copy the example and run neither tool, these entries are inert metadata.
 */
function acknowledge(scope: IConstruct, rules: Record<string, string>): void {
  Validations.of(scope).acknowledge(...Object.entries(rules).map(([id, reason]) => ({ id, reason })));
}

/** The recipient side: a stream and the destination every other account subscribes to. */
export class CentralLoggingStack extends Stack {
  public readonly destination: LogDestination;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const stream = new kinesis.Stream(this, 'Stream', {
      encryption: kinesis.StreamEncryption.KMS,
      retentionPeriod: Duration.hours(24),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The stream uses a customer-managed key on purpose: the destination's role then gets kms:GenerateDataKey on it.
    acknowledge(stream, {
      'AwsSolutions-KDS3': 'The stream uses a customer-managed key on purpose: it shows the destination role getting '
        + 'kms:GenerateDataKey on the key, which the AWS-managed aws/kinesis key would not need.',
      'AwsSolutions-KMS5': 'Demonstration key of a short-lived stream (24-hour retention, destroyed with the stack); rotation '
        + 'is the key owner\'s policy and has no bearing on log delivery.',
      'cdk-validator-cfnguard::kms_key_rotation_enabled_check': 'CT.KMS.PR.1: same key as AwsSolutions-KMS5, a demonstration '
        + 'key of a short-lived stream; rotation has no bearing on log delivery.',
      'cdk-validator-cfnguard::kms_create_grant_aws_service_check': 'CT.KMS.PR.3: the key policy is the CDK default (the account '
        + 'administers the key); neither CloudWatch Logs nor Kinesis creates grants on it, the destination role uses kms:GenerateDataKey directly.',
    });
    this.destination = new LogDestination(this, 'Destination', {
      destinationName: 'central-logs',
      target: LogDestinationTarget.kinesisStream(stream),
      subscriberAccounts: APP_ACCOUNTS,
    });
    // Every account of the organization may subscribe too (it then puts a role on its filter).
    this.destination.grantSubscribeOrganization(ORGANIZATION_ID);
  }
}

/** A sender side: an application log group that streams to the central destination. */
export class AppStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { destinationArn: string }) {
    super(scope, id, props);
    const logGroup = new logs.LogGroup(this, 'AppLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(logGroup, {
      'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check': 'CT.CLOUDWATCH.PR.2: demonstration log group with '
        + 'short retention on purpose (it is destroyed with the stack); retention is the log group owner\'s choice, not the library\'s.',
      'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check': 'CT.CLOUDWATCH.PR.3: demonstration log group, encrypted by '
        + 'CloudWatch Logs by default; a customer-managed key is the log group owner\'s choice and independent of subscriptions.',
    });
    const central = LogDestination.fromDestinationArn(this, 'Central', props.destinationArn);
    logGroup.addSubscriptionFilter('ToCentral', { destination: central, filterPattern: logs.FilterPattern.allEvents() });
  }
}

/** The example's stacks, in an app (or stage) of the caller's. */
export function buildExampleApp(app: Stage): { central: CentralLoggingStack; sender: AppStack } {
  const central = new CentralLoggingStack(app, 'CentralLogging', { env: { account: CENTRAL_ACCOUNT, region: REGION } });
  const sender = new AppStack(app, 'AppAccount', {
    env: { account: APP_ACCOUNTS[0], region: REGION },
    // eslint-disable-next-line @cdklabs/no-literal-partition -- the ARN a sender copies from the central account
    destinationArn: `arn:aws:logs:${REGION}:${CENTRAL_ACCOUNT}:destination:central-logs`,
  });
  return { central, sender };
}
