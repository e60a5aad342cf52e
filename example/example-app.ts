/**
 * The stacks of the example app: a central logging account that receives the CloudWatch Logs of
 * other accounts through a Kinesis data stream, and one sender account that subscribes a log group
 * to it. `example/app.ts` synthesizes them for `npx cdk synth`; the compliance test
 * (`test/compliance.test.ts`) builds them in its own app to run cdk-nag and cfn-guard on them.
 */
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Duration, RemovalPolicy, Stack, StackProps, Stage } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { LogDestination, LogDestinationTarget } from '../lib';
import { acknowledgeDemoStreamKey, acknowledgeShortLivedLogGroup } from '../test/support/acknowledge';

const CENTRAL_ACCOUNT = '999999999999';
const APP_ACCOUNTS = ['111111111111', '222222222222'];
const ORGANIZATION_ID = 'o-a1b2c3d4e5';
const REGION = 'us-east-1';

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
    acknowledgeDemoStreamKey(stream);
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
    acknowledgeShortLivedLogGroup(logGroup);
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
