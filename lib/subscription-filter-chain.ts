import { CfnResource, IAspect, Stack } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { invalidInput } from './private/errors';
import { checkArgs } from './private/guard';

const SUBSCRIPTION_FILTER_TYPE = 'AWS::Logs::SubscriptionFilter';
/** What a bad prop is reported against: the chain is not a construct, so its error names the class instead of a path. */
const CHAIN = { node: { path: 'new SubscriptionFilterChain()' } } as unknown as IConstruct;

/** Properties of a `SubscriptionFilterChain`. */
export interface SubscriptionFilterChainProps {
  /**
   * How many subscription filters of a stack CloudFormation may create at once: each filter waits
   * (`DependsOn`) for the one this many places before it, in construct-tree order. A whole number, at least 1.
   *
   * @default 1
   */
  readonly concurrency?: number;
}

/**
 * An aspect that makes CloudFormation create the subscription filters of each stack a few at a
 * time rather than all at once, where CloudWatch Logs throttles `PutSubscriptionFilter` ("Rate
 * exceeded", aws-cdk #34679). Opt in per app or stack:
 * `Aspects.of(app).add(new SubscriptionFilterChain())`.
 *
 * Filters that your own aspects create, of any priority, take their place in the chain too: they
 * come after the filters of the construct tree, in the order aspect invocation reaches them.
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
  /** Per stack, the subscription filters met so far, in the order the aspect met them. */
  private readonly chains = new WeakMap<Stack, CfnResource[]>();

  constructor(props: SubscriptionFilterChainProps = {}) {
    checkArgs('SubscriptionFilterChain', [props]);
    const concurrency = props.concurrency ?? 1;
    if (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 1) {
      throw invalidInput(CHAIN, 'concurrency', concurrency, 'the concurrency of a SubscriptionFilterChain is a whole number '
        + 'of filters, at least 1', 'Pass 1 (one filter at a time) or a small whole number such as 5');
    }
    this.concurrency = concurrency;
  }

  /**
   * On each subscription filter: it waits for the filter of its stack `concurrency` places before it. Filters are
   * met in construct-tree order, and a filter another aspect creates (of any priority) is met when aspect invocation
   * reaches it, and takes the next place.
   */
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== SUBSCRIPTION_FILTER_TYPE) {
      return;
    }
    const stack = Stack.of(node);
    let chain = this.chains.get(stack);
    if (!chain) {
      chain = [];
      this.chains.set(stack, chain);
    }
    if (chain.includes(node)) {
      return;
    }
    chain.push(node);
    if (chain.length > this.concurrency) {
      node.node.addDependency(chain[chain.length - 1 - this.concurrency]);
    }
  }
}
