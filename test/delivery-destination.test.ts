import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnParameter, Stack } from 'aws-cdk-lib/core';
import { DeliveryDestination, DeliveryDestinationTarget, DeliveryDestinationType, OutputFormat } from '../lib';
import { expectLibraryError, expectSynthFinding } from './support/errors';
import { joinLiteral, joinRefs, literalRefs as literal, onlyResource, OTHER_SENDER, RECIPIENT, SENDER, templateOf, testApp, testStack } from './util';

const DELIVERY = 'delivery.logs.amazonaws.com';
const sourceArn = (account: string) => `arn:aws:logs:us-east-1:${account}:delivery-source:*`;

function bucketStatements(stack: Stack): any[] {
  return literal(onlyResource(templateOf(stack), 'AWS::S3::BucketPolicy').resource.Properties.PolicyDocument.Statement);
}

function sharedPolicy(stack: Stack, type: string): any {
  return JSON.parse(joinRefs(onlyResource(templateOf(stack), type).resource.Properties.PolicyDocument));
}

function destinationPolicy(stack: Stack, logicalIdPrefix = ''): any {
  const found = templateOf(stack).findResources('AWS::Logs::DeliveryDestination');
  const id = Object.keys(found).find(k => k.startsWith(logicalIdPrefix))!;
  return literal(found[id].Properties.DeliveryDestinationPolicy);
}

function s3Destination(stack: Stack, props: { outputFormat?: OutputFormat; name?: string } = {}) {
  const bucket = new s3.Bucket(stack, 'Bucket');
  const destination = new DeliveryDestination(stack, 'Archive', {
    target: DeliveryDestinationTarget.s3(bucket),
    outputFormat: props.outputFormat,
    deliveryDestinationName: props.name,
  });
  return { bucket, destination };
}

