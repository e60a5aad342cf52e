import { ArnFormat, Stack } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';

/**
 * A CloudWatch Logs ARN in the account and region of `scope`'s stack:
 * `arn:<partition>:logs:<region>:<account>:<resource>:<resourceName>`.
 *
 * Built from the name, not read from a resource, so a resource's own policy can name it without
 * a reference cycle.
 */
export function logsArn(scope: IConstruct, resource: string, resourceName: string): string {
  return Stack.of(scope).formatArn({ service: 'logs', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}
