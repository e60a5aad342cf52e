import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { CfnResource, IResource, Resource, Stack, Token } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { TargetService } from './private/account-policy-binding';
import { isBranded, markBranded } from './private/brand';
import { FIREHOSE_ACTIONS, KINESIS_ACTIONS, STREAM_KEY_ACTIONS } from './private/destination-role';
import { knownDifference } from './private/environments';
import { invalidInput } from './private/errors';
import { checkArgs } from './private/guard';
import { declareUpstream } from './private/ordering';
import { checkDirectPut, describeArn } from './private/targets';

/**
 * The targets of `LogDestinationTarget`'s factories, recognised across copies of the library by this brand. Another
 * copy's target is read through its `service` getter: change the version in the key when that changes.
 */
const ARN_TARGET_BRAND = Symbol.for('cdk-log-destinations.LogDestinationTarget.ArnTarget@1');

/** What a target gives its destination: where the records go, and what the role CloudWatch Logs assumes may do there. */
interface LogDestinationTargetConfig {
  /** The ARN of the Kinesis data stream or Firehose delivery stream. */
  readonly targetArn: string;
  /**
   * The permissions the destination's role needs on the target; empty when they cannot be known (an ARN target
   * without `actions`), and the destination then requires a role of your own that has them.
   */
  readonly statements: iam.PolicyStatement[];
}

/** Options for `LogDestinationTarget.fromArn`. */
export interface LogDestinationTargetArnOptions {
  /**
   * The actions the destination's role may perform on the target.
   *
   * @default - inferred from a literal ARN (`kinesis:PutRecord` for a Kinesis data stream, `firehose:PutRecord` and
   * `firehose:PutRecordBatch` for a Firehose delivery stream); none for an ARN that is a token, which then needs a
   * `role` of your own
   */
  readonly actions?: string[];

  /**
   * The customer-managed KMS key that encrypts a Kinesis data stream: the role gets `kms:GenerateDataKey` on it.
   *
   * @default - no key permissions
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * Where a `LogDestination` delivers: a Kinesis data stream or a Firehose delivery stream.
 */
export abstract class LogDestinationTarget {
  /**
   * A Kinesis data stream. The role gets `kinesis:PutRecord` on the stream and, when the stream is
   * encrypted with a customer-managed key, `kms:GenerateDataKey` on that key.
   */
  public static kinesisStream(stream: kinesis.IStream): LogDestinationTarget {
    checkArgs('LogDestinationTarget.kinesisStream', [stream]);
    return new ArnTarget(stream.streamArn, KINESIS_ACTIONS, stream.encryptionKey, false, stream);
  }

  /**
   * An Amazon Data Firehose delivery stream. The role gets `firehose:PutRecord` and
   * `firehose:PutRecordBatch` on the delivery stream.
   */
  public static firehose(deliveryStream: firehose.IDeliveryStream): LogDestinationTarget {
    checkArgs('LogDestinationTarget.firehose', [deliveryStream]);
    return new ArnTarget(deliveryStream.deliveryStreamArn, FIREHOSE_ACTIONS, undefined, false, deliveryStream);
  }

  /**
   * A target known only by its ARN, such as a stream in another account or created elsewhere.
   */
  public static fromArn(targetArn: string, options: LogDestinationTargetArnOptions = {}): LogDestinationTarget {
    checkArgs('LogDestinationTarget.fromArn', [targetArn, options]);
    return new ArnTarget(targetArn, options.actions ?? inferActions(targetArn), options.encryptionKey, true);
  }

  /**
   * Which service a target is, when its actions tell (a target of this copy of the library or another): read by
   * account-level policies to accept or refuse `distribution`.
   *
   * @internal
   */
  public static _serviceOf(target: LogDestinationTarget): TargetService | undefined {
    return isBranded(target, ARN_TARGET_BRAND) ? (target as unknown as { readonly service?: TargetService }).service : undefined;
  }

  /**
   * Returns the target ARN and the role permissions; called once by the destination.
   *
   * @internal
   */
  public abstract _bind(scope: Construct): LogDestinationTargetConfig;
}

class ArnTarget extends LogDestinationTarget {
  constructor(
    private readonly targetArn: string,
    private readonly actions: string[],
    private readonly encryptionKey?: kms.IKey,
    private readonly checkArn = false,
    private readonly resource?: IResource,
  ) {
    super();
    markBranded(this, ARN_TARGET_BRAND);
  }

  public _bind(scope: Construct): LogDestinationTargetConfig {
    if (this.checkArn && !Token.isUnresolved(this.targetArn) && !/^arn:[^:]+:(kinesis|firehose):[^:]*:[^:]*:.+/.test(this.targetArn)) {
      throw invalidInput(scope, 'target', this.targetArn,
        'a destination target is the ARN of a Kinesis data stream or a Firehose delivery stream',
        // eslint-disable-next-line @cdklabs/no-literal-partition -- an example in a message, not an ARN we build
        'Pass an ARN like \'arn:aws:kinesis:us-east-1:111111111111:stream/central-logs\'');
    }
    const statements: iam.PolicyStatement[] = [];
    if (this.actions.length > 0) {
      statements.push(new iam.PolicyStatement({ actions: this.actions, resources: [this.targetArn] }));
    }
    if (this.encryptionKey) {
      statements.push(new iam.PolicyStatement({ actions: STREAM_KEY_ACTIONS, resources: [this.encryptionKey.keyArn] }));
    }
    checkDirectPut(scope, 'target', describeArn(this.targetArn).resource);
    const crossRegion = crossRegionReferencesOn(scope, this.resource, this.targetArn);
    checkNameableHere(scope, this.resource, this.targetArn, false, crossRegion);
    checkNameableHere(scope, this.encryptionKey, this.encryptionKey?.keyArn, true, crossRegion);
    // The destination's stack deploys after the stream's and the key's, which the library's ordering must not contradict.
    declareUpstream(scope, [this.resource, this.encryptionKey].filter(r => r !== undefined && Resource.isOwnedResource(r)));
    return { targetArn: this.targetArn, statements };
  }

