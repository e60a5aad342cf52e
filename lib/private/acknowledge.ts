import { Stack, Validations } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { templateText } from './errors';

/**
 * The context key that turns the library's rule acknowledgements off: `"cdk-log-destinations:acknowledgeRules": false`
 * in cdk.json (or `-c cdk-log-destinations:acknowledgeRules=false`).
 */
export const ACKNOWLEDGE_CONTEXT_KEY = 'cdk-log-destinations:acknowledgeRules';

/**
 * Records on `scope` that a compliance rule was reviewed for what the library creates there and
 * does not apply, with the reason.
 *
 * This is the construct metadata that aws-cdk-lib's `Validations.of(scope).acknowledge()` writes
 * (`Validations.ACKNOWLEDGED_RULES_METADATA_KEY`) and that rule packs such as cdk-nag 3 read for
 * the resource and every scope above it, so the library needs no dependency on any of them. The
 * entry is written directly because `acknowledge()` rejects IDs with more than one `::`, and
 * cdk-nag's IDs for findings on ARNs with references have several
 * (`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:...]`).
 */
export function acknowledgeRule(scope: IConstruct, ruleId: string, reason: string): void {
  if (scope.node.tryGetContext(ACKNOWLEDGE_CONTEXT_KEY) === false || scope.node.tryGetContext(ACKNOWLEDGE_CONTEXT_KEY) === 'false') {
    return;
  }
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  if (scope.node.metadata.some(entry => entry.type === key && entry.data && ruleId in entry.data)) {
    return;
  }
  scope.node.addMetadata(key, { [ruleId]: reason });
}

/**
 * How cdk-nag names a finding about an IAM policy resource: `Resource::` and the resolved value,
 * with `Ref` rendered `<Name>`, `Fn::GetAtt` `<Name.Attribute>` and `Fn::Join` joined.
 */
export function iamResourceFindingId(scope: IConstruct, resource: string): string {
  return `Resource::${templateText(Stack.of(scope).resolve(resource), ['<', '>'])}`;
}
