/**
 * Synth cost the library controls: work per grant that must not grow faster than the grants do.
 * (Timing lives in the benchmark, `npm run bench`; these count calls, which do not depend on the machine.)
 */
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnParameter, Stack } from 'aws-cdk-lib/core';
import { LogDestination, LogDestinationTarget } from '../lib';
import { joinRefs, RECIPIENT, testStack } from './util';

/** A destination of a fresh stack granted `accounts`, each a literal ID or the name of a CloudFormation parameter (a token). */
function destinationGranting(accounts: string[]): { stack: Stack; destination: LogDestination } {
  const stack = testStack();
  const destination = new LogDestination(stack, 'Central', { target: LogDestinationTarget.fromArn(`arn:aws:kinesis:us-east-1:${RECIPIENT}:stream/s`) });
  for (const account of accounts) {
    destination.grantSubscribe(/^\d{12}$/.test(account) ? account : new CfnParameter(stack, account, { type: 'String' }).valueAsString);
  }
  return { stack, destination };
}

/** The calls of `stack.resolve` that rendering the access policy makes, and the accounts it lists, in order (tokens as `${Name}`). */
function renderAccessPolicy({ stack, destination }: { stack: Stack; destination: LogDestination }): { resolves: number; accounts: string[] } {
  const resolve = jest.spyOn(stack, 'resolve');
  const policy = stack.resolve((destination.node.defaultChild as logs.CfnDestination).destinationPolicy);
  const resolves = resolve.mock.calls.length;
  resolve.mockRestore();
  return { resolves, accounts: JSON.parse(joinRefs(policy)).Statement[0].Principal.AWS };
}

const parameters = (count: number) => Array.from({ length: count }, (_, i) => `Account${i}`);

test('sorting token accounts resolves each one once, not once per comparison', () => {
  const [small, large] = [32, 64].map(count => renderAccessPolicy(destinationGranting(parameters(count))));
  // Each more account costs one resolve (its sort key); a resolve per comparison would cost n log n.
  expect(large.resolves - small.resolves).toBe(32);
  // Still sorted by the JSON of the resolved form: {"Ref":"Account0"}, {"Ref":"Account1"}, {"Ref":"Account10"}, ...
  const byResolvedJson = parameters(64).map(name => JSON.stringify({ Ref: name })).sort();
  expect(large.accounts).toEqual(byResolvedJson.map(json => `\${${JSON.parse(json).Ref}}`));
  expect(large.accounts.slice(0, 3)).toEqual(['${Account0}', '${Account1}', '${Account10}']);
});

test('sorting puts literal accounts first, in numeric order, then tokens', () => {
  const { accounts } = renderAccessPolicy(destinationGranting(['Account0', 'Account1', '222222222222', RECIPIENT, '111111111111']));
  expect(accounts).toEqual(['111111111111', '222222222222', RECIPIENT, '${Account0}', '${Account1}']);
});
