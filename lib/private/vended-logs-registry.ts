import { CfnResource, Stack, Token } from 'aws-cdk-lib/core';
import { Construct, IConstruct } from 'constructs';
import { findBranded, markBranded } from './brand';
import { warn } from './warnings';

/**
 * What the vended-logs constructs need to know about the rest of the app, kept in the construct
 * tree (never in module state, so two apps, or two copies of the library, never share it):
 *
 * - per stack, the last delivery created from each source and to each destination, so the next
 *   one is ordered after it (CloudWatch Logs answers ConflictException to concurrent
 *   CreateDelivery calls on one source, and reportedly on one destination);
 * - per app, the delivery source of each resource and log type (AWS allows one);
 * - per app, the account-wide resource-policy quotas to count across stacks.
 *
 * Found by a `Symbol.for` brand rather than `instanceof`, so two copies of the library in one
 * app share one registry.
 */
const BRAND = Symbol.for('cdk-log-destinations.VendedLogsRegistry');
const ID = 'LogDestinationsVendedLogsRegistry';

/** A resource-policy quota that holds per account and Region. */
interface Quota {
  readonly cfnType: string;
  readonly limit: number;
  readonly fix: string;
}

export class VendedLogsRegistry extends Construct {
  /** The registry of the stack of `scope` (delivery ordering). */
  public static of(scope: IConstruct): VendedLogsRegistry {
    return VendedLogsRegistry.under(Stack.of(scope));
  }

  /** The registry of the whole app (sources, quotas). */
  public static ofApp(scope: IConstruct): VendedLogsRegistry {
    return VendedLogsRegistry.under(scope.node.root);
  }

  private static under(parent: IConstruct): VendedLogsRegistry {
    return findBranded<VendedLogsRegistry>(parent, ID, BRAND) ?? new VendedLogsRegistry(parent as Construct, ID);
  }

  private readonly lastDelivery = new Map<string, CfnResource>();
  private readonly sources = new Map<string, string>();
  private readonly quotas = new Map<string, Quota>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    markBranded(this, BRAND);
    this.node.addValidation({ validate: () => this.validateQuotas() });
  }

  /**
   * Orders `delivery` after the last delivery recorded under each key (such as the source's name
   * and the destination's ARN) in this stack, and records it as the last one.
   */
  public chain(delivery: CfnResource, keys: string[]): void {
    for (const key of new Set(keys)) {
      const previous = this.lastDelivery.get(key);
      if (previous && previous !== delivery) {
        delivery.node.addDependency(previous);
      }
      this.lastDelivery.set(key, delivery);
    }
  }

  /**
   * Records the delivery source of `key` (its resource ARN and log type) at `path`, and returns
   * the path of the source recorded for it before, if any.
   */
  public claimSource(key: string, path: string): string | undefined {
    const previous = this.sources.get(key);
    if (previous === undefined) {
      this.sources.set(key, path);
    }
    return previous;
  }

  /** Counts the app's resources of `cfnType` per account and Region at synth, and warns past `limit`. */
  public watchQuota(cfnType: string, limit: number, fix: string): void {
    const root = VendedLogsRegistry.ofApp(this);
    if (root !== this) {
      root.watchQuota(cfnType, limit, fix);
      return;
    }
    this.quotas.set(cfnType, { cfnType, limit, fix });
  }

  private validateQuotas(): string[] {
    if (this.quotas.size === 0) {
      return [];
    }
    const found = new Map<string, { stacks: Set<Stack>; count: number }>();
    for (const construct of this.node.root.node.findAll()) {
      if (!CfnResource.isCfnResource(construct) || !this.quotas.has(construct.cfnResourceType)) {
        continue;
      }
      const stack = Stack.of(construct);
      if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
        // An environment-agnostic stack may be deployed anywhere: nothing to add it to.
        continue;
      }
      const key = `${construct.cfnResourceType} ${stack.account} ${stack.region}`;
      const entry = found.get(key) ?? { stacks: new Set<Stack>(), count: 0 };
      entry.stacks.add(stack);
      entry.count++;
      found.set(key, entry);
    }
    for (const [key, { stacks, count }] of found) {
      const [cfnType, account, region] = key.split(' ');
      const quota = this.quotas.get(cfnType)!;
      if (count <= quota.limit) {
        continue;
      }
      for (const stack of stacks) {
        warn(stack, `cdk-log-destinations:quota:${cfnType}`,
          `This app defines ${count} ${cfnType} resources in account ${account} ${region}, over the account quota of ${quota.limit} `
          + `(the quota is per account and Region, not per stack), so deploying them all will fail. ${quota.fix}`);
      }
    }
    return [];
  }
}
