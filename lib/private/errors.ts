import { Stack, Token } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { LogDestinationsError } from '../errors';

export { LogDestinationsError };

/**
 * What a finding of `node.addValidation` says: `invalid <property> '<value>': <rule>. <fix>`, without the
 * construct path, which aws-cdk-lib puts in front of it.
 */
export function invalidFinding(scope: IConstruct, property: string, value: unknown, rule: string, fix: string): string {
  return `invalid ${property} ${quote(readable(scope, value))}: ${rule}. ${fix}`;
}

/** What an invalid value gets: `<path>: invalid <property> '<value>': <rule>. <fix>` */
export function invalidInput(scope: IConstruct, property: string, value: unknown, rule: string, fix: string): LogDestinationsError {
  return new LogDestinationsError(scope, `invalid ${property} ${quote(readable(scope, value))}: ${rule}. ${fix}`);
}

/** The encoded form of a list token (`Lazy.list`, a `List<String>` parameter's `valueAsList`), `#{Token[...]}`. */
const LIST_TOKEN = /^#\{Token\[[^\]]*\]\}$/;

/** Whether a string is the encoded element of a list token, which `Token.isUnresolved` does not recognise in a string. */
export function isListTokenElement(value: unknown): boolean {
  return typeof value === 'string' && LIST_TOKEN.test(value);
}

/**
 * A value as a person reads it: tokens in a string (a partition, an account, a reference) are resolved
 * in `scope`'s stack and written `${AWS::Partition}`, `${LogicalId}` or `${LogicalId.Attribute}`, the way
 * CloudFormation's `Fn::Sub` writes them, rather than as `${Token[...]}`; a token that does not resolve
 * reads `<token>`. A list token (`#{Token[...]}`, whole or spread into a literal list) reads as what it resolves
 * to; arrays and plain objects are rendered element by element.
 */
export function readable(scope: IConstruct, value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 1 && isListTokenElement(value[0])) {
      return resolvedText(scope, value);
    }
    return value.map(element => isListTokenElement(element) ? resolvedText(scope, [element]) : readable(scope, element));
  }
  if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    return Object.fromEntries(Object.entries(value).map(([key, element]) => [key, readable(scope, element)]));
  }
  if (typeof value !== 'string' || !Token.isUnresolved(value)) {
    return value;
  }
  return resolvedText(scope, value);
}

/** A token (string or list) resolved in `scope`'s stack and written as text; `<token>` where it does not resolve. */
function resolvedText(scope: IConstruct, value: string | string[]): unknown {
  try {
    const resolved = Stack.of(scope).resolve(value);
    return Array.isArray(resolved) ? resolved.map(element => templateText(element)) : templateText(resolved);
  } catch {
    return [value].flat().join(',').replace(/[$#]\{Token\[[^\]]*\]\}/g, '<token>');
  }
}

/**
 * A resolved template value as text: `Fn::Join` joined, `Ref` as `${Name}`, `Fn::GetAtt` as `${Name.Attribute}`,
 * `Fn::ImportValue` as `${Import:Name}`; with `brackets` the reference markers are `<` and `>` instead (cdk-nag's form).
 */
export function templateText(value: unknown, brackets: [string, string] = ['${', '}']): string {
  const [open, close] = brackets;
  if (typeof value === 'string') {
    return value;
  }
  if (value === undefined) {
    return '';
  }
  const v = value as Record<string, any>;
  if (v['Fn::Join']) {
    const [separator, parts] = v['Fn::Join'];
    return (parts as unknown[]).map(part => templateText(part, brackets)).join(separator);
  }
  if (v['Fn::Sub']) {
    return templateText(v['Fn::Sub'], brackets);
  }
  if (v['Fn::GetAtt']) {
    const [name, attribute] = v['Fn::GetAtt'];
    return `${open}${templateText(name, brackets)}.${templateText(attribute, brackets)}${close}`;
  }
  if (v['Fn::ImportValue']) {
    return brackets[0] === '${' ? `\${Import:${templateText(v['Fn::ImportValue'], brackets)}}` : templateText(v['Fn::ImportValue'], brackets);
  }
  if (v.Ref) {
    return `${open}${templateText(v.Ref, brackets)}${close}`;
  }
  return JSON.stringify(value);
}

/** Renders a received value for an error message, bounded so a 10 KB string does not flood the console. */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : described(value);
  } catch {
    text = String(value);
  }
  // Counted and cut in code points, so the cut never splits a surrogate pair.
  const chars = Array.from(text);
  if (chars.length > 120) {
    text = `${chars.slice(0, 100).join('')}... (${chars.length} characters)`;
  }
  return `'${text}'`;
}

/** An object with a `toString` of its own (an IAM principal, a construct) by that; anything else as JSON. */
function described(value: unknown): string {
  if (value !== null && typeof value === 'object' && value.toString !== Object.prototype.toString && !Array.isArray(value)) {
    return String(value);
  }
  return JSON.stringify(value) ?? String(value);
}
