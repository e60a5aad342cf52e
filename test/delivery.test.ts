import { Match } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnParameter, Stack } from 'aws-cdk-lib/core';
import {
  Delivery, DeliveryDestination, DeliveryDestinationTarget, DeliveryDestinationType, DeliverySource, OutputFormat,
} from '../lib';
import { expectLibraryError, expectSynthFinding } from './support/errors';
import { joinLiteral, onlyResource, RECIPIENT, SENDER, templateOf, testApp, testStack } from './util';

const DISTRIBUTION_ARN = `arn:aws:cloudfront::${RECIPIENT}:distribution/E1A2B3C4D5E6F7`;
const BUCKET_SOURCE_ARN = 'arn:aws:s3:::source-bucket';

function setup(stack: Stack = testStack()) {
  const bucket = new s3.Bucket(stack, 'Bucket');
  const archive = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(bucket), outputFormat: OutputFormat.JSON });
  const group = new DeliveryDestination(stack, 'Group', { target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'LogGroup')) });
  const source = new DeliverySource(stack, 'Cdn', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' });
  return { stack, bucket, archive, group, source };
}

function logicalIdOf(stack: Stack, construct: { node: any }): string {
  return stack.getLogicalId(construct.node.defaultChild);
}

describe('Delivery', () => {
  test('connects a source to a destination, after both', () => {
    const { stack, archive, source } = setup();
    const delivery = new Delivery(stack, 'ToArchive', {
      source,
      destination: archive,
      recordFields: ['timestamp', 'c-ip', 'cs-method'],
      fieldDelimiter: ',',
      s3SuffixPath: '{DistributionId}/{yyyy}/{MM}/{dd}',
      s3EnableHiveCompatiblePath: true,
    });

    const template = templateOf(stack);
    template.hasResource('AWS::Logs::Delivery', {
      Properties: {
        DeliverySourceName: source.deliverySourceName,
        DeliveryDestinationArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
        RecordFields: ['timestamp', 'c-ip', 'cs-method'],
        FieldDelimiter: ',',
        S3SuffixPath: '{DistributionId}/{yyyy}/{MM}/{dd}',
        S3EnableHiveCompatiblePath: true,
      },
      DependsOn: [logicalIdOf(stack, archive), logicalIdOf(stack, source)],
    });
    const { resource } = onlyResource(template, 'AWS::Logs::Delivery');
    expect(joinLiteral(resource.Properties.DeliveryDestinationArn))
      .toEqual(`arn:aws:logs:us-east-1:${RECIPIENT}:delivery-destination:${archive.deliveryDestinationName}`);
    // The destination waits for the bucket policy, so the first write finds it.
    template.hasResource('AWS::Logs::DeliveryDestination', { DependsOn: [Match.stringLikeRegexp('^BucketPolicy')] });
    expect(stack.resolve(delivery.deliveryId)).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack, delivery), 'DeliveryId'] });
    expect(stack.resolve(delivery.deliveryRef.deliveryArn)).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack, delivery), 'Arn'] });
  });

  test('deliverTo creates the delivery beside the source', () => {
    const { stack, archive, source } = setup();
    const delivery = source.deliverTo(archive, { recordFields: ['timestamp', 'c-ip'] });
    expect(delivery.node.scope).toBe(source);
    templateOf(stack).hasResourceProperties('AWS::Logs::Delivery', { RecordFields: ['timestamp', 'c-ip'] });
  });

  test('chains the deliveries of one source so CloudFormation creates them one at a time', () => {
    const { stack, archive, group, source } = setup();
    const traces = new DeliveryDestination(stack, 'Firehoseless', { target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'G2')) });
    const first = source.deliverTo(archive);
    const second = source.deliverTo(group);
    const third = new Delivery(stack, 'Third', { source, destination: traces });
    const other = new DeliverySource(stack, 'Other', { resourceArn: DISTRIBUTION_ARN, logType: 'CONNECTION_LOGS' });
    const unrelated = other.deliverTo(group);

    const deliveries = templateOf(stack).findResources('AWS::Logs::Delivery');
    const dependsOn = (d: Delivery) => deliveries[logicalIdOf(stack, d)].DependsOn;
    expect(dependsOn(first)).not.toContain(logicalIdOf(stack, second));
    expect(dependsOn(second)).toContain(logicalIdOf(stack, first));
    expect(dependsOn(third)).toContain(logicalIdOf(stack, second));
    expect(dependsOn(third)).not.toContain(logicalIdOf(stack, first));
    // Another source's delivery to the same destination waits for the last one to it (ConflictException otherwise).
    expect(dependsOn(unrelated)).toEqual([logicalIdOf(stack, group), logicalIdOf(stack, other), logicalIdOf(stack, second)].sort());
  });

  test('fails when a source delivers to the same destination twice', () => {
    const { archive, source } = setup();
    source.deliverTo(archive);
    expectLibraryError(() => source.deliverTo(archive), {
      path: 'Stack/Cdn', property: 'destination', value: '\'Stack/Archive\'', fragment: 'already delivers to that destination',
    });
  });

  describe('checks against the source\'s log type', () => {
    test('fails when the log type cannot go to the destination type', () => {
      const stack = testStack();
      const source = new DeliverySource(stack, 'Kb', {
        resourceArn: `arn:aws:bedrock:us-east-1:${RECIPIENT}:knowledge-base/KB12345678`,
        logType: 'TRACES',
      });
      const archive = new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'B')) });
      expectLibraryError(() => source.deliverTo(archive), {
        path: /Stack\/Kb\/\w+/, property: 'destination', value: '\'Stack/Archive\'', fragment: 'can be delivered to X-Ray, not to S3',
      });
      const xray = new DeliveryDestination(stack, 'Traces', { target: DeliveryDestinationTarget.xray() });
      source.deliverTo(xray);
      templateOf(stack).resourceCountIs('AWS::Logs::Delivery', 1);
    });

    test('fails when the destination\'s format is not one the log type offers there', () => {
      const stack = testStack();
      const source = new DeliverySource(stack, 'Access', { resourceArn: BUCKET_SOURCE_ARN, logType: 'S3_SERVER_ACCESS_LOGS' });
      const w3c = new DeliveryDestination(stack, 'W3c', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'B1')), outputFormat: OutputFormat.W3C });
      const plain = new DeliveryDestination(stack, 'Plain', {
        target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'G')), outputFormat: OutputFormat.PLAIN,
      });
      const parquet = new DeliveryDestination(stack, 'Parquet', {
        target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'B2')), outputFormat: OutputFormat.PARQUET,
      });
      expectLibraryError(() => source.deliverTo(w3c), {
        path: /Stack\/Access\/\w+/, property: 'destination', value: '\'Stack/W3c\'', fragment: 'delivered to S3 as json, parquet',
      });
      expectLibraryError(() => source.deliverTo(plain), {
        path: /Stack\/Access\/\w+/, property: 'destination', value: '\'Stack/Plain\'', fragment: 'delivered to CloudWatch Logs as json',
      });
      source.deliverTo(parquet);
    });

    test('checks an imported destination whose type and format are given', () => {
      const stack = testStack();
      const source = new DeliverySource(stack, 'Access', { resourceArn: BUCKET_SOURCE_ARN, logType: 'S3_SERVER_ACCESS_LOGS' });
      const imported = DeliveryDestination.fromDeliveryDestinationAttributes(stack, 'Imported', {
        deliveryDestinationArn: `arn:aws:logs:us-east-1:${SENDER}:delivery-destination:central`,
        destinationType: DeliveryDestinationType.FIREHOSE,
        outputFormat: OutputFormat.RAW,
      });
      expectLibraryError(() => source.deliverTo(imported), {
        path: /Stack\/Access\/\w+/, property: 'destination', fragment: 'delivered to Firehose as json',
      });
      source.deliverTo(DeliveryDestination.fromDeliveryDestinationArn(stack, 'Unknown', `arn:aws:logs:us-east-1:${SENDER}:delivery-destination:other`));
    });

    test('accepts record fields the log type has, with every mandatory one', () => {
      const stack = testStack();
      const source = new DeliverySource(stack, 'Conn', { resourceArn: DISTRIBUTION_ARN, logType: 'CONNECTION_LOGS' });
      const { archive } = setup(stack);
      source.deliverTo(archive, { recordFields: ['eventTimestamp', 'distributionId', 'connectionId', 'clientIp'] });
      templateOf(stack).hasResourceProperties('AWS::Logs::Delivery', {
        RecordFields: Match.exact(['eventTimestamp', 'distributionId', 'connectionId', 'clientIp']),
      });
    });

    test('fails when a record field is unknown', () => {
      const { archive, source } = setup();
      expectLibraryError(() => source.deliverTo(archive, { recordFields: ['timestamp', 'clientip'] }), {
        path: /Stack\/Cdn\/\w+/, property: 'recordFields', fragment: 'has no field \'clientip\'',
      });
    });

    test('prints a token field among the record fields as the reference it resolves to', () => {
      const stack = testStack();
      const { archive, source } = setup(stack);
      const field = new CfnParameter(stack, 'Field').valueAsString;
      expectLibraryError(() => source.deliverTo(archive, { recordFields: ['timestamp', 'clientip', field] }), {
        path: /Stack\/Cdn\/\w+/, property: 'recordFields', value: '\'["timestamp","clientip","${Field}"]\'', fragment: 'has no field \'clientip\'',
      });
    });

    test('fails when a mandatory record field is missing', () => {
      const stack = testStack();
      const source = new DeliverySource(stack, 'Conn', { resourceArn: DISTRIBUTION_ARN, logType: 'CONNECTION_LOGS' });
      const { archive } = setup(stack);
      expectLibraryError(() => source.deliverTo(archive, { recordFields: ['eventTimestamp', 'clientIp'] }), {
        path: /Stack\/Conn\/\w+/, property: 'recordFields', fragment: 'distributionId, connectionId are missing',
      });
    });

    test('lets record fields through when the log type is unknown, or when they are tokens', () => {
      const stack = testStack();
      const { archive } = setup(stack);
      const unknown = new DeliverySource(stack, 'Unknown', { resourceArn: new CfnParameter(stack, 'Arn').valueAsString, logType: 'X' });
      unknown.deliverTo(archive, { recordFields: ['anything'] });
      const conn = new DeliverySource(stack, 'Conn', { resourceArn: DISTRIBUTION_ARN, logType: 'CONNECTION_LOGS' });
      conn.deliverTo(archive, { recordFields: new CfnParameter(stack, 'Fields', { type: 'CommaDelimitedList' }).valueAsList });
      templateOf(stack).resourceCountIs('AWS::Logs::Delivery', 2);
    });

    test('fails when there are more than 128 record fields', () => {
      const { archive, source } = setup();
      expectLibraryError(() => source.deliverTo(archive, { recordFields: Array.from({ length: 129 }, (_, i) => `f${i}`) }), {
        path: /Stack\/Cdn\/\w+/, property: 'recordFields', fragment: 'at most 128 record fields (it has 129)',
      });
    });
  });

  describe('options', () => {
    test.each([
      ['longer than 5 characters', '------', '1 to 5 characters (it has 6)'],
      ['empty', '', '1 to 5 characters (it has 0)'],
    ])('fails when the field delimiter is %s', (_, fieldDelimiter, fragment) => {
      const { archive, source } = setup();
      expectLibraryError(() => source.deliverTo(archive, { fieldDelimiter }), { path: /Stack\/Cdn\/\w+/, property: 'fieldDelimiter', fragment });
    });

    test('fails when the S3 suffix path is longer than 256 characters', () => {
      const { archive, source } = setup();
      expectLibraryError(() => source.deliverTo(archive, { s3SuffixPath: 'a'.repeat(257) }), {
        path: /Stack\/Cdn\/\w+/, property: 's3SuffixPath', fragment: 'at most 256 characters (it has 257)',
      });
    });

    test.each(['s3SuffixPath', 's3EnableHiveCompatiblePath'])('fails when %s is given for a destination that is not S3', (property) => {
      const { group, source } = setup();
      const value = property === 's3SuffixPath' ? 'logs/' : true;
      expectLibraryError(() => source.deliverTo(group, { [property]: value }), {
        path: /Stack\/Cdn\/\w+/, property, fragment: 'applies to S3 destinations, and this one is CloudWatch Logs',
      });
    });
  });

  describe('accounts and regions', () => {
    function crossAccount(grant: (d: DeliveryDestination) => void) {
      const app = testApp();
      const central = new Stack(app, 'Central', { env: { account: RECIPIENT, region: 'us-east-1' } });
      const edge = new Stack(app, 'Edge', { env: { account: SENDER, region: 'us-east-1' } });
      const destination = new DeliveryDestination(central, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(central, 'B')) });
      grant(destination);
      const source = new DeliverySource(edge, 'Bus', { resourceArn: new events.EventBus(edge, 'EventBus').eventBusArn, logType: 'INFO_LOGS' });
      source.deliverTo(destination);
      return { app, central, edge };
    }

    test('delivers across accounts once the destination grants the source\'s account', () => {
      const { central, edge } = crossAccount(d => d.grantSubscribe(SENDER));
      const { resource } = onlyResource(templateOf(edge), 'AWS::Logs::Delivery');
      expect(joinLiteral(resource.Properties.DeliveryDestinationArn)).toMatch(/^arn:aws:logs:us-east-1:999999999999:delivery-destination:CentralArchive/);
      expect(resource.DependsOn).toEqual([expect.stringMatching(/^Bus/)]);
      expect(edge.dependencies).toContain(central);
    });

    test('delivers across accounts once the destination grants an organization', () => {
      const { edge } = crossAccount(d => d.grantSubscribeOrganization('o-a1b2c3d4e5'));
      templateOf(edge).resourceCountIs('AWS::Logs::Delivery', 1);
    });

    test('fails at synth when the destination does not admit the source\'s account', () => {
      const { app } = crossAccount(() => undefined);
      expectSynthFinding(() => app.synth(), {
        path: /Edge\/Bus\/ToCentralArchive\w+/, property: 'destination', value: '\'Central/Archive\'',
        fragment: `does not admit delivery sources of account ${SENDER}`,
      });
    });

    test('fails when the delivery is defined in another account than its source', () => {
      const app = testApp();
      const central = new Stack(app, 'Central', { env: { account: RECIPIENT, region: 'us-east-1' } });
      const edge = new Stack(app, 'Edge', { env: { account: SENDER, region: 'us-east-1' } });
      const { archive } = setup(central);
      const source = new DeliverySource(edge, 'Src', { resourceArn: `arn:aws:cloudfront::${SENDER}:distribution/E2`, logType: 'ACCESS_LOGS' });
      expectLibraryError(() => new Delivery(central, 'D', { source, destination: archive }), {
        path: 'Central/D', property: 'source', value: '\'Edge/Src\'', fragment: `in account ${SENDER} but the delivery is defined in ${RECIPIENT}`,
      });
    });

    test('fails when the destination is in another region than the source', () => {
      const app = testApp();
      const west = new Stack(app, 'West', { env: { account: RECIPIENT, region: 'us-west-2' } });
      const east = new Stack(app, 'East', { env: { account: RECIPIENT, region: 'us-east-1' } });
      const archive = new DeliveryDestination(west, 'Archive', { target: DeliveryDestinationTarget.s3(new s3.Bucket(west, 'Bucket')) });
      const source = new DeliverySource(east, 'Src', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' });
      expectLibraryError(() => source.deliverTo(archive), {
        path: /East\/Src\/\w+/, property: 'destination', value: '\'West/Archive\'', fragment: 'in us-east-1 but the destination is in us-west-2',
      });
    });
  });
});
