import { Annotations, Stack } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { templateStackOf } from './stacks';

/**
 * Reports a warning of the library: `Annotations.of(scope).addWarningV2(id, message)`, which `cdk synth` prints and
 * `--strict` fails on, acknowledged by `id` (`cdk-log-destinations:<name>`). Every warning of the library goes through
 * here.
 *
 * A construct inside a template that another stack deploys (a cdk-stacksets `StackSetStack`) gets the warning
 * too, but aws-cdk-lib writes a stack's annotations into that stack's own cloud assembly artifact only, and such a
 * template has none: the warning is also put on the host stack that deploys the template, naming where it comes from,
 * so it reaches `cdk synth`'s output.
 */
export function warn(scope: IConstruct, id: string, message: string): void {
  const before = scope.node.metadata.length;
  Annotations.of(scope).addWarningV2(id, message);
  if (scope.node.metadata.length === before) {
    // Acknowledged where it arises (or above): the host stack does not repeat it.
    return;
  }
  for (let template = templateStackOf(Stack.of(scope)); template; template = templateStackOf(template.host)) {
    Annotations.of(template.host).addWarningV2(id, `In the ${template.kind} ${template.template.node.path}, at ${scope.node.path}: ${message}`);
  }
}
