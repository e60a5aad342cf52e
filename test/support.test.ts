import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnResource, Fn, Stack } from 'aws-cdk-lib/core';
import { templateOf, testApp } from './util';

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
