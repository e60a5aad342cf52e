import { CfnResource, IAspect, Stack } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { invalidInput } from './private/errors';

/** Properties of a `SubscriptionFilterChain`. */
export interface SubscriptionFilterChainProps {
  /**
   * How many subscription filters of a stack CloudFormation may create at once: each filter waits
   * (`DependsOn`) for the one this many places before it, in construct-tree order.
   *
   * @default 1, one filter at a time
   */
  readonly concurrency?: number;
}

/**
 * An aspect that makes CloudFormation create the subscription filters of each stack a few at a
 * time rather than all at once, where CloudWatch Logs throttles `PutSubscriptionFilter` ("Rate
 * exceeded", aws-cdk #34679). Opt in per app or stack:
 * `Aspects.of(app).add(new SubscriptionFilterChain())`.
 *
 * A stack that subscribes every log group of its account is better served by one
 * `AccountSubscriptionFilter`, which needs no chain.
 *
 * @example
 * import * as logs from 'aws-cdk-lib/aws-logs';
 * import { App, Aspects, Stack } from 'aws-cdk-lib';
 * import { LogDestination, SubscriptionFilterChain } from 'cdk-log-destinations';
 *
 * const app = new App();
 * const stack = new Stack(app, 'Services', { env: { account: '111111111111', region: 'us-east-1' } });
 * const central = LogDestination.fromDestinationArn(stack, 'Central',
 *   'arn:aws:logs:us-east-1:999999999999:destination:central-logs');
 * for (const service of ['orders', 'payments', 'shipping', 'billing']) {
 *   new logs.LogGroup(stack, service).addSubscriptionFilter('ToCentral', {
 *     destination: central,
 *     filterPattern: logs.FilterPattern.allEvents(),
 *   });
 * }
 * // CloudFormation creates the stack's subscription filters two at a time instead of all at once.
 * Aspects.of(stack).add(new SubscriptionFilterChain({ concurrency: 2 }));
 */
export class SubscriptionFilterChain implements IAspect {
  private readonly concurrency: number;
  private readonly chained = new WeakSet<Stack>();

  constructor(props: SubscriptionFilterChainProps = {}) {
    this.concurrency = props.concurrency ?? 1;
  }

  /** On each stack: every subscription filter of that stack waits for the one `concurrency` places before it. */
  public visit(node: IConstruct): void {
    if (!Stack.isStack(node) || this.chained.has(node)) {
      return;
    }
    this.chained.add(node);
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw invalidInput(node, 'concurrency', this.concurrency, 'the concurrency of a SubscriptionFilterChain is a whole number '
        + 'of filters, at least 1', 'Pass 1 (one filter at a time) or a small whole number such as 5');
    }
    const filters = node.node.findAll().filter((c): c is CfnResource =>
      CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Logs::SubscriptionFilter' && Stack.of(c) === node);
    filters.forEach((filter, i) => {
      if (i >= this.concurrency) {
        filter.node.addDependency(filters[i - this.concurrency]);
      }
    });
  }
}
