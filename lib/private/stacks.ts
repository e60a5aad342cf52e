import { Stack } from 'aws-cdk-lib/core';

/**
 * Stack classes whose template is not a cloud assembly artifact of its own but a file asset of the stack that holds
 * them, deployed by a resource of that stack: cdk-stacksets' `StackSetStack` (by its `AWS::CloudFormation::StackSet`)
 * and aws-cdk-lib's Service Catalog `ProductStack`. Found by their jsii type names, so the library needs no dependency
 * on cdk-stacksets.
 */
const TEMPLATE_STACKS: Record<string, string> = {
  'cdk-stacksets.StackSetStack': 'StackSet template',
  'aws-cdk-lib.aws_servicecatalog.ProductStack': 'Service Catalog product template',
};

/** The jsii type name of a stack's class, if it has one. */
function fqnOf(stack: Stack): string | undefined {
  const rtti = (stack.constructor as unknown as Record<symbol, { fqn?: string } | undefined>)[Symbol.for('jsii.rtti')];
  return rtti?.fqn;
}

/** Whether a stack is a cdk-stacksets `StackSetStack`, whose template a StackSet deploys to other accounts. */
export function isStackSetTemplate(stack: Stack): boolean {
  return fqnOf(stack) === 'cdk-stacksets.StackSetStack';
}

/** The top-level stack a stack deploys with: itself, or the top of its nested-stack parents. */
export function deploymentRoot(stack: Stack): Stack {
  let current = stack;
  while (current.nestedStackParent) {
    current = current.nestedStackParent;
  }
  return current;
}

/** A stack whose template another stack deploys (a StackSet template), with that host stack. */
export interface TemplateStack {
  /** The template's stack (the `StackSetStack`). */
  readonly template: Stack;
  /** The stack that holds it and deploys it, whose cloud assembly artifact carries its annotations and ordering. */
  readonly host: Stack;
  /** What the template is, for messages: 'StackSet template'. */
  readonly kind: string;
}

/**
 * The template stack `stack` belongs to (it, or a nested stack of it), when it is one whose template another stack deploys;
 * undefined for a stack that is its own artifact. aws-cdk-lib collects a stack's annotations into its own artifact only,
 * and skips the stacks defined inside it, so such a template's annotations never reach `cdk synth`'s output by themselves.
 */
export function templateStackOf(stack: Stack): TemplateStack | undefined {
  const root = deploymentRoot(stack);
  const kind = TEMPLATE_STACKS[fqnOf(root) ?? ''];
  let host = root.node.scope;
  while (host && !Stack.isStack(host)) {
    host = host.node.scope;
  }
  return kind === undefined || !host ? undefined : { template: root, host: host as Stack, kind };
}
