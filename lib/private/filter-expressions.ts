import { Token } from 'aws-cdk-lib/core';
import { IConstruct } from 'constructs';
import { invalidInput } from './errors';

/*
 * The expressions of a centralization rule (`Scope`, `LogGroupSelectionCriteria`, `DataSourceSelectionCriteria`),
 * written in the filter syntax of CloudWatch cross-account observability (OAM) link filters ("LogGroupConfiguration",
 * CloudWatch Observability Access Manager API Reference), shared by `CentralizationScope`, `LogGroupSelection` and
 * `LogCentralizationRule`.
 */

/** `Scope`, `LogGroupSelectionCriteria` and `DataSourceSelectionCriteria` hold 1 to 2,000 characters. */
const MAX_FILTER_LENGTH = 2000;

/** A value in single quotes, as OAM filters write them. */
export function quoted(value: string): string {
  return `'${value}'`;
}

/** `<operand> = '<value>'` for one value, `<operand> IN ('<a>', '<b>')` for several. */
export function listCondition(operand: string, values: string[]): string {
  return values.length === 1
    ? `${operand} = ${quoted(values[0])}`
    : `${operand} IN (${values.map(quoted).join(', ')})`;
}

/** Fails on an empty list of values. */
export function checkNonEmpty(scope: IConstruct, property: string, values: string[], fix: string): void {
  if (values.length === 0) {
    throw invalidInput(scope, property, values, 'the list is empty', fix);
  }
}

/** Fails on an expression of `property` (`scope` or `logGroups`) outside 1 to 2,000 characters. */
export function checkFilterLength(scope: IConstruct, property: string, value: string): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  const length = [...value].length;
  if (length < 1 || length > MAX_FILTER_LENGTH) {
    throw invalidInput(scope, property, value,
      `the expression must have 1 to ${MAX_FILTER_LENGTH} characters (it has ${length})`,
      property === 'scope'
        ? 'Scope by organizational units or by the whole organization instead of listing many accounts, or split the accounts across rules'
        : 'Select by name prefix instead of listing many names, or split the log groups across rules');
  }
}
