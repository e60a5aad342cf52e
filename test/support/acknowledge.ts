/**
 * Acknowledgements of compliance findings (cdk-nag AwsSolutions, cfn-guard Control Tower rules)
 * about the USER's resources in the example app and the integ apps: the streams, keys and log
 * groups they create around the library, and the integ-tests harness. Each states why the finding
 * does not apply there. Findings about what the library creates are never acknowledged here (see
 * lib/private/acknowledge.ts).
 *
 * They use aws-cdk-lib's `Validations.of(scope).acknowledge()`, which cdk-nag 3 reads; cfn-guard
 * rules are named with aws-cdk-lib's plugin-qualified ID (`cdk-validator-cfnguard::<rule>`).
 */
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Stack, Validations } from 'aws-cdk-lib/core';
import { Construct, IConstruct } from 'constructs';

/** A cfn-guard Control Tower rule, as aws-cdk-lib names it for acknowledgements. */
export function guardRule(ruleName: string): string {
  return `cdk-validator-cfnguard::${ruleName}`;
}

function acknowledge(scope: IConstruct, rules: Record<string, string>): void {
  Validations.of(scope).acknowledge(...Object.entries(rules).map(([id, reason]) => ({ id, reason })));
}

/**
 * An acknowledgement whose ID has more than one `::` (cdk-nag's IDs of findings on ARNs), which `Validations.acknowledge()`
 * rejects: the construct metadata it writes, written directly.
 */
function acknowledgeRule(scope: IConstruct, id: string, reason: string): void {
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
}

/**
 * How cdk-nag names a finding on an IAM policy resource: `Resource::` and the resolved value, `Ref` as `<Name>`,
 * `Fn::GetAtt` as `<Name.Attribute>`.
 */
function iamResourceFindingId(scope: IConstruct, resource: string): string {
  const text = (value: any): string => {
    if (typeof value === 'string') {
      return value;
    }
    if (value['Fn::Join']) {
      return (value['Fn::Join'][1] as unknown[]).map(text).join(value['Fn::Join'][0]);
    }
    if (value['Fn::GetAtt']) {
      return `<${value['Fn::GetAtt'].join('.')}>`;
    }
    if (value.Ref) {
      return `<${value.Ref}>`;
    }
    throw new Error(`no cdk-nag name for ${JSON.stringify(value)}`);
  };
  return `Resource::${text(Stack.of(scope).resolve(resource))}`;
}

/**
 * A Kinesis stream encrypted with the customer-managed key `kinesis.StreamEncryption.KMS` creates:
 * the point of the example is that the destination's role gets `kms:GenerateDataKey` on such a key.
 */
export function acknowledgeDemoStreamKey(stream: kinesis.Stream): void {
  acknowledge(stream, {
    'AwsSolutions-KDS3': 'The stream uses a customer-managed key on purpose: it shows the destination role getting '
      + 'kms:GenerateDataKey on the key, which the AWS-managed aws/kinesis key would not need.',
    'AwsSolutions-KMS5': 'Demonstration key of a short-lived stream (24-hour retention, destroyed with the stack); rotation '
      + 'is the key owner\'s policy and has no bearing on log delivery.',
    [guardRule('kms_key_rotation_enabled_check')]: 'CT.KMS.PR.1: same key as AwsSolutions-KMS5, a demonstration key of a '
      + 'short-lived stream; rotation has no bearing on log delivery.',
    [guardRule('kms_create_grant_aws_service_check')]: 'CT.KMS.PR.3: the key policy is the CDK default (the account administers '
      + 'the key); neither CloudWatch Logs nor Kinesis creates grants on it, the destination role uses kms:GenerateDataKey directly.',
  });
}

/**
 * A log group of an example or integ test, created with short retention and CloudWatch Logs' default
 * encryption to keep the demonstration cheap.
 */
export function acknowledgeShortLivedLogGroup(logGroup: logs.LogGroup): void {
  acknowledge(logGroup, {
    [guardRule('cloudwatch_log_group_retention_period_check')]: 'CT.CLOUDWATCH.PR.2: demonstration log group with short '
      + 'retention on purpose (it is destroyed with the stack); retention is the log group owner\'s choice, not the library\'s.',
    [guardRule('cloudwatch_log_group_encrypted_check')]: 'CT.CLOUDWATCH.PR.3: demonstration log group, encrypted by CloudWatch '
      + 'Logs by default; a customer-managed key is the log group owner\'s choice and independent of subscriptions and deliveries.',
  });
}

/**
 * An S3 bucket of an integ test that receives vended logs (or nothing at all), destroyed with the
 * stack: the hardening Control Tower and AwsSolutions ask of buckets is the bucket owner's, and
 * unrelated to the delivery policy statements the library adds to it.
 */
