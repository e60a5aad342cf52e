/**
 * Replacement safety: the changes users make every week (grants, more accounts, tags, switching
 * between account and organization grants, more destinations on a shared role, more deliveries)
 * must update resources in place, never replace them. A replaced destination gets a new ARN-less
 * moment that breaks every subscriber; a replaced delivery destination drops its deliveries.
 *
 * Each case synthesizes the app before and after the change and asks `@aws-cdk/cloudformation-diff`
 * (the engine behind `cdk diff`, which knows every property CloudFormation cannot update in place)
 * what the change does to each resource.
 */
import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, Stack, Tags } from 'aws-cdk-lib/core';
import {
  DeliveryDestination, DeliveryDestinationTarget, DeliverySource, LogDestination, LogDestinationTarget, OutputFormat,
} from '../lib';
import { OTHER_SENDER, RECIPIENT, SENDER, templateOf, testStack } from './util';

const ORG = 'o-a1b2c3d4e5';
const OTHER_ORG = 'o-f6g7h8i9j0';
const DISTRIBUTION_ARN = `arn:aws:cloudfront::${RECIPIENT}:distribution/E1A2B3C4D5E6F7`;
/** Impacts that lose the physical resource. */
const DESTRUCTIVE = new Set<ResourceImpact>([
  ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE, ResourceImpact.WILL_DESTROY, ResourceImpact.WILL_ORPHAN,
]);

interface Change {
  /** What the resources of the change's app do, by logical ID (only those that change). */
  readonly impacts: Record<string, ResourceImpact>;
  /** The type of every resource of either app, by logical ID. */
  readonly types: Record<string, string>;
}

/** Synthesizes `build(stack, false)` and `build(stack, true)` and diffs them the way `cdk diff` does. */
function change(build: (stack: Stack, after: boolean) => void): Change {
  const templates = [false, true].map(after => {
    const stack = testStack();
    build(stack, after);
    return templateOf(stack).toJSON();
  });
  const impacts: Record<string, ResourceImpact> = {};
  fullDiff(templates[0], templates[1]).resources.forEachDifference((logicalId, difference) => {
    impacts[logicalId] = difference.changeImpact;
  });
  const types: Record<string, string> = {};
  for (const template of templates) {
    for (const [logicalId, resource] of Object.entries<any>(template.Resources)) {
      types[logicalId] = resource.Type;
    }
  }
  return { impacts, types };
}

/** Resources of the given types the change replaces or destroys, as `LogicalId (Type): IMPACT`. */
function destroyed(result: Change): string[] {
  return Object.entries(result.impacts)
    .filter(([, impact]) => DESTRUCTIVE.has(impact))
    .map(([logicalId, impact]) => `${logicalId} (${result.types[logicalId]}): ${impact}`);
}

/** Asserts that the change did something (so the case is not vacuous) and replaced nothing. */
function expectUpdatedInPlace(result: Change, changedType: string): void {
  expect(destroyed(result)).toEqual([]);
  const changedTypes = Object.keys(result.impacts).map(id => result.types[id]);
  expect(changedTypes).toContain(changedType);
}

function kinesisStream(stack: Stack): kinesis.Stream {
  return new kinesis.Stream(stack, 'Stream');
}

function accounts(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(100000000000 + i));
}