describe('DeliveryDestination', () => {
  describe('S3 target', () => {
    test('writes the destination and a bucket policy scoped to this account\'s delivery sources', () => {
      const stack = testStack();
      s3Destination(stack, { outputFormat: OutputFormat.PARQUET });
      const template = templateOf(stack);

      template.hasResource('AWS::Logs::DeliveryDestination', {
        Properties: {
          DeliveryDestinationType: 'S3',
          DestinationResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Bucket'), 'Arn'] },
          OutputFormat: 'parquet',
          DeliveryDestinationPolicy: Match.absent(),
        },
        DependsOn: [Match.stringLikeRegexp('^BucketPolicy')],
      });
      const [write, acl] = bucketStatements(stack);
      expect(write).toEqual({
        Effect: 'Allow',
        Principal: { Service: DELIVERY },
        Action: 's3:PutObject',
        Resource: [
          expect.stringMatching(/^\$\{Bucket\w+\.Arn\}\/AWSLogs\/999999999999\/\*$/),
          expect.stringMatching(/^\$\{Bucket\w+\.Arn\}\/AWSLogs\/aws-account-id=999999999999\/\*$/),
        ],
        Condition: {
          StringEquals: { 'aws:SourceAccount': [RECIPIENT], 's3:x-amz-acl': 'bucket-owner-full-control' },
          ArnLike: { 'aws:SourceArn': [sourceArn(RECIPIENT)] },
        },
      });
      expect(acl).toMatchObject({
        Principal: { Service: DELIVERY },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: expect.stringMatching(/^\$\{Bucket\w+\.Arn\}$/),
        Condition: { StringEquals: { 'aws:SourceAccount': [RECIPIENT] }, ArnLike: { 'aws:SourceArn': [sourceArn(RECIPIENT)] } },
      });
    });

    test.each([
      ['granted by grantSubscribe', false],
      ['granted by subscriberAccounts', true],
    ])('lets the delivery service use a customer-managed key of the app: AWS\'s one statement, scoped to the admitted sources (%s)', (_, byProps) => {
      const stack = testStack();
      const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: new kms.Key(stack, 'Key') });
      const destination = new DeliveryDestination(stack, 'Archive', {
        target: DeliveryDestinationTarget.s3(bucket), subscriberAccounts: byProps ? [SENDER] : undefined,
      });
      if (!byProps) {
        destination.grantSubscribe(SENDER);
      }

      const { resource } = onlyResource(templateOf(stack), 'AWS::KMS::Key');
      const statements = literal(resource.Properties.KeyPolicy.Statement).filter((s: any) => s.Principal.Service === DELIVERY);
      expect(statements).toEqual([{
        Effect: 'Allow',
        Principal: { Service: DELIVERY },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceAccount': [RECIPIENT, SENDER] },
          ArnLike: { 'aws:SourceArn': [sourceArn(RECIPIENT), sourceArn(SENDER)] },
        },
      }]);
      templateOf(stack).hasResource('AWS::Logs::DeliveryDestination', {
        DependsOn: Match.arrayWith([Match.stringLikeRegexp('^Key')]),
      });
    });

    test('warns when the bucket is imported, since its policy cannot be changed', () => {
      const stack = testStack();
      const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'existing-bucket');
      new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(bucket) });

      templateOf(stack).resourceCountIs('AWS::S3::BucketPolicy', 0);
      Annotations.fromStack(stack).hasWarning('/Stack/Archive', Match.stringLikeRegexp('not defined in this app.*s3:PutObject'));
    });

    test('warns when the bucket\'s key is imported', () => {
      const stack = testStack();
      const key = kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${RECIPIENT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
      const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: key });
      new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(bucket) });

      Annotations.fromStack(stack).hasWarning('/Stack/Archive', Match.stringLikeRegexp('KMS key .* not defined in this app'));
    });

    test('scopes to the stack\'s own account when the stack is environment-agnostic', () => {
      const stack = new Stack(testApp(), 'Stack');
      s3Destination(stack);

      const write = onlyResource(templateOf(stack), 'AWS::S3::BucketPolicy').resource.Properties.PolicyDocument.Statement[0];
      expect(JSON.stringify(write.Resource)).toContain('{"Ref":"AWS::AccountId"}');
      expect(write.Condition.StringEquals['aws:SourceAccount']).toEqual([{ Ref: 'AWS::AccountId' }]);
    });

    test('fails when the bucket is in another account', () => {
      const stack = testStack();
      const bucket = s3.Bucket.fromBucketAttributes(stack, 'Bucket', { bucketName: 'theirs', account: SENDER });
      expectLibraryError(() => new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.s3(bucket) }), {
        path: 'Stack/Archive', property: 'target', fragment: `in account ${SENDER} but the delivery destination is in ${RECIPIENT}`,
      });
    });
  });

  describe('log group target', () => {
    test('shares one resource policy among the log-group destinations of a stack', () => {
      const stack = testStack();
      const first = new logs.LogGroup(stack, 'First');
      const second = new logs.LogGroup(stack, 'Second');
      new DeliveryDestination(stack, 'ToFirst', { target: DeliveryDestinationTarget.logGroup(first), outputFormat: OutputFormat.JSON });
      new DeliveryDestination(stack, 'ToSecond', { target: DeliveryDestinationTarget.logGroup(second) });

      const template = templateOf(stack);
      template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
      const { logicalId } = onlyResource(template, 'AWS::Logs::ResourcePolicy');
      template.resourcePropertiesCountIs('AWS::Logs::DeliveryDestination', { DeliveryDestinationType: 'CWL' }, 2);
      template.allResources('AWS::Logs::DeliveryDestination', { DependsOn: [logicalId] });
      expect(sharedPolicy(stack, 'AWS::Logs::ResourcePolicy')).toEqual({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: DELIVERY },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [
            expect.stringMatching(/^arn:aws:logs:us-east-1:999999999999:log-group:\$\{First\w+\}:log-stream:\*$/),
            expect.stringMatching(/^arn:aws:logs:us-east-1:999999999999:log-group:\$\{Second\w+\}:log-stream:\*$/),
          ],
          Condition: {
            StringEquals: { 'aws:SourceAccount': [RECIPIENT] },
            ArnLike: { 'aws:SourceArn': [sourceArn(RECIPIENT)] },
          },
        }],
      });
    });

    test('warns when the shared policy may exceed 5,120 characters', () => {
      const stack = testStack();
      for (let i = 0; i < 80; i++) {
        new DeliveryDestination(stack, `D${i}`, { target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, `G${i}`)) });
      }
      Annotations.fromStack(stack).hasWarning('/Stack/LogDestinationsLogGroupDeliveryPolicy',
        Match.stringLikeRegexp('about \\d+ characters for 80 destination grant.*at most 5120'));
    });

    test('fails when the log group is in another region', () => {
      const stack = testStack();
      const logGroup = logs.LogGroup.fromLogGroupArn(stack, 'Group', `arn:aws:logs:eu-west-1:${RECIPIENT}:log-group:elsewhere:*`);
      expectLibraryError(() => new DeliveryDestination(stack, 'Dest', { target: DeliveryDestinationTarget.logGroup(logGroup) }), {
        path: 'Stack/Dest', property: 'target', fragment: 'in eu-west-1 but the delivery destination is in us-east-1',
      });
    });
  });

  describe('Firehose target', () => {
    test('tags a delivery stream of the app LogDeliveryEnabled=true', () => {
      const stack = testStack();
      const stream = new firehose.DeliveryStream(stack, 'Stream', {
        destination: new firehose.S3Bucket(new s3.Bucket(stack, 'Landing')),
      });
      new DeliveryDestination(stack, 'Dest', { target: DeliveryDestinationTarget.firehose(stream), outputFormat: OutputFormat.RAW });

      const template = templateOf(stack);
      template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
        Tags: Match.arrayWith([{ Key: 'LogDeliveryEnabled', Value: 'true' }]),
      });
      template.hasResourceProperties('AWS::Logs::DeliveryDestination', {
        DeliveryDestinationType: 'FH',
        DestinationResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Stream'), 'Arn'] },
        OutputFormat: 'raw',
      });
      template.resourceCountIs('AWS::Logs::ResourcePolicy', 0);
    });

    test('warns when the delivery stream is imported', () => {
      const stack = testStack();
      const stream = firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'existing');
      new DeliveryDestination(stack, 'Dest', { target: DeliveryDestinationTarget.firehose(stream) });

      Annotations.fromStack(stack).hasWarning('/Stack/Dest', Match.stringLikeRegexp('tag it LogDeliveryEnabled=true yourself'));
    });
  });

  describe('X-Ray target', () => {
    test('writes one X-Ray resource policy per stack and no resource ARN', () => {
      const stack = testStack();
      new DeliveryDestination(stack, 'Traces', { target: DeliveryDestinationTarget.xray() });
      new DeliveryDestination(stack, 'MoreTraces', { target: DeliveryDestinationTarget.xray() });

      const template = templateOf(stack);
      template.resourceCountIs('AWS::XRay::ResourcePolicy', 1);
      template.allResourcesProperties('AWS::Logs::DeliveryDestination', {
        DeliveryDestinationType: 'XRAY',
        DestinationResourceArn: Match.absent(),
        OutputFormat: Match.absent(),
      });
      expect(sharedPolicy(stack, 'AWS::XRay::ResourcePolicy').Statement).toEqual([{
        Effect: 'Allow',
        Principal: { Service: DELIVERY },
        Action: ['xray:PutTraceSegments'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': [RECIPIENT] }, ArnLike: { 'aws:SourceArn': [sourceArn(RECIPIENT)] } },
      }]);
    });
  });

  describe('output format', () => {
    test.each([
      ['S3', [OutputFormat.JSON, OutputFormat.PLAIN, OutputFormat.W3C, OutputFormat.PARQUET]],
      ['CWL', [OutputFormat.JSON, OutputFormat.PLAIN]],
      ['FH', [OutputFormat.JSON, OutputFormat.PLAIN, OutputFormat.RAW]],
    ])('accepts what a %s destination takes', (type, formats) => {
      for (const format of formats) {
        const stack = testStack();
        new DeliveryDestination(stack, 'Dest', { target: targetOf(stack, type), outputFormat: format });
        templateOf(stack).hasResourceProperties('AWS::Logs::DeliveryDestination', { OutputFormat: format });
      }
    });

    test.each([
      ['S3', OutputFormat.RAW, 'an S3'],
      ['CWL', OutputFormat.PARQUET, 'a CloudWatch Logs'],
      ['CWL', OutputFormat.W3C, 'a CloudWatch Logs'],
      ['FH', OutputFormat.PARQUET, 'a Firehose'],
    ])('fails when a %s destination gets %s', (type, format, what) => {
      const stack = testStack();
      expectLibraryError(() => new DeliveryDestination(stack, 'Dest', { target: targetOf(stack, type), outputFormat: format }), {
        path: 'Stack/Dest', property: 'outputFormat', value: `'${format}'`, fragment: `${what} delivery destination accepts`,
      });
    });

    test('fails when an X-Ray destination gets a format', () => {
      const stack = testStack();
      expectLibraryError(() => new DeliveryDestination(stack, 'Dest', { target: DeliveryDestinationTarget.xray(), outputFormat: OutputFormat.JSON }), {
        path: 'Stack/Dest', property: 'outputFormat', fragment: 'X-Ray delivery destination takes no output format',
      });
    });
  });

  describe('names', () => {
    test('generates a stable name of at most 60 word characters, unique per destination', () => {
      const names = [0, 1].map(() => {
        const stack = testStack();
        const a = new DeliveryDestination(stack, 'A'.repeat(80), { target: DeliveryDestinationTarget.xray() });
        const b = new DeliveryDestination(stack, 'B', { target: DeliveryDestinationTarget.xray() });
        return [stack.resolve(a.deliveryDestinationName), stack.resolve(b.deliveryDestinationName)];
      });
      expect(names[0]).toEqual(names[1]);
      expect(names[0][0]).not.toEqual(names[0][1]);
      for (const name of names[0]) {
        expect(name).toMatch(/^[\w-]{1,60}$/);
      }
    });

    test('uses the given name in the resource and the ARN', () => {
      const stack = testStack();
      const { destination } = s3Destination(stack, { name: 'central_archive-1' });
      templateOf(stack).hasResourceProperties('AWS::Logs::DeliveryDestination', { Name: 'central_archive-1' });
      expect(joinLiteral(stack.resolve(destination.deliveryDestinationArn)))
        .toEqual(`arn:aws:logs:us-east-1:${RECIPIENT}:delivery-destination:central_archive-1`);
    });

    test.each([
      ['has a character outside [A-Za-z0-9_-]', 'central.archive', 'contains \'.\''],
      ['is longer than 60 characters', 'x'.repeat(61), 'it has 61 characters'],
      ['is empty', '', 'it is empty'],
    ])('fails when the name %s', (_, name, why) => {
      expectLibraryError(() => s3Destination(testStack(), { name }), { path: 'Stack/Archive', property: 'deliveryDestinationName', fragment: why });
    });

    test('lets a token name through', () => {
      const stack = testStack();
      const name = new CfnParameter(stack, 'Name').valueAsString;
      s3Destination(stack, { name });
      templateOf(stack).hasResourceProperties('AWS::Logs::DeliveryDestination', { Name: { Ref: 'Name' } });
    });
  });

  describe('grants', () => {
    test('grantSubscribe writes the delivery destination policy with root-ARN principals', () => {
      const stack = testStack();
      const { destination } = s3Destination(stack);
      destination.grantSubscribe(SENDER);
      destination.grantSubscribe(OTHER_SENDER);

      const resources = ['delivery-source:*', 'delivery:*', 'delivery-destination:*'].map(r => `arn:aws:logs:us-east-1:${RECIPIENT}:${r}`);
      expect(destinationPolicy(stack)).toEqual({
        DeliveryDestinationName: expect.stringMatching(/^StackArchive/),
        DeliveryDestinationPolicy: {
          Version: '2012-10-17',
          Statement: [{
            Sid: 'AllowCreateDeliveryFromAccounts',
            Effect: 'Allow',
            Principal: { AWS: [`arn:aws:iam::${SENDER}:root`, `arn:aws:iam::${OTHER_SENDER}:root`] },
            Action: 'logs:CreateDelivery',
            Resource: resources,
          }],
        },
      });
    });

    test('grantSubscribe widens the target policy conditions to the granted accounts', () => {
      const stack = testStack();
      const { destination } = s3Destination(stack);
      destination.grantSubscribe(SENDER);

      for (const statement of bucketStatements(stack)) {
        expect(statement.Condition.StringEquals['aws:SourceAccount']).toEqual([RECIPIENT, SENDER]);
        expect(statement.Condition.ArnLike['aws:SourceArn']).toEqual([sourceArn(RECIPIENT), sourceArn(SENDER)]);
      }
      expect(bucketStatements(stack)[0].Resource).toEqual([
        expect.stringMatching(/\/AWSLogs\/999999999999\/\*$/),
        expect.stringMatching(/\/AWSLogs\/aws-account-id=999999999999\/\*$/),
        expect.stringMatching(/\/AWSLogs\/111111111111\/\*$/),
        expect.stringMatching(/\/AWSLogs\/aws-account-id=111111111111\/\*$/),
      ]);
    });

    test('props, grants before and grants after give the same template', () => {
      const viaProps = testStack();
      new DeliveryDestination(viaProps, 'Archive', {
        target: DeliveryDestinationTarget.s3(new s3.Bucket(viaProps, 'Bucket')),
        subscriberAccounts: [SENDER],
        subscriberOrganizationIds: ['o-a1b2c3d4e5'],
      });
      const viaCalls = testStack();
      const { destination } = s3Destination(viaCalls);
      destination.grantSubscribeOrganization('o-a1b2c3d4e5');
      destination.grantSubscribe(SENDER);
      destination.grantSubscribe(SENDER);
      destination.grantSubscribe(RECIPIENT);

      expect(templateOf(viaCalls).toJSON()).toEqual(templateOf(viaProps).toJSON());
    });

    test('grantSubscribeOrganization admits the organization in both policies', () => {
      const stack = testStack();
      const { destination } = s3Destination(stack);
      destination.grantSubscribeOrganization('o-a1b2c3d4e5');

      expect(destinationPolicy(stack).DeliveryDestinationPolicy.Statement).toEqual([{
        Sid: 'AllowCreateDeliveryFromOrganizations',
        Effect: 'Allow',
        Principal: '*',
        Action: 'logs:CreateDelivery',
        Resource: expect.any(Array),
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] } },
      }]);
      expect(bucketStatements(stack)[2].Condition).toEqual({
        StringEquals: { 'aws:SourceOrgID': ['o-a1b2c3d4e5'], 's3:x-amz-acl': 'bucket-owner-full-control' },
        ArnLike: { 'aws:SourceArn': ['arn:aws:logs:us-east-1:*:delivery-source:*'] },
      });
    });

    test('grantSubscribeOrganization adds organization statements to the bucket policy', () => {
      const stack = testStack();
      const { destination } = s3Destination(stack);
      destination.grantSubscribeOrganization('o-a1b2c3d4e5');
      destination.grantSubscribeOrganization('o-f6g7h8i9j0');

      const org = bucketStatements(stack).filter(s => s.Condition.StringEquals['aws:SourceOrgID']);
      expect(org.map(s => s.Action)).toEqual(['s3:PutObject', ['s3:GetBucketAcl', 's3:ListBucket']]);
      expect(org[0].Resource).toMatch(/\/AWSLogs\/\*$/);
      expect(org[0].Condition.StringEquals['aws:SourceOrgID']).toEqual(['o-a1b2c3d4e5', 'o-f6g7h8i9j0']);
    });

    test('leaves the delivery destination policy out when nothing was granted', () => {
      const stack = testStack();
      s3Destination(stack);
      templateOf(stack).hasResourceProperties('AWS::Logs::DeliveryDestination', { DeliveryDestinationPolicy: Match.absent() });
    });

    test('accepts an account given as a token', () => {
      const stack = testStack();
      const { destination } = s3Destination(stack);
      destination.grantSubscribe(new CfnParameter(stack, 'Sender').valueAsString);

      expect(bucketStatements(stack)[1].Condition.StringEquals['aws:SourceAccount']).toEqual([RECIPIENT, '${Sender}']);
      expect(destinationPolicy(stack).DeliveryDestinationPolicy.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::${Sender}:root' });
    });

    test.each([
      ['is not 12 digits', '12345', 'exactly 12 digits'],
      ['is a root ARN', `arn:aws:iam::${SENDER}:root`, `bare account ID '${SENDER}'`],
    ])('fails when the account %s', (_, account, fragment) => {
      const { destination } = s3Destination(testStack());
      expectLibraryError(() => destination.grantSubscribe(account), { path: 'Stack/Archive', property: 'account', value: `'${account}'`, fragment });
    });

    test('fails when the organization ID is malformed', () => {
      const { destination } = s3Destination(testStack());
      expectLibraryError(() => destination.grantSubscribeOrganization('o-SHORT'), { path: 'Stack/Archive', property: 'organizationId', fragment: '10 to 32' });
    });

    test('fails at synth when the delivery destination policy exceeds 51,200 characters', () => {
      const stack = testStack();
      const { destination } = s3Destination(stack);
      for (let i = 0; i < 1400; i++) {
        destination.grantSubscribe(String(100000000000 + i));
      }
      const finding = expectSynthFinding(() => templateOf(stack), {
        path: 'Stack/Archive', property: 'delivery destination policy', fragment: 'this destination grants 1400 account(s)',
      });
      expect(finding).toContain('grantSubscribeOrganization');
    });

    test('changing grants keeps the name and the logical ID', () => {
      const before = testStack();
      s3Destination(before);
      const after = testStack();
      s3Destination(after).destination.grantSubscribe(SENDER);
      const a = onlyResource(templateOf(before), 'AWS::Logs::DeliveryDestination');
      const b = onlyResource(templateOf(after), 'AWS::Logs::DeliveryDestination');
      expect(b.logicalId).toEqual(a.logicalId);
      expect(b.resource.Properties.Name).toEqual(a.resource.Properties.Name);
    });
  });

  describe('imports', () => {
    test('fromDeliveryDestinationArn takes name and environment from the ARN', () => {
      const stack = testStack();
      const imported = DeliveryDestination.fromDeliveryDestinationArn(stack, 'Imported',
        `arn:aws:logs:us-east-1:${SENDER}:delivery-destination:central`);
      expect(imported.deliveryDestinationName).toEqual('central');
      expect(imported.env.account).toEqual(SENDER);
      expect(imported.destinationType).toBeUndefined();
      expect(imported.deliveryDestinationRef.deliveryDestinationName).toEqual('central');
    });

    test('fromDeliveryDestinationName builds the ARN in the stack\'s account and region', () => {
      const stack = testStack();
      const imported = DeliveryDestination.fromDeliveryDestinationName(stack, 'Imported', 'central');
      expect(joinLiteral(stack.resolve(imported.deliveryDestinationArn))).toEqual(`arn:aws:logs:us-east-1:${RECIPIENT}:delivery-destination:central`);
    });

    test('fromDeliveryDestinationAttributes keeps the type and format', () => {
      const imported = DeliveryDestination.fromDeliveryDestinationAttributes(testStack(), 'Imported', {
        deliveryDestinationArn: `arn:aws:logs:us-east-1:${SENDER}:delivery-destination:central`,
        destinationType: DeliveryDestinationType.S3,
        outputFormat: OutputFormat.PARQUET,
      });
      expect([imported.destinationType, imported.outputFormat]).toEqual(['S3', 'parquet']);
    });

    test('accepts a token ARN', () => {
      const stack = testStack();
      const arn = new CfnParameter(stack, 'Arn').valueAsString;
      const imported = DeliveryDestination.fromDeliveryDestinationArn(stack, 'Imported', arn);
      expect(stack.resolve(imported.deliveryDestinationName)).toEqual({ 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: 'Arn' }] }] });
    });

    test('fails when the ARN is not a delivery destination ARN', () => {
      expectLibraryError(() => DeliveryDestination.fromDeliveryDestinationArn(testStack(), 'Imported', `arn:aws:logs:us-east-1:${SENDER}:destination:central`), {
        path: 'Stack/Imported', property: 'deliveryDestinationArn', fragment: 'arn:<partition>:logs:<region>:<12-digit account>:delivery-destination:<name>',
      });
    });

    test('fails when an imported name is invalid', () => {
      expectLibraryError(() => DeliveryDestination.fromDeliveryDestinationName(testStack(), 'Imported', 'bad name'), {
        path: 'Stack', property: 'deliveryDestinationName', value: '\'bad name\'', fragment: '1 to 60 characters',
      });
    });
  });
});

function targetOf(stack: Stack, type: string): DeliveryDestinationTarget {
  switch (type) {
    case 'S3': return DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket'));
    case 'CWL': return DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'Group'));
    case 'FH': return DeliveryDestinationTarget.firehose(new firehose.DeliveryStream(stack, 'Stream', {
      destination: new firehose.S3Bucket(new s3.Bucket(stack, 'Landing')),
    }));
    default: return DeliveryDestinationTarget.xray();
  }
}
