import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnResource, Fn, Stack } from 'aws-cdk-lib/core';
import { LogDestination, LogDestinationTarget } from '../lib';
import { expectLibraryError, expectSynthFinding } from './support/errors';
import { RECIPIENT, templateOf, testApp, testStack } from './util';

// The validation the other tests rely on must itself catch what it is there to catch.
describe('CloudFormation Validate in templateOf', () => {
  test('fails on a schema violation (an empty DestinationPolicy)', () => {
    const stack = new Stack(testApp(), 'S');
    new logs.CfnDestination(stack, 'D', {
      destinationName: 'x', roleArn: Fn.importValue('Role'), targetArn: Fn.importValue('Target'), destinationPolicy: '',
    });
    expect(() => templateOf(stack)).toThrow(/DestinationPolicy/);
  });

  test('fails on a reference cycle', () => {
    const stack = new Stack(testApp(), 'S');
    const a = new CfnResource(stack, 'A', { type: 'AWS::SQS::Queue', properties: {} });
    new CfnResource(stack, 'B', { type: 'AWS::SQS::Queue', properties: { QueueName: a.getAtt('QueueName') } });
    a.addPropertyOverride('QueueName', Fn.getAtt('B', 'QueueName'));
    expect(() => templateOf(stack)).toThrow(/cycle|Circular dependency/i);
  });

  test('passes a valid template', () => {
    const stack = new Stack(testApp(), 'S');
    new CfnResource(stack, 'A', { type: 'AWS::SQS::Queue', properties: {} });
    expect(Object.keys(templateOf(stack).findResources('AWS::SQS::Queue'))).toEqual(['A']);
  });
});

// The error assertions must fail on the wrong type, path, property or rule, and when nothing is thrown.
describe('expectLibraryError and expectSynthFinding', () => {
  const badAccount = () => new LogDestination(testStack(), 'Central', {
    target: LogDestinationTarget.fromArn(`arn:aws:kinesis:us-east-1:${RECIPIENT}:stream/central`),
  }).grantSubscribe('12345');
  const expected = { path: 'Stack/Central', property: 'account', fragment: 'exactly 12 digits' };

  test('pass on the library\'s error of that path, property, value and fragment', () => {
    expect(expectLibraryError(badAccount, { ...expected, value: '\'12345\'' }).constructPath).toBe('Stack/Central');
  });

  test.each([
    ['another path', { path: 'Stack' }],
    ['another property', { property: 'accounts' }],
    ['a property the message has only as a prefix of another', { property: 'acc' }],
    ['a fragment it lacks', { fragment: '13 digits' }],
    ['another value', { value: '\'1234\'' }],
  ])('fail on %s', (_name, change) => {
    expect(() => expectLibraryError(badAccount, { ...expected, ...change })).toThrow(/toEqual/);
  });

  test('fail on an error of the same message that is not the library\'s, and when nothing is thrown', () => {
    const message = 'Stack/Central: invalid account \'12345\': an AWS account ID is exactly 12 digits.';
    expect(() => expectLibraryError(() => { throw new Error(message); }, expected)).toThrow(/isLibraryError/);
    expect(() => expectLibraryError(() => undefined, expected)).toThrow('expected an error, but nothing was thrown');
  });

  test('a finding is found among the others of the validation error, by its path, property and fragment', () => {
    const stack = new Stack(testApp(), 'S');
    new CfnResource(stack, 'A', { type: 'AWS::SQS::Queue', properties: {} }).node.addValidation({ validate: () => ['invalid other \'x\': no'] });
    new CfnResource(stack, 'B', { type: 'AWS::SQS::Queue', properties: {} }).node.addValidation({ validate: () => ['invalid size of 3 items: at most 2'] });
    expect(expectSynthFinding(() => templateOf(stack), { path: 'S/B', property: 'size', fragment: 'at most 2' })).toBe('[S/B] invalid size of 3 items: at most 2');
    for (const change of [{ path: 'S/A' }, { property: 'other' }, { fragment: 'at most 3' }]) {
      expect(() => expectSynthFinding(() => templateOf(stack), { path: 'S/B', property: 'size', fragment: 'at most 2', ...change })).toThrow(/toEqual/);
    }
    expect(() => expectSynthFinding(badAccount, expected)).toThrow(/isLibraryError/);
  });
});