describe('LogDestination changes that must not replace the destination', () => {
  const cases: Array<[string, (stack: Stack, after: boolean) => void, string]> = [
    ['granting the first account', (stack, after) => {
      const d = new LogDestination(stack, 'Central', { target: LogDestinationTarget.kinesisStream(kinesisStream(stack)) });
      if (after) d.grantSubscribe(SENDER);
    }, 'AWS::Logs::Destination'],
    ['adding a second account', (stack, after) => {
      new LogDestination(stack, 'Central', {
        target: LogDestinationTarget.kinesisStream(kinesisStream(stack)),
        subscriberAccounts: after ? [SENDER, OTHER_SENDER] : [SENDER],
      });
    }, 'AWS::Logs::Destination'],
    ['switching from account grants to an organization grant', (stack, after) => {
      const d = new LogDestination(stack, 'Central', { target: LogDestinationTarget.kinesisStream(kinesisStream(stack)) });
      if (after) d.grantSubscribeOrganization(ORG); else d.grantSubscribe(SENDER);
    }, 'AWS::Logs::Destination'],
    ['switching from an organization grant to account grants', (stack, after) => {
      const d = new LogDestination(stack, 'Central', { target: LogDestinationTarget.kinesisStream(kinesisStream(stack)) });
      if (after) [SENDER, OTHER_SENDER].forEach(a => d.grantSubscribe(a)); else d.grantSubscribeOrganization(ORG);
    }, 'AWS::Logs::Destination'],
    ['adding a second organization', (stack, after) => {
      new LogDestination(stack, 'Central', {
        target: LogDestinationTarget.kinesisStream(kinesisStream(stack)),
        subscriberOrganizationIds: after ? [ORG, OTHER_ORG] : [ORG],
      });
    }, 'AWS::Logs::Destination'],
    ['growing from 24 to 25 accounts, which widens the role trust', (stack, after) => {
      new LogDestination(stack, 'Central', {
        target: LogDestinationTarget.kinesisStream(kinesisStream(stack)),
        subscriberAccounts: accounts(after ? 25 : 24),
      });
    }, 'AWS::IAM::Role'],
    ['adding tags', (stack, after) => {
      new LogDestination(stack, 'Central', { target: LogDestinationTarget.kinesisStream(kinesisStream(stack)), subscriberAccounts: [SENDER] });
      if (after) Tags.of(stack).add('team', 'platform');
    }, 'AWS::Logs::Destination'],
    ['allowing account policies', (stack, after) => {
      new LogDestination(stack, 'Central', {
        target: LogDestinationTarget.kinesisStream(kinesisStream(stack)),
        subscriberAccounts: [SENDER],
        accountLevelSubscriptions: after,
      });
    }, 'AWS::Logs::Destination'],
    ['adding a statement with addToResourcePolicy', (stack, after) => {
      const d = new LogDestination(stack, 'Central', { target: LogDestinationTarget.kinesisStream(kinesisStream(stack)) });
      if (after) {
        d.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountPrincipal(SENDER)], actions: ['logs:PutSubscriptionFilter'] }));
      }
    }, 'AWS::Logs::Destination'],
    ['adding a destination that shares the role, with its own target and grants', (stack, after) => {
      const d = new LogDestination(stack, 'Central', {
        target: LogDestinationTarget.kinesisStream(kinesisStream(stack)),
        subscriberAccounts: [SENDER],
      });
      if (after) {
        const other = new kinesis.Stream(stack, 'Other');
        const shared = new LogDestination(stack, 'Second', { target: LogDestinationTarget.kinesisStream(other), role: d.role });
        shared.grantSubscribe(OTHER_SENDER);
        shared.grantSubscribeOrganization(ORG);
      }
    }, 'AWS::IAM::Role'],
    ['a Firehose destination gaining an organization and tags', (stack, after) => {
      const stream = new firehose.DeliveryStream(stack, 'Firehose', {
        destination: new firehose.S3Bucket(new s3.Bucket(stack, 'Bucket')),
      });
      const d = new LogDestination(stack, 'Central', { target: LogDestinationTarget.firehose(stream), subscriberAccounts: [SENDER] });
      if (after) {
        d.grantSubscribeOrganization(ORG);
        Tags.of(d).add('team', 'platform');
      }
    }, 'AWS::Logs::Destination'],
  ];

  test.each(cases)('%s', (_name, build, changedType) => {
    const result = change(build);
    expectUpdatedInPlace(result, changedType);
  });

  test('granting through props or through the methods yields the same template: no change at all', () => {
    const result = change((stack, after) => {
      const target = LogDestinationTarget.kinesisStream(kinesisStream(stack));
      if (after) {
        const d = new LogDestination(stack, 'Central', { target });
        d.grantSubscribe(SENDER);
        d.grantSubscribeOrganization(ORG);
      } else {
        new LogDestination(stack, 'Central', { target, subscriberAccounts: [SENDER], subscriberOrganizationIds: [ORG] });
      }
    });
    expect(result.impacts).toEqual({});
  });

  test('the check can fail: renaming a destination is reported as a replacement', () => {
    const result = change((stack, after) => {
      new LogDestination(stack, 'Central', {
        target: LogDestinationTarget.kinesisStream(kinesisStream(stack)),
        destinationName: after ? 'central-logs-v2' : 'central-logs',
      });
    });
    expect(destroyed(result)).toEqual([expect.stringMatching(/^Central[0-9A-F]{8} \(AWS::Logs::Destination\): WILL_REPLACE$/)]);
  });
});

