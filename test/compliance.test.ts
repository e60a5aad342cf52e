/**
 * The compliance gate: every stack of the example app and of every integ app passes cdk-nag's
 * AwsSolutions rules and the cfn-guard Control Tower proactive controls, with nothing
 * unacknowledged. What the library creates is clean by itself (its only acknowledgement, for the
 * sender role's `log-group:<name>:*`, is in the library); the users' resources around it are
 * acknowledged with a reason where the example or integ test creates them (test/support/acknowledge.ts).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib/core';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp } from '../example/example-app';
import { buildStackSetExample } from '../example/stackset-app';
import { LogArchive, LogDestination, LogDestinationTarget } from '../lib';
import { validatedExampleApp } from '../scripts/synth-example';
import { guardRule } from './support/acknowledge';
import { complianceFindings, formatFindings, integAppFiles, loadSynthesizedApp, quietSynth } from './support/compliance';
import { OTHER_SENDER, RECIPIENT, SENDER } from './util';

const ENV = { account: RECIPIENT, region: 'us-east-1' };

describe('the example app', () => {
  const exampleDir = path.join(__dirname, '..', 'example');

  test('imports only aws-cdk-lib, constructs, the library and its own files, so it can be copied into a user app', () => {
    const imports = fs.readdirSync(exampleDir).filter(f => f.endsWith('.ts')).flatMap(file =>
      [...fs.readFileSync(path.join(exampleDir, file), 'utf8').matchAll(/^import [^;]*? from '([^']+)';/gms)].map(m => `${file}: ${m[1]}`));
    // The two apps this file builds reach the library as a user's app would (the regex finds their imports).
    expect(imports).toEqual(expect.arrayContaining(['example-app.ts: ../lib', 'stackset-app.ts: ../lib']));
    // cdk-stacksets: the StackSet example's own dependency, which a user app doing StackSet rollouts installs too.
    const allowed = /: (aws-cdk-lib(\/[a-z0-9-]+)?|constructs|cdk-stacksets|\.\.\/lib|\.\/[a-z0-9-]+)$/;
    expect(imports.filter(i => !allowed.test(i))).toEqual([]);
  });

  test('scripts/, whose synth-example.ts is the app of the quick start\'s `npx cdk synth`, imports nothing from test/', () => {
    const scriptsDir = path.join(__dirname, '..', 'scripts');
    const imports = fs.readdirSync(scriptsDir).filter(f => f.endsWith('.ts')).flatMap(file =>
      [...fs.readFileSync(path.join(scriptsDir, file), 'utf8').matchAll(/^import [^;]*? from '([^']+)';/gms)].map(m => `${file}: ${m[1]}`));
    expect(imports).toContain('synth-example.ts: ./cloudformation-validate');
    expect(imports.filter(i => /: \.\.\/test(\/|$)/.test(i))).toEqual([]);
  });

  test('`npx cdk synth` runs it through scripts/synth-example.ts, where CloudFormation Validate fails the synth on a finding', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8'));
    expect(cdkJson.app).toMatch(/ scripts\/synth-example\.ts$/);

    const outdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
    const clean = quietSynth(() => validatedExampleApp({ outdir: outdir() }).synth());
    expect(clean.stacks.map(s => s.stackName).sort()).toEqual(['AppAccount', 'CentralLogging']);

    const app = validatedExampleApp({ outdir: outdir() });
    const central = app.node.findChild('CentralLogging') as Stack;
    // A destination without its required TargetArn and RoleArn: a schema violation.
    new CfnResource(central, 'Broken', { type: 'AWS::Logs::Destination', properties: { DestinationName: 'broken' } });
    expect(() => quietSynth(() => app.synth())).toThrow(/CloudFormation.Validate[\s\S]*Broken/);
  });
});

describe('the example app and the integ apps', () => {
  test('the example app has no unacknowledged finding', () => {
    const app = new App();
    buildExampleApp(app);
    expect(formatFindings(complianceFindings(app))).toBe('');
  });

  test('the StackSet example app has no unacknowledged finding', () => {
    const app = new App();
    const { member, regional } = buildStackSetExample(app, `arn:aws:kms:us-east-1:${RECIPIENT}:key/11111111-2222-3333-4444-555555555555`);
    expect(regional).toHaveLength(3);
    expect(formatFindings(complianceFindings(app))).toBe('');
    Template.fromJSON(JSON.parse(fs.readFileSync(path.join(app.synth().directory, member.templateFile), 'utf8')))
      .resourceCountIs('AWS::Logs::AccountPolicy', 1);
  });

  const integApps = integAppFiles();

  test('every integ test is gated, the subscription and cross-account ones included', () => {
    expect(integApps.map(f => path.basename(f))).toEqual(expect.arrayContaining(['integ.log-destination.ts', 'integ.cross-account.ts']));
  });

  test.each(integApps.map(f => [path.basename(f), f]))('%s has no unacknowledged finding', (_name, file) => {
    const app = loadSynthesizedApp(file);
    expect(formatFindings(complianceFindings(app))).toBe('');
  });
});

describe('what the library creates', () => {
  /** Findings on resources inside a library construct (destination, role, policy, sender role). */
  function libraryFindings(app: App, scopes: { node: { path: string } }[]) {
    return complianceFindings(app).filter(f => scopes.some(s => f.path.startsWith(`${s.node.path}/`)));
  }

  test('owned destinations (Kinesis with a customer-managed key, Firehose, ARN, your own role) raise nothing', () => {
    const app = new App();
    const stack = new Stack(app, 'Recipient', { env: ENV });
    const stream = new kinesis.Stream(stack, 'Stream', { encryption: kinesis.StreamEncryption.KMS });
    const deliveryStream = new firehose.DeliveryStream(stack, 'Firehose', { destination: new firehose.S3Bucket(new s3.Bucket(stack, 'Bucket')) });
    const role = new iam.Role(stack, 'OwnRole', { assumedBy: new iam.ServicePrincipal('logs.amazonaws.com') });
    const destinations = [
      new LogDestination(stack, 'ToKinesis', {
        target: LogDestinationTarget.kinesisStream(stream),
        subscriberAccounts: [SENDER, OTHER_SENDER],
        subscriberOrganizationIds: ['o-a1b2c3d4e5'],
        accountLevelSubscriptions: true,
      }),
      new LogDestination(stack, 'ToFirehose', { target: LogDestinationTarget.firehose(deliveryStream), subscriberAccounts: [SENDER] }),
      new LogDestination(stack, 'ToArn', {
        target: LogDestinationTarget.fromArn(`arn:aws:kinesis:us-east-1:${RECIPIENT}:stream/existing`, {
          encryptionKey: kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:us-east-1:${RECIPIENT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
        }),
      }),
      new LogDestination(stack, 'WithOwnRole', { target: LogDestinationTarget.kinesisStream(stream), role }),
    ];
    destinations[0].grantPassRole(role);

    expect(formatFindings(libraryFindings(app, destinations))).toBe('');
  });

  test('log archives (generated bucket with or without a key, a bucket of your own, a table, another Region) raise nothing', () => {
    const app = new App();
    const home = new Stack(app, 'Archive', { env: ENV });
    const key = new kms.Key(home, 'Key', { enableKeyRotation: true });
    const archives = [
      new LogArchive(home, 'Plain', { destinationName: 'plain', subscriberAccounts: [SENDER], athenaTable: {}, retention: Duration.days(400) }),
      new LogArchive(home, 'Keyed', { destinationName: 'keyed', encryptionKey: key, subscriberOrganizationIds: ['o-a1b2c3d4e5'] }),
      new LogArchive(home, 'OwnBucket', { destinationName: 'own', bucket: s3.Bucket.fromBucketName(home, 'Own', 'central-archive') }),
    ];
    const regional = archives[0].addRegion(new Stack(app, 'ArchiveEuWest1', { env: { ...ENV, region: 'eu-west-1' } }));
    expect(formatFindings(libraryFindings(app, [...archives, regional]))).toBe('');
  });

  test('the sender role of an organization-shared destination raises nothing once the library acknowledged its log groups', () => {
    const app = new App();
    const sender = new Stack(app, 'Sender', { env: { account: SENDER, region: 'us-east-1' } });
    const viaOrg = LogDestination.fromDestinationAttributes(sender, 'CentralOrg', {
      destinationArn: `arn:aws:logs:us-east-1:${RECIPIENT}:destination:org-logs`,
      organizationAccess: true,
    });
    for (const id of ['App', 'Audit']) {
      new logs.LogGroup(sender, id).addSubscriptionFilter('ToCentral', { destination: viaOrg, filterPattern: logs.FilterPattern.allEvents() });
    }
    expect(formatFindings(libraryFindings(app, [viaOrg]))).toBe('');
  });
});

