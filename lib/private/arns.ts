import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { invalidInput } from './errors';

/**
 * An account's root ARN, `arn:<partition>:iam::<account>:root`, in any partition, with the account part
 * captured whatever its form: callers check it is a 12-digit ID (or, in a resolved principal flattened to
 * text, the marker of a token part). The library's one copy of this shape.
 */
export const ROOT_ARN = /^arn:[^:]+:iam::([^:]*):root$/;

/**
 * A CloudWatch Logs ARN in the region of `scope`'s stack and in `account` (the stack's by default):
 * `arn:<partition>:logs:<region>:<account>:<resource>:<resourceName>`.
 *
 * Built from the name, not read from a resource, so a resource's own policy can name it without
 * a reference cycle.
 */
export function logsArn(scope: IConstruct, resource: string, resourceName: string, account?: string): string {
  return Stack.of(scope).formatArn({ service: 'logs', account, resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/**
 * Every CloudWatch Logs ARN of `account` (the stack's by default) in `region` (the stack's by default), as an
 * `ArnLike` pattern: `arn:<partition>:logs:<region>:<account>:*`. It is what CloudWatch Logs acting for that account
 * sends as `aws:SourceArn` when it assumes a role (the confused-deputy condition of AWS's recipes), and the
 * `aws:logs:arn` encryption context of its log groups in a KMS key condition. The partition is that of `scope`'s stack.
 */
export function logsSourceArn(scope: IConstruct, account?: string, region?: string): string {
  return Stack.of(scope).formatArn({ service: 'logs', region, account, resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME });
}

/**
 * The root ARN of `account`, `arn:<partition>:iam::<account>:root`, in the partition of `scope`'s stack: how a
 * policy that takes no bare account ID (a delivery destination policy) names an account, as `iam.AccountPrincipal` does.
 */
export function rootArn(scope: IConstruct, account: string): string {
  return Stack.of(scope).formatArn({ service: 'iam', region: '', account, resource: 'root', arnFormat: ArnFormat.NO_RESOURCE_NAME });
}

/**
 * What an import passes to `Resource`'s `environmentFromArn`: the ARN when it is a token or matches
 * `pattern`, else nothing. The base class would otherwise reject a malformed ARN with CDK's own
 * error before `resourceNameFromArn` can explain it.
 */
export function importableArn(arn: string, pattern: RegExp): string | undefined {
  return Token.isUnresolved(arn) || pattern.test(arn) ? arn : undefined;
}

/**
 * The resource name of a CloudWatch Logs ARN of type `resource` (such as `destination`), which
 * `pattern` captures as its first group. A token ARN is split instead; an ARN `pattern` rejects
 * throws the library's error for `property`, with `fix`.
 */
export function resourceNameFromArn(scope: IConstruct, property: string, arn: string, resource: string, pattern: RegExp, fix: string): string {
  if (Token.isUnresolved(arn)) {
    return Arn.split(arn, ArnFormat.COLON_RESOURCE_NAME).resourceName!;
  }
  const match = pattern.exec(arn);
  if (!match) {
    throw invalidInput(scope, property, arn,
      `a ${resource.replace(/-/g, ' ')} ARN looks like arn:<partition>:logs:<region>:<12-digit account>:${resource}:<name>`, fix);
  }
  return match[1];
}