describe('DeliveryDestination changes that must not replace the delivery destination', () => {
  function s3Destination(stack: Stack, extra: { subscriberAccounts?: string[]; subscriberOrganizationIds?: string[] } = {}) {
    return new DeliveryDestination(stack, 'Archive', {
      target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')),
      outputFormat: OutputFormat.JSON,
      ...extra,
    });
  }

  const cases: Array<[string, (stack: Stack, after: boolean) => void, string]> = [
    ['granting the first account (S3)', (stack, after) => {
      const d = s3Destination(stack);
      if (after) d.grantSubscribe(SENDER);
    }, 'AWS::Logs::DeliveryDestination'],
    ['adding a second account (S3)', (stack, after) => {
      s3Destination(stack, { subscriberAccounts: after ? [SENDER, OTHER_SENDER] : [SENDER] });
    }, 'AWS::Logs::DeliveryDestination'],
    ['switching from an account grant to an organization grant (S3)', (stack, after) => {
      const d = s3Destination(stack);
      if (after) d.grantSubscribeOrganization(ORG); else d.grantSubscribe(SENDER);
    }, 'AWS::Logs::DeliveryDestination'],
    ['switching from an organization grant to an account grant (S3)', (stack, after) => {
      const d = s3Destination(stack);
      if (after) d.grantSubscribe(SENDER); else d.grantSubscribeOrganization(ORG);
    }, 'AWS::Logs::DeliveryDestination'],
    ['adding tags (S3)', (stack, after) => {
      s3Destination(stack, { subscriberAccounts: [SENDER] });
      if (after) Tags.of(stack).add('team', 'platform');
    }, 'AWS::Logs::DeliveryDestination'],
    ['granting an organization on an S3 destination with a prefix', (stack, after) => {
      const d = new DeliveryDestination(stack, 'Prefixed', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket'), { prefix: 'cdn' }) });
      if (after) d.grantSubscribeOrganization(ORG);
    }, 'AWS::Logs::DeliveryDestination'],
    ['granting an organization on a Firehose destination', (stack, after) => {
      const stream = new firehose.DeliveryStream(stack, 'Firehose', {
        destination: new firehose.S3Bucket(new s3.Bucket(stack, 'Bucket')),
      });
      const d = new DeliveryDestination(stack, 'Stream', { target: DeliveryDestinationTarget.firehose(stream) });
      if (after) d.grantSubscribeOrganization(ORG);
    }, 'AWS::Logs::DeliveryDestination'],
    ['adding a statement to an X-Ray destination\'s policy', (stack, after) => {
      const d = new DeliveryDestination(stack, 'Traces', { target: DeliveryDestinationTarget.xray() });
      if (after) {
        d.addToResourcePolicy(new iam.PolicyStatement({
          principals: [new iam.AccountPrincipal(RECIPIENT)], actions: ['logs:GetDeliveryDestination'], resources: [d.deliveryDestinationArn],
        }));
      }
    }, 'AWS::Logs::DeliveryDestination'],
    ['adding a second delivery from the same source', (stack, after) => {
      const archive = s3Destination(stack);
      const source = new DeliverySource(stack, 'Cdn', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' });
      source.deliverTo(archive);
      if (after) {
        source.deliverTo(new DeliveryDestination(stack, 'Group', { target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'LogGroup')) }));
      }
    }, 'AWS::Logs::Delivery'],
  ];

  test.each(cases)('%s', (_name, build, changedType) => {
    expectUpdatedInPlace(change(build), changedType);
  });

  test('the check can fail: a different output format is reported as a replacement', () => {
    const result = change((stack, after) => {
      new DeliveryDestination(stack, 'Archive', {
        target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')),
        outputFormat: after ? OutputFormat.PARQUET : OutputFormat.JSON,
      });
    });
    expect(destroyed(result)).toEqual([expect.stringMatching(/^Archive[0-9A-F]{8} \(AWS::Logs::DeliveryDestination\): WILL_REPLACE$/)]);
  });
});

/**
 * Logical IDs and generated physical names are the public contract: a changed logical ID replaces
 * the resource on the next deploy, and a changed destination name breaks every subscriber that
 * names it. This app uses every construct with its defaults; its IDs and names are pinned here, so
 * an accidental rename (of a construct ID, a child ID, or the name generator) fails loudly.
 */