export function acknowledgeDemoBucket(bucket: s3.Bucket): void {
  const owner = 'demonstration bucket of an integ test, destroyed with the stack;';
  acknowledge(bucket, {
    'AwsSolutions-S1': `${owner} server access logs of it would only add another bucket.`,
    'AwsSolutions-S10': `${owner} enforcing TLS (enforceSSL) is the bucket owner's choice; the library's delivery statements work either way.`,
    [guardRule('s3_bucket_policy_ssl_requests_only_check')]: `CT.S3.PR.8: ${owner} same as AwsSolutions-S10.`,
    [guardRule('s3_bucket_level_public_access_prohibited_check')]: `CT.S3.PR.1: ${owner} nothing in it is public; the `
      + 'explicit block-public-access setting is the bucket owner\'s.',
    [guardRule('s3_bucket_logging_enabled_check')]: `CT.S3.PR.2: ${owner} same as AwsSolutions-S1.`,
    [guardRule('s3_version_lifecycle_policy_check')]: `CT.S3.PR.3: ${owner} versioning and lifecycle rules are for long-lived data.`,
    [guardRule('s3_event_notifications_enabled_check')]: `CT.S3.PR.4: ${owner} nothing consumes its objects.`,
    [guardRule('s3_bucket_acl_prohibited_check')]: `CT.S3.PR.5: ${owner} object ownership is the bucket owner's setting; `
      + 'the delivery statements require bucket-owner-full-control, which works with any.',
    [guardRule('s3_lifecycle_policy_check')]: `CT.S3.PR.6: ${owner} same as CT.S3.PR.3.`,
    [guardRule('s3_bucket_object_lock_enabled_check')]: `CT.S3.PR.9: ${owner} Object Lock would keep it from being deleted.`,
    [guardRule('s3_bucket_default_encryption_kms_check')]: `CT.S3.PR.10: ${owner} encrypted with S3-managed keys by default; `
      + 'a customer-managed key is the bucket owner\'s choice.',
    [guardRule('s3_bucket_versioning_enabled_check')]: `CT.S3.PR.11: ${owner} same as CT.S3.PR.3.`,
  });
}

/**
 * A Firehose delivery stream of an integ test writing to an S3 bucket, as aws-cdk-lib builds it: its
 * service role's grants on the bucket and its error log group are aws-cdk-lib's, not the library's.
 */
export function acknowledgeDemoFirehoseToS3(deliveryStream: firehose.DeliveryStream, bucket: s3.IBucket): void {
  const grant = 'aws-cdk-lib\'s Firehose S3 destination grants its own service role read and write on the one destination '
    + 'bucket; the wildcard is in aws-cdk-lib\'s action groups and object ARN, scoped to that bucket.';
  acknowledge(deliveryStream, {
    'AwsSolutions-KDF1': 'Demonstration delivery stream of an integ test, destroyed with the stack; server-side encryption '
      + 'is the stream owner\'s choice and independent of the vended-log delivery.',
    ...Object.fromEntries(['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']
      .map(action => [`AwsSolutions-IAM5[Action::${action}]`, grant])),
    [`AwsSolutions-IAM5[${iamResourceFindingId(bucket, bucket.arnForObjects('*'))}]`]: grant,
    [guardRule('cloudwatch_log_group_encrypted_check')]: 'CT.CLOUDWATCH.PR.3: the error log group aws-cdk-lib creates for the '
      + 'delivery stream, encrypted by CloudWatch Logs by default.',
  });
}

/**
 * The role aws-cdk-lib's `KinesisDestination` creates (through its `bind()`) for an account-level policy to an encrypted
 * stream: `stream.grantWrite(role)` grants aws-cdk-lib's KMS action groups on that one key.
 */
export function acknowledgeKinesisDestinationRole(role: IConstruct): void {
  const grant = 'aws-cdk-lib\'s KinesisDestination grants its role stream.grantWrite, whose KMS actions on the stream\'s one '
    + 'customer-managed key are aws-cdk-lib\'s action groups (kms:ReEncrypt*, kms:GenerateDataKey*); the resource is that key only.';
  acknowledge(role, Object.fromEntries(['kms:ReEncrypt*', 'kms:GenerateDataKey*'].map(action => [`AwsSolutions-IAM5[Action::${action}]`, grant])));
}

/**
 * The assertion machinery of integ-tests-alpha (a stack holding its assertion provider Lambda):
 * deployed only by integ-runner, for minutes, and not part of the library or of what users deploy.
 */
export function acknowledgeIntegHarness(scope: IConstruct): void {
  acknowledge(scope, {
    [guardRule('lambda_inside_vpc_check')]: 'CT.LAMBDA.PR.3: the integ-tests assertion provider calls AWS APIs from outside '
      + 'any VPC by design and lives only for the duration of an integ run.',
    [guardRule('step_functions_state_machine_logging_enabled_check')]: 'CT.STEPFUNCTIONS.PR.1: the state machine integ-tests '
      + 'builds for waitForAssertions polls an assertion for the duration of an integ run; its history is in the integ runner.',
    [guardRule('step_functions_state_machine_tracing_enabled_check')]: 'CT.STEPFUNCTIONS.PR.2: same state machine as CT.STEPFUNCTIONS.PR.1.',
  });
}

