import { Match } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnParameter, Stack } from 'aws-cdk-lib/core';
import { DeliverySource } from '../lib';
import { expectLibraryError } from './support/errors';
import { joinLiteral, RECIPIENT, templateOf, testApp, testStack } from './util';

const DISTRIBUTION_ARN = `arn:aws:cloudfront::${RECIPIENT}:distribution/E1A2B3C4D5E6F7`;

describe('DeliverySource', () => {
  test('creates the delivery source with a generated name', () => {
    const stack = testStack();
    const source = new DeliverySource(stack, 'Src', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' });

    templateOf(stack).hasResourceProperties('AWS::Logs::DeliverySource', {
      Name: Match.stringLikeRegexp('^StackSrc[A-Za-z0-9]+$'),
      ResourceArn: DISTRIBUTION_ARN,
      LogType: 'ACCESS_LOGS',
      DeliverySourceConfiguration: Match.absent(),
    });
    expect(source.deliverySourceName.length).toBeLessThanOrEqual(60);
    expect(joinLiteral(stack.resolve(source.deliverySourceArn)))
      .toEqual(`arn:aws:logs:us-east-1:${RECIPIENT}:delivery-source:${source.deliverySourceName}`);
    expect(source.deliverySourceRef.deliverySourceName).toEqual(source.deliverySourceName);
  });

  test('uses the given name and configuration', () => {
    const stack = testStack();
    new DeliverySource(stack, 'Src', {
      resourceArn: DISTRIBUTION_ARN,
      logType: 'ACCESS_LOGS',
      deliverySourceName: 'cdn-access',
      configuration: { someSetting: 'value' },
    });
    templateOf(stack).hasResourceProperties('AWS::Logs::DeliverySource', {
      Name: 'cdn-access',
      DeliverySourceConfiguration: { someSetting: 'value' },
    });
  });

  describe('resource type', () => {
    test('is derived from a literal ARN', () => {
      const source = new DeliverySource(testStack(), 'Src', { resourceArn: DISTRIBUTION_ARN, logType: 'CONNECTION_LOGS' });
      expect(source.resourceType).toEqual('AWS::CloudFront::Distribution');
    });

    test('is derived from an ARN built by Stack.formatArn (a CloudFront distribution\'s)', () => {
      const stack = testStack();
      const distribution = new cloudfront.Distribution(stack, 'Cdn', { defaultBehavior: { origin: new origins.HttpOrigin('example.com') } });
      const source = new DeliverySource(stack, 'Src', { resourceArn: distribution.distributionArn, logType: 'ACCESS_LOGS' });
      expect(source.resourceType).toEqual('AWS::CloudFront::Distribution');
    });

    test('is derived from the Arn attribute of a resource of the app', () => {
      const stack = testStack();
      const bus = new events.EventBus(stack, 'Bus');
      const source = new DeliverySource(stack, 'Src', { resourceArn: bus.eventBusArn, logType: 'ERROR_LOGS' });
      expect(source.resourceType).toEqual('AWS::Events::EventBus');
    });

    test('is derived from a Ref that returns an ARN', () => {
      const stack = testStack();
      const lb = new elbv2.CfnLoadBalancer(stack, 'Lb', { type: 'application' });
      const source = new DeliverySource(stack, 'Src', { resourceArn: lb.ref, logType: 'ALB_ACCESS_LOGS' });
      expect(source.resourceType).toEqual('AWS::ElasticLoadBalancingV2::LoadBalancer');
    });

    test('is derived from a bucket ARN, which has no resource-type part', () => {
      const stack = testStack();
      const source = new DeliverySource(stack, 'Src', { resourceArn: new s3.Bucket(stack, 'B').bucketArn, logType: 'S3_SERVER_ACCESS_LOGS' });
      expect(source.resourceType).toEqual('AWS::S3::Bucket');
      expect(new DeliverySource(stack, 'Literal', { resourceArn: 'arn:aws:s3:::my-bucket', logType: 'S3_SERVER_ACCESS_LOGS' }).resourceType)
        .toEqual('AWS::S3::Bucket');
    });

    test('stays unknown (and nothing is checked) for an ARN that tells nothing', () => {
      const stack = testStack();
      const arn = new CfnParameter(stack, 'Arn').valueAsString;
      const source = new DeliverySource(stack, 'Src', { resourceArn: arn, logType: 'WHATEVER_LOGS' });
      expect(source.resourceType).toBeUndefined();
      templateOf(stack).hasResourceProperties('AWS::Logs::DeliverySource', { ResourceArn: { Ref: 'Arn' }, LogType: 'WHATEVER_LOGS' });
    });

    test('stays unknown for an ARN of a resource type the table does not list', () => {
      const source = new DeliverySource(testStack(), 'Src', {
        resourceArn: `arn:aws:sqs:us-east-1:${RECIPIENT}:queue`,
        logType: 'ANY_LOGS',
      });
      expect(source.resourceType).toBeUndefined();
    });

    test('can be given for a token ARN, and then the log type is checked', () => {
      const stack = testStack();
      const arn = new CfnParameter(stack, 'Arn').valueAsString;
      expect(new DeliverySource(stack, 'Ok', { resourceArn: arn, resourceType: 'AWS::Events::EventBus', logType: 'TRACE_LOGS' }).resourceType)
        .toEqual('AWS::Events::EventBus');
      expectLibraryError(() => new DeliverySource(stack, 'Bad', { resourceArn: arn, resourceType: 'AWS::Events::EventBus', logType: 'ACCESS_LOGS' }), {
        path: 'Stack/Bad', property: 'logType', fragment: 'AWS::Events::EventBus vends ERROR_LOGS, INFO_LOGS, TRACE_LOGS',
      });
    });

    test('fails when the given resource type does not vend logs', () => {
      expectLibraryError(() => new DeliverySource(testStack(), 'Src', { resourceArn: DISTRIBUTION_ARN, resourceType: 'AWS::SQS::Queue', logType: 'X' }), {
        path: 'Stack/Src', property: 'resourceType', value: '\'AWS::SQS::Queue\'', fragment: 'has no such resource type',
      });
    });

    test('fails when the given resource type contradicts the ARN', () => {
      expectLibraryError(() => new DeliverySource(testStack(), 'Src', {
        resourceArn: DISTRIBUTION_ARN, resourceType: 'AWS::Events::EventBus', logType: 'INFO_LOGS',
      }), { path: 'Stack/Src', property: 'resourceType', fragment: 'resourceArn names a resource of type AWS::CloudFront::Distribution' });
    });
  });

  describe('log type', () => {
    test('fails when the log type is unknown for the resource, listing the valid ones', () => {
      expectLibraryError(() => new DeliverySource(testStack(), 'Src', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCES_LOGS' }), {
        path: 'Stack/Src', property: 'logType', fragment: 'AWS::CloudFront::Distribution vends ACCESS_LOGS, CONNECTION_LOGS',
      });
    });

    test('lets a token log type through', () => {
      const stack = testStack();
      const logType = new CfnParameter(stack, 'LogType').valueAsString;
      new DeliverySource(stack, 'Src', { resourceArn: DISTRIBUTION_ARN, logType });
      templateOf(stack).hasResourceProperties('AWS::Logs::DeliverySource', { LogType: { Ref: 'LogType' } });
    });

    test('skipLogTypeCheck lets a log type the table does not know through', () => {
      const stack = testStack();
      new DeliverySource(stack, 'Src', { resourceArn: DISTRIBUTION_ARN, logType: 'NEW_LOGS', skipLogTypeCheck: true });
      templateOf(stack).hasResourceProperties('AWS::Logs::DeliverySource', { LogType: 'NEW_LOGS' });
    });
  });

  describe('names', () => {
    test.each([
      ['has a character outside [A-Za-z0-9_-]', 'cdn access', 'contains \' \''],
      ['is longer than 60 characters', 'x'.repeat(61), 'it has 61 characters'],
    ])('fails when the name %s', (_, name, why) => {
      expectLibraryError(() => new DeliverySource(testStack(), 'Src', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS', deliverySourceName: name }),
        { path: 'Stack/Src', property: 'deliverySourceName', fragment: why });
    });

    test('generated names are stable and unique per stack', () => {
      const names = [0, 1].map(() => {
        const stack = new Stack(testApp(), 'Stack');
        return [['A', 'ACCESS_LOGS'], ['B', 'CONNECTION_LOGS']]
          .map(([id, logType]) => new DeliverySource(stack, id, { resourceArn: DISTRIBUTION_ARN, logType }).deliverySourceName);
      });
      expect(names[0]).toEqual(names[1]);
      expect(names[0][0]).not.toEqual(names[0][1]);
    });
  });

  test('lists the resource types and log types of the table', () => {
    expect(DeliverySource.resourceTypes()).toEqual(expect.arrayContaining(['AWS::CloudFront::Distribution', 'AWS::S3::Bucket']));
    expect(DeliverySource.logTypesOf('AWS::CloudFront::Distribution')).toEqual(['ACCESS_LOGS', 'CONNECTION_LOGS']);
    expect(DeliverySource.logTypesOf('AWS::SQS::Queue')).toEqual([]);
  });

  test('fromDeliverySourceName imports a source of the stack\'s account', () => {
    const stack = testStack();
    const source = DeliverySource.fromDeliverySourceName(stack, 'Imported', 'cdn-access');
    expect(source.deliverySourceName).toEqual('cdn-access');
    expect(source.logType).toBeUndefined();
    expect(joinLiteral(stack.resolve(source.deliverySourceArn))).toEqual(`arn:aws:logs:us-east-1:${RECIPIENT}:delivery-source:cdn-access`);
    expectLibraryError(() => DeliverySource.fromDeliverySourceName(stack, 'Bad', 'a:b'), {
      path: 'Stack', property: 'deliverySourceName', value: '\'a:b\'', fragment: '1 to 60 characters',
    });
  });
});
