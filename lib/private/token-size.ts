import { Stack, Token } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';

/**
 * The library's one estimate of how long a value will be once deployed, for sizing a policy or a filter against a
 * service limit before deployment. The value is resolved in a stack, then every intrinsic is rendered the way it
 * deploys: `Fn::Join` joined, a pseudo parameter at its longest value, any other reference (a resource's ARN or name,
 * a parameter) at `referenceLength` characters, which the caller chooses from what its references can be.
 */

/** How long each CloudFormation pseudo parameter is at most once deployed (`aws-iso-f` is 9, `ap-southeast-5` 14). */
const PSEUDO_PARAMETER_LENGTH: Record<string, number> = {
  'AWS::Partition': 10, 'AWS::AccountId': 12, 'AWS::Region': 14, 'AWS::URLSuffix': 13, 'AWS::StackName': 128,
};
/** What a reference is assumed to render at unless the caller knows better: a bucket ARN with a 63-character name is 76. */
export const REFERENCE_LENGTH = 76;
/**
 * What a reference in a grant is assumed to render at: a parameter holding an account ID (12 characters) or an
 * organization ID (`o-` and up to 32 more).
 */
export const ID_REFERENCE_LENGTH = 34;
/** An encoded token (`${Token[...]}`), for a value that cannot be resolved in the stack. */
const ENCODED_TOKEN = /[$#]\{Token\[[^\]]*\]\}/g;

/**
 * `value` as it will be deployed: a string stays a string, anything else is its JSON (without whitespace, as
 * CloudFormation passes a policy document on), every token at its estimated length.
 *
 * @param scope resolves the value in the stack of this construct
 * @param referenceLength how long a reference other than a pseudo parameter is assumed to be
 */
export function deployedText(scope: IConstruct, value: unknown, referenceLength = REFERENCE_LENGTH): string {
  let rendered: unknown;
  try {
    rendered = render(Stack.of(scope).resolve(value), referenceLength);
  } catch {
    // A token that does not resolve here (a value of another app, say): each one at the reference length.
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return text.replace(ENCODED_TOKEN, 'x'.repeat(referenceLength));
  }
  return typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
}

/** `deployedText`'s length in UTF-8 bytes, as the limits that count bytes count it. */
export function deployedBytes(scope: IConstruct, value: unknown, referenceLength = REFERENCE_LENGTH): number {
  return Buffer.byteLength(deployedText(scope, value, referenceLength), 'utf8');
}

function render(value: unknown, referenceLength: number): unknown {
  if (Array.isArray(value)) {
    return value.map(element => render(element, referenceLength));
  }
  if (typeof value === 'string') {
    // A token left in a resolved string (one CDK could not resolve): counted as a reference.
    return Token.isUnresolved(value) ? value.replace(ENCODED_TOKEN, 'x'.repeat(referenceLength)) : value;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const v = value as Record<string, any>;
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === 'Fn::Join') {
    const [separator, parts] = v['Fn::Join'];
    return (parts as unknown[]).map(part => {
      const rendered = render(part, referenceLength);
      return typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
    }).join(separator);
  }
  if (keys.length === 1 && keys[0] === 'Ref' && typeof v.Ref === 'string') {
    return 'x'.repeat(PSEUDO_PARAMETER_LENGTH[v.Ref] ?? referenceLength);
  }
  if (keys.length === 1 && ['Fn::GetAtt', 'Fn::ImportValue', 'Fn::Select', 'Fn::Sub', 'Fn::GetStackOutput'].includes(keys[0])) {
    return 'x'.repeat(referenceLength);
  }
  return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, render(e, referenceLength)]));
}