/** Only in the CI run against the newest aws-cdk-lib (`.ci/run`, see jest.config.js). */
const withNewestCdkLib = process.env.CDK_LIB_UNDER_TEST ? test : test.skip;

describe('the gate itself', () => {
  withNewestCdkLib('against the newest aws-cdk-lib, its bundled CloudFormation Validate fails every app with a broken template', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'bundled-validate-')) });
    expect(app.node.tryGetContext('@aws-cdk/core:validateAgainstDefaultRules')).toBe(true);
    const stack = new Stack(app, 'Stack', { env: ENV });
    new CfnResource(stack, 'Broken', { type: 'AWS::Logs::Destination', properties: { DestinationName: 'broken' } });
    expect(() => quietSynth(() => app.synth())).toThrow(/Broken/);
  });

  test('reports cdk-nag and cfn-guard findings nobody acknowledged', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    new kinesis.Stream(stack, 'Stream', { encryption: kinesis.StreamEncryption.UNENCRYPTED });
    const findings = complianceFindings(app);
    expect(findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ tool: 'cdk-nag', ruleId: 'AwsSolutions-KDS1', path: 'Stack/Stream/Resource' }),
      expect.objectContaining({ tool: 'cfn-guard', ruleId: 'kinesis_stream_encrypted_check', path: 'Stack/Stream/Resource' }),
    ]));
  });

  test('an acknowledgement counts for its resource only', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const acknowledged = new kinesis.Stream(stack, 'Acknowledged', { encryption: kinesis.StreamEncryption.UNENCRYPTED });
    new kinesis.Stream(stack, 'NotAcknowledged', { encryption: kinesis.StreamEncryption.UNENCRYPTED });
    Validations.of(acknowledged).acknowledge(
      { id: 'AwsSolutions-KDS1', reason: 'test' },
      { id: guardRule('kinesis_stream_encrypted_check'), reason: 'test' },
    );
    const paths = complianceFindings(app).map(f => `${f.tool} ${f.ruleId} ${f.path}`);
    expect(paths).toEqual(expect.arrayContaining([
      'cdk-nag AwsSolutions-KDS1 Stack/NotAcknowledged/Resource',
      'cfn-guard kinesis_stream_encrypted_check Stack/NotAcknowledged/Resource',
    ]));
    expect(paths.filter(p => p.includes('/Acknowledged/'))).toEqual([]);
  });
});