  /** Which service the target is, when the actions tell (read through `_serviceOf`, by this copy of the library or another). */
  public get service(): TargetService | undefined {
    return this.actions === KINESIS_ACTIONS ? 'kinesis' : this.actions === FIREHOSE_ACTIONS ? 'firehose' : undefined;
  }
}

/**
 * Fails with a clear error when a target resource of another environment (a stream in another Region, say:
 * AWS allows it) can only be named there by a name CloudFormation generates at deploy time. CDK's own error
 * for this ("Cannot use resource ... in a cross-environment fashion") does not say what to do here.
 */
function checkNameableHere(scope: Construct, resource: IResource | undefined, arn: string | undefined, isKey: boolean, crossRegion: boolean): void {
  if (!resource || !Resource.isOwnedResource(resource)) {
    return;
  }
  const here = Stack.of(scope);
  const { account, region } = resource.env;
  // Only environments known on both sides are told apart, so the message names them.
  if ([account, region, here.account, here.region].some(value => Token.isUnresolved(value)) || !knownDifference(resource.env, here)) {
    return;
  }
  let nameable: boolean;
  try {
    // With crossRegionReferences, aws-cdk-lib hands a resource of the same account over to this stack itself.
    nameable = crossRegion && account === here.account || !holdsResourceReference(here.resolve(arn));
  } catch {
    nameable = false;
  }
  if (!nameable) {
    const isStream = !isKey;
    throw invalidInput(scope, 'target', resource.node.path,
      `the ${isStream ? 'stream' : 'key'} is in ${account}/${region} and the destination in ${here.account}/${here.region} `
      + '(AWS allows that), but its ARN holds a name CloudFormation generates at deploy time, which this stack cannot know',
      isStream
        ? 'Give the stream a physical name (for a Kinesis stream streamName: \'central-logs\', for a Firehose stream deliveryStreamName), '
          + 'or PhysicalName.GENERATE_IF_NEEDED as that name (CDK then generates one at synth)'
        : 'Pass the stream with LogDestinationTarget.fromArn(streamArn, { encryptionKey: kms.Key.fromKeyArn(this, \'Key\', keyArn) }), '
          + 'with the key\'s ARN copied from its account');
  }
}

/**
 * Whether the stack of `scope` sets `crossRegionReferences`, as far as a stream of the same account in another Region
 * shows it (aws-cdk-lib offers no public reading of the flag): the ARN of an aws-cdk-lib stream resolves in a stack with
 * the flag to the stream's own `Fn::GetAtt` (which aws-cdk-lib then hands over through an SSM parameter), and in one
 * without it to the name-based ARN, or fails when the stream has no physical name.
 */
function crossRegionReferencesOn(scope: Construct, stream: IResource | undefined, arn: string): boolean {
  const here = Stack.of(scope);
  if (!stream || !Resource.isOwnedResource(stream) || knownDifference(stream.env, here, ['account'])
    || !knownDifference(stream.env, here, ['region'])) {
    return false;
  }
  try {
    return isOwnArnAttribute(here.resolve(arn), stream);
  } catch {
    return false;
  }
}

/** Whether a resolved ARN is exactly `{ "Fn::GetAtt": [<the resource's L1>, "Arn"] }`. */
function isOwnArnAttribute(resolved: unknown, resource: IResource): boolean {
  const cfn = resource.node.defaultChild;
  const getAtt = (resolved as Record<string, unknown> | undefined)?.['Fn::GetAtt'];
  if (!CfnResource.isCfnResource(cfn) || !Array.isArray(getAtt) || getAtt[1] !== 'Arn') {
    return false;
  }
  const owner = Stack.of(cfn);
  return getAtt[0] === owner.resolve(owner.getLogicalId(cfn));
}

/** Whether a resolved value refers to a resource (`Ref` or `Fn::GetAtt` other than a pseudo parameter), which cannot cross environments. */
function holdsResourceReference(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(holdsResourceReference);
  }
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') {
    return !v.Ref.startsWith('AWS::');
  }
  return 'Fn::GetAtt' in v || Object.values(v).some(holdsResourceReference);
}

function inferActions(targetArn: string): string[] {
  if (Token.isUnresolved(targetArn)) {
    return [];
  }
  if (/^arn:[^:]+:kinesis:[^:]*:[^:]*:stream\//.test(targetArn)) {
    return KINESIS_ACTIONS;
  }
  if (/^arn:[^:]+:firehose:[^:]*:[^:]*:deliverystream\//.test(targetArn)) {
    return FIREHOSE_ACTIONS;
  }
  return [];
}
