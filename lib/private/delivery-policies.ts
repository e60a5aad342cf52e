import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnResource, Lazy, Names, Stack } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { findBranded, markBranded } from './brand';
import { awsXRay } from './lazy-modules';
import { deployedText } from './token-size';
import { VendedLogsRegistry } from './vended-logs-registry';
import { warn } from './warnings';

/** The service principal that writes vended logs and traces to their destinations. */
export const DELIVERY_PRINCIPAL = 'delivery.logs.amazonaws.com';

/** What PutResourcePolicy accepts, for CloudWatch Logs and X-Ray alike. */
const POLICY_MAX_CHARS = 5120;

/**
 * The delivery sources a destination admits, as lists that grow with its grants (lazy lists:
 * they are only read at synth, so grants made after the target was bound count too).
 */
export interface AdmittedSources {
  /** Accounts whose delivery sources may write, for `aws:SourceAccount`. */
  readonly accounts: string[];
  /** `ArnLike` patterns of those accounts' delivery sources, for `aws:SourceArn`. */
  readonly sourceArns: string[];
}

/** Delivery sources admitted through their AWS Organizations organization. */
export interface AdmittedOrganizations {
  /** Organization IDs, for `aws:SourceOrgID`. */
  readonly organizationIds: string[];
  /** `ArnLike` patterns of delivery sources in any account, for `aws:SourceArn`. */
  readonly sourceArns: string[];
}

/** The condition block that admits a destination's sources. */
export function sourceConditions(sources: AdmittedSources): Record<string, any> {
  return {
    StringEquals: { 'aws:SourceAccount': sources.accounts },
    ArnLike: { 'aws:SourceArn': sources.sourceArns },
  };
}

/** The condition block that admits an organization's sources. */
export function organizationConditions(orgs: AdmittedOrganizations): Record<string, any> {
  return {
    StringEquals: { 'aws:SourceOrgID': orgs.organizationIds },
    ArnLike: { 'aws:SourceArn': orgs.sourceArns },
  };
}

interface Entry {
  readonly resource: string;
  readonly sources: AdmittedSources;
}

interface SharedPolicyKind {
  readonly id: string;
  readonly cfnType: string;
  readonly quota: number;
  readonly fix: string;
  readonly service: string;
  readonly actions: string[];
  readonly maxNameLength: number;
  create(scope: Construct, policyName: string, policyDocument: string): CfnResource;
}

const LOG_GROUP_KIND: SharedPolicyKind = {
  id: 'LogDestinationsLogGroupDeliveryPolicy',
  cfnType: 'AWS::Logs::ResourcePolicy',
  quota: 10,
  fix: 'CloudWatch Logs allows 10 resource policies per account and Region: put the log-group delivery destinations of this '
    + 'environment in fewer stacks (each stack shares one policy among all of its log-group destinations)',
  service: 'CloudWatch Logs',
  actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  maxNameLength: 255,
  create: (scope, policyName, policyDocument) => new logs.CfnResourcePolicy(scope, 'Resource', { policyName, policyDocument }),
};

const XRAY_KIND: SharedPolicyKind = {
  id: 'LogDestinationsXRayDeliveryPolicy',
  cfnType: 'AWS::XRay::ResourcePolicy',
  quota: 5,
  fix: 'X-Ray allows 5 resource policies per account: define the X-Ray delivery destination of this environment in one stack '
    + 'and import it elsewhere with DeliveryDestination.fromDeliveryDestinationArn',
  service: 'X-Ray',
  actions: ['xray:PutTraceSegments'],
  maxNameLength: 128,
  create: (scope, policyName, policyDocument) => new (awsXRay().CfnResourcePolicy)(scope, 'Resource', { policyName, policyDocument }),
};

/** Marks the shared policy, so a second copy of the library in the app finds it rather than adding another. */
const SHARED_POLICY_BRAND = Symbol.for('cdk-log-destinations.SharedDeliveryPolicy');

