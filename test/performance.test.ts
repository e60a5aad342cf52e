/**
 * Synth cost the library controls: work per grant that must not grow faster than the grants do.
 * (Timing lives in the benchmark, `npm run bench`; these count calls, which do not depend on the machine.)
 */
import { CfnParameter, Stack } from 'aws-cdk-lib/core';
import { AccountList } from '../lib/private/accounts';
import { RECIPIENT, testStack } from './util';

/** `count` accounts given as CloudFormation parameters (tokens), added to a list of `stack`. */
function tokenAccounts(stack: Stack, count: number): AccountList {
  const list = new AccountList(stack);
  for (let i = 0; i < count; i++) {
    list.add(new CfnParameter(stack, `Account${i}`, { type: 'String' }).valueAsString);
  }
  return list;
}

test('sorting token accounts resolves each one once, not once per comparison', () => {
  const stack = testStack();
  const list = tokenAccounts(stack, 64);
  const resolve = jest.spyOn(stack, 'resolve');
  const sorted = list.sorted;
  expect(resolve).toHaveBeenCalledTimes(64);
  // Still sorted by the JSON of the resolved form: {"Ref":"Account0"}, {"Ref":"Account1"}, {"Ref":"Account10"}, ...
  const keys = sorted.map(account => JSON.stringify(stack.resolve(account)));
  expect(keys).toEqual([...keys].sort());
  expect(keys.slice(0, 3)).toEqual(['{"Ref":"Account0"}', '{"Ref":"Account1"}', '{"Ref":"Account10"}']);
});

test('sorting puts literal accounts first, in numeric order, then tokens', () => {
  const stack = testStack();
  const list = tokenAccounts(stack, 2);
  list.add('222222222222');
  list.add(RECIPIENT);
  list.add('111111111111');
  expect(list.sorted.map(account => JSON.stringify(stack.resolve(account))))
    .toEqual(['"111111111111"', '"222222222222"', `"${RECIPIENT}"`, '{"Ref":"Account0"}', '{"Ref":"Account1"}']);
});