/**
 * A bucket an integ test hands a `LogArchive`, destroyed with the stack (its objects deleted by aws-cdk-lib's
 * auto-delete custom resource), so that a test run leaves nothing behind; the archive's own bucket is retained.
 */
export function acknowledgeDemoArchiveBucket(bucket: s3.Bucket): void {
  const owner = 'demonstration bucket of an integ test, emptied and destroyed with the stack;';
  acknowledge(bucket, {
    'AwsSolutions-S1': `${owner} server access logs of it would only add another bucket.`,
    [guardRule('s3_bucket_logging_enabled_check')]: `CT.S3.PR.2: ${owner} same as AwsSolutions-S1.`,
    [guardRule('s3_version_lifecycle_policy_check')]: `CT.S3.PR.3: ${owner} versioning and lifecycle rules are for long-lived data.`,
    [guardRule('s3_event_notifications_enabled_check')]: `CT.S3.PR.4: ${owner} nothing consumes its objects.`,
    [guardRule('s3_bucket_acl_prohibited_check')]: `CT.S3.PR.5: ${owner} object ownership is the bucket owner's setting.`,
    [guardRule('s3_lifecycle_policy_check')]: `CT.S3.PR.6: ${owner} same as CT.S3.PR.3.`,
    [guardRule('s3_bucket_object_lock_enabled_check')]: `CT.S3.PR.9: ${owner} Object Lock would keep it from being deleted.`,
    [guardRule('s3_bucket_default_encryption_kms_check')]: `CT.S3.PR.10: ${owner} encrypted with S3-managed keys.`,
    [guardRule('s3_bucket_versioning_enabled_check')]: `CT.S3.PR.11: ${owner} same as CT.S3.PR.3.`,
  });
}

/**
 * A function an integ test invokes to write a log event with the current time into a subscribed log group (a static
 * PutLogEvents call in an assertion could not carry one): it lives for the test run only.
 */
export function acknowledgeIntegProbe(fn: lambda.Function): void {
  acknowledgeRule(fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'Integ-test probe function: AWSLambdaBasicExecutionRole is what aws-cdk-lib gives a function by default, and the probe lives '
    + 'only for the test run.');
  acknowledge(fn, {
    'AwsSolutions-L1': 'Integ-test probe function of one console.log line; its runtime is pinned so its snapshot stays put.',
    [guardRule('lambda_inside_vpc_check')]: 'CT.LAMBDA.PR.3: the probe only writes to its log group; it lives for the test run.',
  });
}

/**
 * The integ tests' producer: a function that writes one log event holding `marker`, with the current time, into
 * `logGroup` when an assertion invokes it, acknowledged as an integ probe.
 */
export function integLogProducer(scope: Construct, logGroup: logs.ILogGroup, marker: string): lambda.Function {
  const producer = new lambda.Function(scope, 'Producer', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(`exports.handler = async () => { console.log(${JSON.stringify(marker)}); return 'logged'; };`),
    logGroup,
  });
  acknowledgeIntegProbe(producer);
  return producer;
}

/** aws-cdk-lib's provider of `autoDeleteObjects`, which empties an integ test's buckets when its stack is deleted. */
export function acknowledgeAutoDeleteProvider(stack: IConstruct): void {
  acknowledge(stack.node.findChild('Custom::S3AutoDeleteObjectsCustomResourceProvider'), {
    [guardRule('lambda_inside_vpc_check')]: 'CT.LAMBDA.PR.3: aws-cdk-lib\'s autoDeleteObjects provider calls S3 from outside any '
      + 'VPC by design, at stack deletion of an integ test only.',
  });
}

/**
 * CloudFormation Validate's W3005 ("DependsOn ... dependency already enforced by a GetAtt"), which aws-cdk-lib and
 * integ-tests-alpha write into an integ app (a function on its role, `autoDeleteObjects`' provider, the assertion
 * state machine of `waitForAssertions` on its role): harmless. aws-cdk-lib collects acknowledgements of validation
 * plugins across the whole app, under `<plugin name>::<rule name>`: `CloudFormation-Validate::W3005` for the validator
 * the newest aws-cdk-lib bundles, and `CloudFormation-Validate::` twice for this project's plugin (scripts/), whose rule
 * names carry the plugin's name. Unit tests still validate every library template without it (`templateOf`).
 */
export function acknowledgeRedundantDependsOn(scope: IConstruct): void {
  const reason = 'DependsOn written by aws-cdk-lib or integ-tests-alpha beside a reference to the same resource; harmless, and not '
    + 'the library\'s.';
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {
    'CloudFormation-Validate::W3005': reason,
    'CloudFormation-Validate::CloudFormation-Validate::W3005': reason,
  });
}