describe('construct IDs and generated names are a contract', () => {
  function contractApp() {
    const app = new App();
    const env = { account: RECIPIENT, region: 'us-east-1' };
    const central = new Stack(app, 'CentralLogging', { env });
    const stream = new kinesis.Stream(central, 'Stream');
    const destination = new LogDestination(central, 'Destination', {
      target: LogDestinationTarget.kinesisStream(stream),
      subscriberAccounts: [SENDER],
      subscriberOrganizationIds: [ORG],
    });
    new LogDestination(central, 'SharedRoleDestination', { target: LogDestinationTarget.kinesisStream(stream), role: destination.role });
    const archive = new DeliveryDestination(central, 'Archive', {
      target: DeliveryDestinationTarget.s3(new s3.Bucket(central, 'Bucket')),
      outputFormat: OutputFormat.PARQUET,
      subscriberAccounts: [SENDER],
    });
    const group = new DeliveryDestination(central, 'Group', { target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(central, 'LogGroup')) });
    const traces = new DeliveryDestination(central, 'Traces', { target: DeliveryDestinationTarget.xray() });
    new DeliveryDestination(central, 'Firehose', {
      target: DeliveryDestinationTarget.firehose(firehose.DeliveryStream.fromDeliveryStreamArn(central, 'DeliveryStream',
        `arn:aws:firehose:us-east-1:${RECIPIENT}:deliverystream/central`)),
    });
    const source = new DeliverySource(central, 'Cdn', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' });
    source.deliverTo(archive);
    source.deliverTo(group);
    new DeliverySource(central, 'KnowledgeBase', {
      resourceArn: `arn:aws:bedrock:us-east-1:${RECIPIENT}:knowledge-base/KB12345678`,
      logType: 'TRACES',
    }).deliverTo(traces);

    const sender = new Stack(app, 'AppAccount', { env: { account: OTHER_SENDER, region: 'us-east-1' } });
    const imported = LogDestination.fromDestinationAttributes(sender, 'Central', {
      destinationArn: `arn:aws:logs:us-east-1:${RECIPIENT}:destination:central-logs`,
      organizationAccess: true,
    });
    new logs.LogGroup(sender, 'AppLogs').addSubscriptionFilter('ToCentral', {
      destination: imported,
      filterPattern: logs.FilterPattern.allEvents(),
    });
    return { central, sender };
  }

  /** `LogicalId: Type [physical name]` for every resource, sorted. */
  function contractOf(stack: Stack): string[] {
    const resources = templateOf(stack).toJSON().Resources as Record<string, any>;
    return Object.entries(resources).map(([logicalId, resource]) => {
      const p = resource.Properties ?? {};
      const name = p.DestinationName ?? p.Name ?? p.PolicyName;
      return `${logicalId}: ${resource.Type}${typeof name === 'string' ? ` [${name}]` : ''}`;
    }).sort();
  }

  test('recipient stack', () => {
    expect(contractOf(contractApp().central)).toEqual([
      'ArchiveDA4CB258: AWS::Logs::DeliveryDestination [CentralLoggingArchive768A2E67]',
      'Bucket83908E77: AWS::S3::Bucket',
      'BucketPolicyE9A3008A: AWS::S3::BucketPolicy',
      'Cdn9963B1AD: AWS::Logs::DeliverySource [CentralLoggingCdnB10D8B4A]',
      'CdnToCentralLoggingArchive768A2E67C0B47422: AWS::Logs::Delivery',
      'CdnToCentralLoggingGroupBE18113DC025AFA2: AWS::Logs::Delivery',
      'Destination920A3C57: AWS::Logs::Destination [CentralLoggingDestination7E48223A]',
      'DestinationRoleA6FAD836: AWS::IAM::Role',
      'FirehoseEF5AC2A2: AWS::Logs::DeliveryDestination [CentralLoggingFirehose4537826D]',
      'GroupC77FDACD: AWS::Logs::DeliveryDestination [CentralLoggingGroupBE18113D]',
      'KnowledgeBaseB1C941BD: AWS::Logs::DeliverySource [CentralLoggingKnowledgeBase9F95F1AC]',
      'KnowledgeBaseToCentralLoggingTracesCA56B15B5BCDED66: AWS::Logs::Delivery',
      'LogDestinationsLogGroupDeliveryPolicy8BA09A4A: AWS::Logs::ResourcePolicy [CentralLoggingLogDestinationsLogGroupDeliveryPolicy16A8C292]',
      'LogDestinationsXRayDeliveryPolicy9EDB7FF0: AWS::XRay::ResourcePolicy [CentralLoggingLogDestinationsXRayDeliveryPolicy9503D1E6]',
      'LogGroupF5B46931: AWS::Logs::LogGroup',
      'SharedRoleDestinationEE3D7412: AWS::Logs::Destination [CentralLoggingSharedRoleDestinationDE86FA69]',
      'Stream790BDEE4: AWS::Kinesis::Stream',
      'TracesF050D86D: AWS::Logs::DeliveryDestination [CentralLoggingTracesCA56B15B]',
    ]);
  });

  test('sender stack', () => {
    expect(contractOf(contractApp().sender)).toEqual([
      'AppLogsC5DF83A6: AWS::Logs::LogGroup',
      'AppLogsToCentral1724420D: AWS::Logs::SubscriptionFilter',
      'LogDestinationsSenderRole1C0D4023: AWS::IAM::Role',
    ]);
  });
});
