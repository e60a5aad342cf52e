import { CfnResource, Stack, Stage } from 'aws-cdk-lib/core';
import { Construct, Dependable, IConstruct, IDependable } from 'constructs';
import { invalidInput } from './errors';
import { deploymentRoot, templateStackOf } from './stacks';

/**
 * The constructs of other stacks a destination is built from (its target stream, the stream's key, a role you
 * brought), kept on the destination under this key: the destination's stack deploys after theirs. A `Symbol.for` key,
 * so an ordering made by another copy of the library in the app reads it too; change the version when its shape changes.
 */
const UPSTREAM = Symbol.for('cdk-log-destinations.Upstream@1');

/** The resource type that deploys a StackSet template, which must wait for what the template names. */
const STACK_SET_TYPE = 'AWS::CloudFormation::StackSet';

/** Records that `scope` is built from `constructs`, so its stack deploys after theirs (read by `orderAfter`'s cycle check). */
export function declareUpstream(scope: IConstruct, constructs: Array<IConstruct | undefined>): void {
  const holder = scope as unknown as Record<symbol, IConstruct[] | undefined>;
  let list = holder[UPSTREAM];
  if (!list) {
    list = [];
    Object.defineProperty(scope, UPSTREAM, { value: list });
  }
  for (const construct of constructs) {
    if (construct && Construct.isConstruct(construct) && !list.includes(construct)) {
      list.push(construct);
    }
  }
}

/** What waits, for the library's error when the order cannot be kept. */
export interface OrderingSubject {
  /** The property of `dependent` that named the dependency, such as 'destination'. */
  readonly property: string;
  /** What waits, for the message: 'subscription filter'. */
  readonly what: string;
  /** The construct it waits for, as the user knows it (the destination, not its L1 resource). */
  readonly awaited: IConstruct;
}

/**
 * Makes `dependent` wait for `dependency`, whose ARN it names by value (built from a name, so CloudFormation sees no
 * reference to order by). The one place the library orders its resources across constructs, by where they are:
 *
 * - in one stack, or in stacks of one stage (nested stacks included): a dependency, as `node.addDependency` makes it
 *   (a `DependsOn` in one stack, a stack dependency between stacks, which `cdk deploy` follows);
 * - in stacks of different stages (CDK Pipelines): nothing, since CDK forbids dependencies across stages: the
 *   pipeline deploys the stages in the order of its waves;
 * - in a StackSet template: its host stack waits instead (the template deploys when the host's StackSet does): a stack
 *   dependency on another stack, or, when the host holds `dependency` itself, its StackSet resources wait for it;
 * - a cycle (the dependency's stack deploys after the dependent's, because the dependency is built from a construct
 *   there, or through stack dependencies): the library's error, naming both stacks and the fix, where aws-cdk-lib's
 *   own would name a reference the user never wrote.
 *
 * Decided at synth, when CDK reads the dependencies (after every aspect), so late stack dependencies count too.
 */
export function orderAfter(dependent: IConstruct, dependency: IConstruct, subject: OrderingSubject): void {
  // Out of StackSet templates, up to the stack that deploys them (or that holds the dependency, in the template itself).
  const target = deploymentRoot(Stack.of(dependency));
  let source: IConstruct = dependent;
  for (let template = templateStackOf(Stack.of(source)); template && template.template !== target; template = templateStackOf(template.host)) {
    source = template.host;
  }
  if (Stage.of(source) !== Stage.of(dependency)) {
    return;
  }
  source.node.addDependency(new Ordering(dependent, source, dependency, subject));
}

/** A dependency whose targets CDK reads at synth (`dependencyRoots`), so the library decides then. */
class Ordering implements IDependable {
  private checking = false;

  constructor(
    private readonly dependent: IConstruct,
    private readonly source: IConstruct,
    private readonly dependency: IConstruct,
    private readonly subject: OrderingSubject,
  ) {
    const roots = () => this.roots();
    Dependable.implement(this, { get dependencyRoots() { return roots(); } });
  }

  private roots(): IConstruct[] {
    const from = deploymentRoot(Stack.of(this.source));
    const to = deploymentRoot(Stack.of(this.dependency));
    if (from !== to && !this.checking) {
      // Reading other stacks' dependencies may read this one again (a host stack's): check once at a time.
      this.checking = true;
      try {
        this.checkCycle(from, to);
      } finally {
        this.checking = false;
      }
    }
    if (this.source !== this.dependent && from === to) {
      // The host of a StackSet template holds the dependency: only its StackSet resources wait, not the host's every resource.
      for (const construct of this.source.node.findAll()) {
        if (CfnResource.isCfnResource(construct) && construct.cfnResourceType === STACK_SET_TYPE && Stack.of(construct) === this.source) {
          construct.node.addDependency(this.dependency);
        }
      }
      return [];
    }
    return [this.dependency];
  }

  /** Fails when `to` (the dependency's stack) already deploys after `from` (the dependent's): the order would be a cycle. */
  private checkCycle(from: Stack, to: Stack): void {
    const why = new Map<Stack, string>();
    for (const built of upstreamOf(this.dependency)) {
      const stack = deploymentRoot(Stack.of(built));
      if (stack !== to && !why.has(stack)) {
        why.set(stack, `${this.subject.awaited.node.path} uses ${built.node.path}`);
      }
    }
    for (const root of stacksBefore(to)) {
      if (!why.has(root)) {
        why.set(root, `${to.node.path} depends on ${root.node.path}`);
      }
    }
    // Every stack that must deploy before `to`, by the first reason found.
    const queue = [...why.keys()];
    for (let i = 0; i < queue.length; i++) {
      for (const root of stacksBefore(queue[i])) {
        if (!why.has(root)) {
          why.set(root, `${why.get(queue[i])}, and ${queue[i].node.path} depends on ${root.node.path}`);
          queue.push(root);
        }
      }
    }
    const reason = why.get(from);
    if (reason === undefined) {
      return;
    }
    const { property, what, awaited } = this.subject;
    const name = awaited.node.path;
    throw invalidInput(this.dependent, property, name,
      `this ${what} in stack ${from.node.path} is created after ${name} in stack ${to.node.path}, and ${to.node.path} `
      + `deploys after ${from.node.path} (${reason}), so neither stack can deploy first`,
      `Define the ${what} in another stack than ${from.node.path} (a stack that may deploy after ${to.node.path}), or define `
      + `${name} in ${from.node.path}`);
  }
}

/**
 * The top-level stacks `stack` deploys after by a dependency of its own: a stack dependency (`addDependency`, or one CDK
 * has made already), or a construct dependency of the stack construct on a construct of another stack
 * (`stack.node.addDependency(other)`), which CDK turns into a stack dependency only later in the synth.
 */
function stacksBefore(stack: Stack): Stack[] {
  const found = new Set(stack.dependencies.map(deploymentRoot));
  for (const construct of stack.node.dependencies) {
    const other = construct.node.scopes.reverse().find((scope): scope is Stack => Stack.isStack(scope));
    if (other) {
      found.add(deploymentRoot(other));
    }
  }
  found.delete(stack);
  return [...found];
}

/** What `dependency` and its scopes up to its stack were declared to be built from. */
function upstreamOf(dependency: IConstruct): IConstruct[] {
  const found: IConstruct[] = [];
  const stack = Stack.of(dependency);
  for (let scope: IConstruct | undefined = dependency; scope && scope !== stack; scope = scope.node.scope) {
    found.push(...(scope as unknown as Record<symbol, IConstruct[] | undefined>)[UPSTREAM] ?? []);
  }
  return found;
}
