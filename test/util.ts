import { Template } from 'aws-cdk-lib/assertions';
import { App, AppProps, Stack, StackProps } from 'aws-cdk-lib/core';
import { assertValidStack } from './support/cloudformation-validate';

export const RECIPIENT = '999999999999';
export const SENDER = '111111111111';
export const OTHER_SENDER = '222222222222';

/** An app for a test; `templateOf` validates what it synthesizes. */
export function testApp(props: AppProps = {}): App {
  return new App(props);
}

/** A stack in a fresh validating app, in the recipient account unless told otherwise. */
export function testStack(props: StackProps = {}): Stack {
  return new Stack(testApp(), 'Stack', { env: { account: RECIPIENT, region: 'us-east-1' }, ...props });
}

/** The template of a stack, after CloudFormation Validate found nothing in it (schema errors and reference cycles throw). */
export function templateOf(stack: Stack): Template {
  const template = Template.fromStack(stack);
  assertValidStack(stack);
  return template;
}

/** The one resource of a type in a template, as `{ logicalId, resource }`. */
export function onlyResource(template: Template, type: string): { logicalId: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  if (ids.length !== 1) {
    throw new Error(`expected one ${type}, found ${ids.length}`);
  }
  return { logicalId: ids[0], resource: found[ids[0]] };
}

/** The parsed access policy of the only destination of a stack whose env is concrete. */
export function accessPolicyOf(stack: Stack): any {
  const { resource } = onlyResource(templateOf(stack), 'AWS::Logs::Destination');
  const policy = resource.Properties.DestinationPolicy;
  if (policy === undefined) {
    return undefined;
  }
  return JSON.parse(typeof policy === 'string' ? policy : joinLiteral(policy));
}

/** Joins an `Fn::Join` of literals and `{ Ref: AWS::Partition }` into a string, for assertions on concrete stacks. */
export function joinLiteral(value: any): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value['Fn::Join']) {
    const [sep, parts] = value['Fn::Join'];
    return parts.map(joinLiteral).join(sep);
  }
  if (value.Ref === 'AWS::Partition') {
    return 'aws';
  }
  if (value.Ref === 'AWS::URLSuffix') {
    return 'amazonaws.com';
  }
  return JSON.stringify(value);
}

/**
 * Like `joinLiteral`, but renders any other `Ref` as `${LogicalId}` and `Fn::GetAtt` as `${LogicalId.Attr}`,
 * so a joined JSON document (a resource policy string) still parses.
 */
export function joinRefs(value: any): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value['Fn::Join']) {
    const [sep, parts] = value['Fn::Join'];
    return parts.map(joinRefs).join(sep);
  }
  if (value.Ref === 'AWS::Partition') {
    return 'aws';
  }
  if (value.Ref) {
    return `\${${value.Ref}}`;
  }
  if (value['Fn::GetAtt']) {
    return `\${${value['Fn::GetAtt'].join('.')}}`;
  }
  return JSON.stringify(value);
}

/** Renders every `Fn::Join` and `Ref` in a resolved value with `joinRefs`, leaving plain structure alone. */
export function literalRefs(value: any): any {
  if (Array.isArray(value)) {
    return value.map(literalRefs);
  }
  if (value && typeof value === 'object') {
    if (value['Fn::Join'] || value.Ref || value['Fn::GetAtt']) {
      return joinRefs(value);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literalRefs(v)]));
  }
  return value;
}