/**
 * One resource policy per stack, shared by every delivery destination of that stack that needs
 * one of its kind: CloudWatch Logs allows 10 resource policies per account and region, X-Ray 5,
 * so one per log group would run out fast.
 *
 * Statements are grouped by the set of admitted accounts, so destinations with the same grants
 * share one statement listing all their resources. Only the destination's own account is ever
 * admitted in practice: CloudWatch Logs and X-Ray delivery destinations take no cross-account
 * deliveries ("If you are delivering logs cross-account, you can use only Amazon S3 and Firehose
 * destinations", Logging that requires additional permissions [V2]).
 */

export class SharedDeliveryPolicy extends Construct {
  /** The stack's shared log-group resource policy (`AWS::Logs::ResourcePolicy`), created on first use. */
  public static forLogGroups(scope: Construct): SharedDeliveryPolicy {
    return SharedDeliveryPolicy.of(scope, LOG_GROUP_KIND);
  }

  /** The stack's shared X-Ray resource policy (`AWS::XRay::ResourcePolicy`), created on first use. */
  public static forXRay(scope: Construct): SharedDeliveryPolicy {
    return SharedDeliveryPolicy.of(scope, XRAY_KIND);
  }

  private static of(scope: Construct, kind: SharedPolicyKind): SharedDeliveryPolicy {
    const stack = Stack.of(scope);
    const existing = findBranded<SharedDeliveryPolicy>(stack, kind.id, SHARED_POLICY_BRAND);
    if (existing) {
      return existing;
    }
    const created = new SharedDeliveryPolicy(stack, kind);
    // The quota is per account and Region, not per stack: the app counts them across its stacks.
    VendedLogsRegistry.of(stack).watchQuota(kind.cfnType, kind.quota, kind.fix);
    return created;
  }

  /** The `AWS::Logs::ResourcePolicy` or `AWS::XRay::ResourcePolicy`. */
  public readonly resource: CfnResource;
  private readonly entries: Entry[] = [];

  private constructor(stack: Stack, private readonly kind: SharedPolicyKind) {
    super(stack, kind.id);
    markBranded(this, SHARED_POLICY_BRAND);
    const policyName = Names.uniqueResourceName(this, { maxLength: kind.maxNameLength });
    this.resource = kind.create(this, policyName, Lazy.string({ produce: () => stack.toJsonString(this.render()) }));
    this.node.addValidation({ validate: () => this.validateSize() });
  }

  /** Lets the admitted accounts' delivery sources write to `resource` (a log-stream ARN pattern, or `*` for X-Ray). */
  public addSources(resource: string, sources: AdmittedSources): void {
    this.entries.push({ resource, sources });
  }

  private render(): any {
    const stack = Stack.of(this);
    const groups = new Map<string, { conditions: any; resources: string[] }>();
    for (const entry of this.entries) {
      const conditions = stack.resolve(sourceConditions(entry.sources));
      const key = JSON.stringify(conditions);
      const group = groups.get(key) ?? { conditions, resources: [] };
      if (!group.resources.includes(entry.resource)) {
        group.resources.push(entry.resource);
      }
      groups.set(key, group);
    }
    const statements = [...groups.values()].map(group => ({
      Effect: 'Allow',
      Principal: { Service: DELIVERY_PRINCIPAL },
      Action: this.kind.actions,
      Resource: group.resources.length === 1 ? group.resources[0] : group.resources,
      Condition: group.conditions,
    }));
    return { Version: '2012-10-17', Statement: statements };
  }

  /** Warns when the policy may exceed 5,120 characters once deployed (`deployedText`). */
  private validateSize(): string[] {
    const chars = deployedText(this, this.render()).length;
    if (chars > POLICY_MAX_CHARS) {
      warn(this, 'cdk-log-destinations:sharedPolicySize',
        `The shared ${this.kind.service} resource policy of this stack is about ${chars} characters for ${this.entries.length} `
        + `destination grant(s), and PutResourcePolicy accepts at most ${POLICY_MAX_CHARS}. Give the destinations the same grants `
        + '(they then share one statement), or spread them across stacks');
    }
    return [];
  }
}

/** S3's limit on a bucket policy: 20 KB. */
export const BUCKET_POLICY_MAX_BYTES = 20_480;
