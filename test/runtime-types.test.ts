/**
 * The runtime type check for JavaScript callers (lib/private/guard.ts): jsii checks argument types at run time in the
 * other languages, not in JavaScript. The types come from a table generated from the jsii assembly; these tests fail
 * when the table falls out of date, and when a public constructor or method takes an argument of the wrong type
 * without the library's error naming it (so a new member without the check fails here, through its fixture).
 */
import { readFileSync } from 'node:fs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, Duration, Size, Stack } from 'aws-cdk-lib/core';
import {
  AccountSubscriptionFilter, ArchivePartitioning, CentralizationScope, Delivery, DeliveryDestination, DeliveryDestinationTarget, DeliverySource,
  EncryptedLogGroupStrategy, EncryptionConflictResolution, LogArchive, LogCentralizationRule, LogDestination,
  LogDestinationTarget, LogGroupSelection, OrganizationTrust, OutputFormat, SubscriptionFilterChain,
} from '../lib';
import * as lib from '../lib';
// The table the runtime type check reads, generated from the jsii assembly: these tests check it is current, and derive a
// wrong-type case from each of its entries, so a member added to the public API is checked without a line here.
import { CALLS, ENUMS, STRUCTS } from '../lib/private/api-types.generated';
import { readAssembly, renderTable, TABLE_PATH } from '../scripts/generate-api-types';
import { expectLibraryError } from './support/errors';
import { RECIPIENT, SENDER, testStack } from './util';

const REGION = 'us-east-1';
const DESTINATION_ARN = `arn:aws:logs:${REGION}:${RECIPIENT}:destination:central`;
const STREAM_ARN = `arn:aws:kinesis:${REGION}:${RECIPIENT}:stream/central`;
const DISTRIBUTION_ARN = `arn:aws:cloudfront::${RECIPIENT}:distribution/E1`;

/**
 * Members that take no argument from a user: hooks that aws-cdk-lib or the library itself calls with arguments of its
 * own. Each with its reason.
 */
const HOOKS: Record<string, string> = {
  'LogDestination.bind': 'called by aws-cdk-lib\'s SubscriptionFilter',
  'SubscriptionFilterChain.visit': 'called by aws-cdk-lib\'s aspects',
};

/** A valid call of a member: its arguments, how to make it, and the construct path its errors name. */
interface Fixture {
  readonly args: unknown[];
  readonly call: (args: unknown[]) => unknown;
  readonly path: string;
}

function destinationIn(stack: Stack): LogDestination {
  return new LogDestination(stack, 'Existing', { target: LogDestinationTarget.fromArn(STREAM_ARN) });
}

function deliveryDestinationIn(stack: Stack): DeliveryDestination {
  return new DeliveryDestination(stack, 'Existing', { target: DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'Group')) });
}

function sourceIn(stack: Stack): DeliverySource {
  return new DeliverySource(stack, 'Cdn', { resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS' });
}

const scopeOf = (organizationId: string) => CentralizationScope.organization(organizationId);

/** One valid call of every member that takes arguments from a user (a fresh stack each time). */
const FIXTURES: Record<string, () => Fixture> = {
  'AccountSubscriptionFilter': () => {
    const stack = testStack({ env: { account: SENDER, region: REGION } });
    return {
      args: [stack, 'Policy', {
        destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN), distribution: logs.Distribution.RANDOM,
        excludeLogGroups: ['/aws/lambda/noisy'], filterPattern: logs.FilterPattern.allEvents(), policyName: 'all-log-groups',
      }],
      call: ([s, id, props]) => new AccountSubscriptionFilter(s as Stack, id as string, props as any),
      path: 'Stack/Policy',
    };
  },
  'AccountSubscriptionFilter.excludeLogGroup': () => {
    const stack = testStack({ env: { account: SENDER, region: REGION } });
    const policy = new AccountSubscriptionFilter(stack, 'Policy', { destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN) });
    return { args: ['/aws/lambda/noisy'], call: ([name]) => policy.excludeLogGroup(name as string), path: 'Stack/Policy' };
  },
  'CentralizationScope.accounts': () => ({ args: [[SENDER]], call: ([a]) => CentralizationScope.accounts(a as string[]), path: 'CentralizationScope.accounts()' }),
  'CentralizationScope.fromString': () => ({ args: ['*'], call: ([a]) => CentralizationScope.fromString(a as string), path: 'CentralizationScope.fromString()' }),
  'CentralizationScope.or': () => ({
    args: [CentralizationScope.accounts([SENDER])], call: ([o]) => scopeOf('o-a1b2c3d4e5').or(o as any), path: 'CentralizationScope.or()',
  }),
  'CentralizationScope.organization': () => ({ args: ['o-a1b2c3d4e5'], call: ([a]) => scopeOf(a as string), path: 'CentralizationScope.organization()' }),
  'CentralizationScope.organizationalUnits': () => ({
    args: [['ou-ab12-cd34ef56']], call: ([a]) => CentralizationScope.organizationalUnits(a as string[]), path: 'CentralizationScope.organizationalUnits()',
  }),
  'Delivery': () => {
    const stack = testStack();
    return {
      args: [stack, 'Delivery', { source: sourceIn(stack), destination: deliveryDestinationIn(stack), recordFields: ['timestamp'], fieldDelimiter: ',' }],
      call: ([s, id, props]) => new Delivery(s as Stack, id as string, props as any),
      path: 'Stack/Delivery',
    };
  },
  'DeliveryDestination': () => {
    const stack = testStack();
    return {
      args: [stack, 'Archive', {
        target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')), outputFormat: OutputFormat.JSON,
        deliveryDestinationName: 'archive', subscriberAccounts: [SENDER], subscriberOrganizationIds: ['o-a1b2c3d4e5'],
      }],
      call: ([s, id, props]) => new DeliveryDestination(s as Stack, id as string, props as any),
      path: 'Stack/Archive',
    };
  },
  'DeliveryDestination.addToResourcePolicy': () => {
    const destination = deliveryDestinationIn(testStack());
    const statement = new iam.PolicyStatement({ actions: ['logs:CreateDelivery'], principals: [new iam.AccountPrincipal(SENDER)], resources: ['*'] });
    return { args: [statement], call: ([st]) => destination.addToResourcePolicy(st as iam.PolicyStatement), path: 'Stack/Existing' };
  },
  'DeliveryDestination.fromDeliveryDestinationArn': () => {
    const stack = testStack();
    return {
      args: [stack, 'Imported', `arn:aws:logs:${REGION}:${RECIPIENT}:delivery-destination:archive`],
      call: ([s, id, arn]) => DeliveryDestination.fromDeliveryDestinationArn(s as Stack, id as string, arn as string),
      path: 'Stack/Imported',
    };
  },
  'DeliveryDestination.fromDeliveryDestinationAttributes': () => {
    const stack = testStack();
    return {
      args: [stack, 'Imported', {
        deliveryDestinationArn: `arn:aws:logs:${REGION}:${RECIPIENT}:delivery-destination:archive`,
        destinationType: 'S3', outputFormat: OutputFormat.JSON,
      }],
      call: ([s, id, attrs]) => DeliveryDestination.fromDeliveryDestinationAttributes(s as Stack, id as string, attrs as any),
      path: 'Stack/Imported',
    };
  },
  'DeliveryDestination.fromDeliveryDestinationName': () => {
    const stack = testStack();
    return {
      args: [stack, 'Imported', 'archive'],
      call: ([s, id, name]) => DeliveryDestination.fromDeliveryDestinationName(s as Stack, id as string, name as string),
      path: 'Stack/Imported',
    };
  },
  'DeliveryDestination.grantSubscribe': () => {
    const destination = new DeliveryDestination(testStack(), 'Existing', { target: DeliveryDestinationTarget.xray() });
    return { args: [RECIPIENT], call: ([a]) => destination.grantSubscribe(a as string), path: 'Stack/Existing' };
  },
  'DeliveryDestination.grantSubscribeOrganization': () => {
    const stack = testStack();
    const destination = new DeliveryDestination(stack, 'Existing', { target: DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket')) });
    return { args: ['o-a1b2c3d4e5'], call: ([o]) => destination.grantSubscribeOrganization(o as string), path: 'Stack/Existing' };
  },
  'DeliveryDestinationTarget.firehose': () => {
    const stack = testStack();
    const stream = firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Stream', `arn:aws:firehose:${REGION}:${RECIPIENT}:deliverystream/central`);
    return { args: [stream], call: ([d]) => DeliveryDestinationTarget.firehose(d as any), path: 'DeliveryDestinationTarget.firehose()' };
  },
  'DeliveryDestinationTarget.logGroup': () => ({
    args: [new logs.LogGroup(testStack(), 'Group')], call: ([g]) => DeliveryDestinationTarget.logGroup(g as any), path: 'DeliveryDestinationTarget.logGroup()',
  }),
  'DeliveryDestinationTarget.s3': () => ({
    args: [new s3.Bucket(testStack(), 'Bucket'), { prefix: 'logs' }],
    call: ([b, o]) => DeliveryDestinationTarget.s3(b as any, o as any),
    path: 'DeliveryDestinationTarget.s3()',
  }),
  'DeliverySource': () => {
    const stack = testStack();
    return {
      args: [stack, 'Cdn', {
        resourceArn: DISTRIBUTION_ARN, logType: 'ACCESS_LOGS', resourceType: 'AWS::CloudFront::Distribution',
        deliverySourceName: 'cdn', skipLogTypeCheck: false, configuration: {},
      }],
      call: ([s, id, props]) => new DeliverySource(s as Stack, id as string, props as any),
      path: 'Stack/Cdn',
    };
  },
  'DeliverySource.deliverTo': () => {
    const stack = testStack();
    const source = sourceIn(stack);
    return {
      args: [deliveryDestinationIn(stack), { recordFields: ['timestamp'], fieldDelimiter: ',' }],
      call: ([d, o]) => source.deliverTo(d as any, o as any),
      path: 'Stack/Cdn',
    };
  },
  'DeliverySource.fromDeliverySourceName': () => {
    const stack = testStack();
    return {
      args: [stack, 'Imported', 'cdn'],
      call: ([s, id, name]) => DeliverySource.fromDeliverySourceName(s as Stack, id as string, name as string),
      path: 'Stack/Imported',
    };
  },
  'DeliverySource.logTypesOf': () => ({ args: ['AWS::CloudFront::Distribution'], call: ([t]) => DeliverySource.logTypesOf(t as string), path: 'DeliverySource.logTypesOf()' }),
  'SubscriptionFilterChain': () => ({
    args: [{ concurrency: 2 }], call: ([props]) => new SubscriptionFilterChain(props as any), path: 'new SubscriptionFilterChain()',
  }),
  'LogArchive': () => {
    const stack = testStack();
    return {
      args: [stack, 'Archive', {
        destinationName: 'central-logs', subscriberAccounts: [SENDER], subscriberOrganizationIds: ['o-a1b2c3d4e5'],
        accountLevelSubscriptions: true, retention: Duration.days(400), partitioning: ArchivePartitioning.byDate(),
        prefix: 'logs/', errorPrefix: 'errors/', bufferingInterval: Duration.seconds(300), bufferingSize: Size.mebibytes(64),
        compression: firehose.Compression.GZIP, messageExtraction: false, deliveryStreamName: 'central-logs',
        athenaTable: { databaseName: 'logs', tableName: 'archive' },
      }],
      call: ([s, id, props]) => new LogArchive(s as Stack, id as string, props as any),
      path: 'Stack/Archive',
    };
  },
  'LogArchive.addRegion': () => {
    const app = testStack().node.root as App;
    const home = new Stack(app, 'Home', { env: { account: RECIPIENT, region: REGION } });
    const archive = new LogArchive(home, 'Archive');
    const other = new Stack(app, 'EuWest', { env: { account: RECIPIENT, region: 'eu-west-1' } });
    return { args: [other], call: ([s]) => archive.addRegion(s as Stack), path: 'Home/Archive' };
  },
  'LogArchive.destinationIn': () => {
    const stack = testStack({ env: { account: SENDER, region: REGION } });
    return {
      args: [stack, 'Archive', { account: RECIPIENT, destinationName: 'central-logs', organizationAccess: true }],
      call: ([s, id, attrs]) => LogArchive.destinationIn(s as Stack, id as string, attrs as any),
      path: 'Stack/Archive',
    };
  },
  'LogArchive.grantSubscribe': () => {
    const archive = new LogArchive(testStack(), 'Archive');
    return { args: [SENDER], call: ([a]) => archive.grantSubscribe(a as string), path: 'Stack/Archive' };
  },
  'LogArchive.grantSubscribeOrganization': () => {
    const archive = new LogArchive(testStack(), 'Archive');
    return { args: ['o-a1b2c3d4e5'], call: ([o]) => archive.grantSubscribeOrganization(o as string), path: 'Stack/Archive' };
  },
  'LogCentralizationRule.fromRuleArn': () => {
    const stack = testStack();
    return {
      args: [stack, 'Imported', `arn:aws:observabilityadmin:${REGION}:${RECIPIENT}:organization-centralization-rule/central`],
      call: ([s, id, arn]) => LogCentralizationRule.fromRuleArn(s as Stack, id as string, arn as string),
      path: 'Stack/Imported',
    };
  },
  'LogCentralizationRule.fromRuleName': () => {
    const stack = testStack();
    return {
      args: [stack, 'Imported', 'central'],
      call: ([s, id, name]) => LogCentralizationRule.fromRuleName(s as Stack, id as string, name as string),
      path: 'Stack/Imported',
    };
  },
  'LogCentralizationRule.grantRead': () => {
    const stack = testStack();
    const rule = LogCentralizationRule.fromRuleName(stack, 'Imported', 'central');
    return { args: [new iam.Role(stack, 'Monitor', { assumedBy: new iam.AccountRootPrincipal() })], call: ([g]) => rule.grantRead(g as iam.IGrantable), path: 'Stack/Imported' };
  },
  'LogCentralizationRule': () => {
    const stack = testStack();
    return {
      args: [stack, 'Rule', {
        destinationAccount: RECIPIENT, destinationRegion: REGION, scope: scopeOf('o-a1b2c3d4e5'), sourceRegions: ['eu-west-1'],
        logGroups: LogGroupSelection.all(), ruleName: 'central', encryptionKey: kms.Key.fromKeyArn(stack, 'Key', `arn:aws:kms:${REGION}:${RECIPIENT}:key/k`),
        encryptedLogGroups: EncryptedLogGroupStrategy.ALLOW, encryptionConflictResolution: EncryptionConflictResolution.ALLOW,
        backupRegion: 'us-west-2', backupEncryptionKey: kms.Key.fromKeyArn(stack, 'BackupKey', `arn:aws:kms:us-west-2:${RECIPIENT}:key/k`),
        destinationLogGroupNamePattern: 'central/${source.logGroup}',
      }],
      call: ([s, id, props]) => new LogCentralizationRule(s as Stack, id as string, props as any),
      path: 'Stack/Rule',
    };
  },
  'LogDestination': () => {
    const stack = testStack();
    return {
      args: [stack, 'Central', {
        target: LogDestinationTarget.fromArn(STREAM_ARN), destinationName: 'central', subscriberAccounts: [SENDER],
        subscriberOrganizationIds: ['o-a1b2c3d4e5'], accountLevelSubscriptions: true, organizationTrust: OrganizationTrust.SOURCE_ORG_ID,
      }],
      call: ([s, id, props]) => new LogDestination(s as Stack, id as string, props as any),
      path: 'Stack/Central',
    };
  },
  'LogDestination.addToResourcePolicy': () => {
    const destination = destinationIn(testStack());
    const statement = new iam.PolicyStatement({ actions: ['logs:PutSubscriptionFilter'], principals: [new iam.AccountPrincipal(SENDER)] });
    return { args: [statement], call: ([st]) => destination.addToResourcePolicy(st as iam.PolicyStatement), path: 'Stack/Existing' };
  },
  'LogDestination.fromDestinationArn': () => {
    const stack = testStack();
    return { args: [stack, 'Imported', DESTINATION_ARN], call: ([s, id, a]) => LogDestination.fromDestinationArn(s as Stack, id as string, a as string), path: 'Stack/Imported' };
  },
  'LogDestination.fromDestinationAttributes': () => {
    const stack = testStack();
    return {
      args: [stack, 'Imported', { destinationArn: DESTINATION_ARN, organizationAccess: true, senderRole: iam.Role.fromRoleName(stack, 'Role', 'sender') }],
      call: ([s, id, a]) => LogDestination.fromDestinationAttributes(s as Stack, id as string, a as any),
      path: 'Stack/Imported',
    };
  },
  'LogDestination.fromDestinationName': () => {
    const stack = testStack();
    return { args: [stack, 'Imported', 'central'], call: ([s, id, n]) => LogDestination.fromDestinationName(s as Stack, id as string, n as string), path: 'Stack/Imported' };
  },
  'LogDestination.grantPassRole': () => {
    const stack = testStack();
    const destination = destinationIn(stack);
    return { args: [new iam.AccountRootPrincipal()], call: ([g]) => destination.grantPassRole(g as any), path: 'Stack/Existing' };
  },
  'LogDestination.grantSubscribe': () => {
    const destination = destinationIn(testStack());
    return { args: [SENDER], call: ([a]) => destination.grantSubscribe(a as string), path: 'Stack/Existing' };
  },
  'LogDestination.grantSubscribeOrganization': () => {
    const destination = destinationIn(testStack());
    return { args: ['o-a1b2c3d4e5'], call: ([o]) => destination.grantSubscribeOrganization(o as string), path: 'Stack/Existing' };
  },
  'LogDestinationTarget.firehose': () => {
    const stream = firehose.DeliveryStream.fromDeliveryStreamArn(testStack(), 'Stream', `arn:aws:firehose:${REGION}:${RECIPIENT}:deliverystream/central`);
    return { args: [stream], call: ([d]) => LogDestinationTarget.firehose(d as any), path: 'LogDestinationTarget.firehose()' };
  },
  'LogDestinationTarget.fromArn': () => ({
    args: [STREAM_ARN, { actions: ['kinesis:PutRecord'], encryptionKey: kms.Key.fromKeyArn(testStack(), 'Key', `arn:aws:kms:${REGION}:${RECIPIENT}:key/k`) }],
    call: ([a, o]) => LogDestinationTarget.fromArn(a as string, o as any),
    path: 'LogDestinationTarget.fromArn()',
  }),
  'LogDestinationTarget.kinesisStream': () => ({
    args: [kinesis.Stream.fromStreamArn(testStack(), 'Stream', STREAM_ARN)],
    call: ([st]) => LogDestinationTarget.kinesisStream(st as any),
    path: 'LogDestinationTarget.kinesisStream()',
  }),
  'LogGroupSelection.and': () => ({ args: [LogGroupSelection.namePrefix('/b')], call: ([o]) => LogGroupSelection.namePrefix('/a').and(o as any), path: 'LogGroupSelection.and()' }),
  'LogGroupSelection.or': () => ({ args: [LogGroupSelection.namePrefix('/b')], call: ([o]) => LogGroupSelection.namePrefix('/a').or(o as any), path: 'LogGroupSelection.or()' }),
  'LogGroupSelection.dataSource': () => ({ args: ['amazon_vpc', 'flow'], call: ([n, t]) => LogGroupSelection.dataSource(n as string, t as string), path: 'LogGroupSelection.dataSource()' }),
  'LogGroupSelection.fromString': () => ({ args: ['*'], call: ([c]) => LogGroupSelection.fromString(c as string), path: 'LogGroupSelection.fromString()' }),
  'LogGroupSelection.nameEquals': () => ({ args: ['/a'], call: ([n]) => LogGroupSelection.nameEquals(n as string), path: 'LogGroupSelection.nameEquals()' }),
  'LogGroupSelection.nameIn': () => ({ args: [['/a']], call: ([n]) => LogGroupSelection.nameIn(n as string[]), path: 'LogGroupSelection.nameIn()' }),
  'LogGroupSelection.nameNotIn': () => ({ args: [['/a']], call: ([n]) => LogGroupSelection.nameNotIn(n as string[]), path: 'LogGroupSelection.nameNotIn()' }),
  'LogGroupSelection.namePrefix': () => ({ args: ['/a'], call: ([p]) => LogGroupSelection.namePrefix(p as string), path: 'LogGroupSelection.namePrefix()' }),
};

/** A jsii type reference, as the assembly writes a return type. */
interface TypeReference {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: 'array' | 'map'; readonly elementtype: TypeReference };
}

const OWN = 'cdk-log-destinations.';
const ASSEMBLY_TYPES: Record<string, any> = readAssembly().types;

/** The type the assembly declares a member to return: a constructor its own class, a method without a return `undefined`. */
function declaredReturn(member: string): TypeReference | undefined {
  const [className, methodName] = member.split('.');
  if (methodName === undefined) {
    return { fqn: `${OWN}${className}` };
  }
  return ASSEMBLY_TYPES[`${OWN}${className}`].methods.find((m: { name: string }) => m.name === methodName).returns?.type;
}

/** The types of aws-cdk-lib the public API returns, and how a value of each is recognised. */
const EXTERNAL_RETURNS: Record<string, (value: any) => boolean> = {
  'aws-cdk-lib.aws_iam.AddToResourcePolicyResult': value => typeof value?.statementAdded === 'boolean',
  'aws-cdk-lib.aws_iam.Grant': value => value instanceof iam.Grant,
};

/** The properties an interface of the library requires, its bases' included. */
function requiredProperties(fqn: string): string[] {
  const type = ASSEMBLY_TYPES[fqn];
  const inherited = (type.interfaces ?? []).filter((base: string) => base.startsWith(OWN)).flatMap(requiredProperties);
  return [...inherited, ...(type.properties ?? []).filter((p: { optional?: boolean }) => !p.optional).map((p: { name: string }) => p.name)];
}

/** Whether a value is of the declared type, as far as a value at run time shows it. */
function conforms(value: any, type: TypeReference | undefined): boolean {
  if (type === undefined) {
    return value === undefined;
  }
  if (type.primitive) {
    return typeof value === type.primitive;
  }
  if (type.collection) {
    return type.collection.kind === 'array' && Array.isArray(value) && value.every(element => conforms(element, type.collection!.elementtype));
  }
  const fqn = type.fqn!;
  if (!fqn.startsWith(OWN)) {
    return EXTERNAL_RETURNS[fqn]?.(value) ?? false;
  }
  if (ASSEMBLY_TYPES[fqn].kind === 'class') {
    return value instanceof (lib as Record<string, any>)[fqn.slice(OWN.length)];
  }
  return typeof value === 'object' && value !== null && requiredProperties(fqn).every(name => value[name] !== undefined);
}

/** A value of the wrong runtime type for `type` (as the table writes it). */
function wrongValue(type: string): unknown {
  const bare = type.replace(/\?$/, '');
  switch (bare) {
    case 'string': return 42;
    case 'number': return '3';
    case 'boolean': return 'yes';
    case 'any': return undefined;
  }
  return ENUMS[bare] ? 'NOT_A_MEMBER' : 'a string where an object belongs';
}

interface Case {
  readonly member: string;
  /** The parameter or property the error must name: `props`-level properties by their own name, list items as `name[0]`. */
  readonly property: string;
  readonly mutate: (args: unknown[]) => unknown[];
  /** Whether the error names the member instead of a construct path (the scope or id itself is wrong). */
  readonly noScope: boolean;
}

/** Every way to pass one argument, property or list item of the wrong type, member by member. */
function cases(): Case[] {
  const found: Case[] = [];
  for (const [member, parameters] of Object.entries(CALLS)) {
    if (HOOKS[member]) {
      continue;
    }
    parameters.forEach(([name, type], i) => {
      const bare = type.replace(/\?$/, '');
      if (bare === 'any') {
        return;
      }
      const noScope = i < 2 && parameters[0]?.[1] === 'Construct' && parameters[1]?.[1] === 'string';
      const replace = (args: unknown[], value: unknown) => args.map((a, j) => j === i ? value : a);
      found.push({ member, property: name, noScope, mutate: args => replace(args, wrongValue(bare)) });
      if (bare.endsWith('[]')) {
        found.push({ member, property: `${name}[0]`, noScope, mutate: args => replace(args, [wrongValue(bare.slice(0, -2))]) });
      }
      for (const [prop, propType] of Object.entries(STRUCTS[bare] ?? {})) {
        const propBare = propType.replace(/\?$/, '');
        const withProp = (args: unknown[], value: unknown) => replace(args, { ...args[i] as object, [prop]: value });
        found.push({ member, property: prop, noScope: false, mutate: args => withProp(args, wrongValue(propBare)) });
        if (propBare.endsWith('[]')) {
          found.push({ member, property: `${prop}[0]`, noScope: false, mutate: args => withProp(args, [wrongValue(propBare.slice(0, -2))]) });
        }
      }
    });
  }
  return found;
}

describe('the runtime type check for JavaScript callers', () => {
  test('its table is what scripts/generate-api-types.ts generates from the jsii assembly', () => {
    // If this fails, the public API changed: run `npm run api-types`.
    expect(readFileSync(TABLE_PATH, 'utf-8') === renderTable()).toBe(true);
  });

  test('every public constructor and method that takes arguments has a fixture here, or is a hook with its reason', () => {
    const members = Object.keys(CALLS).filter(member => !HOOKS[member] && CALLS[member].some(([, type]) => type.replace(/\?$/, '') !== 'any'));
    expect(members.filter(member => !FIXTURES[member])).toEqual([]);
    expect(Object.keys(FIXTURES).filter(member => !CALLS[member])).toEqual([]);
  });

  test.each(Object.keys(FIXTURES))('%s: its fixture is a valid call', member => {
    const fixture = FIXTURES[member]();
    const returned = fixture.call(fixture.args);
    // What the call returns is what the API declares (a constructor: its class; a method without a result: nothing).
    expect({ member, returns: declaredReturn(member), conforms: conforms(returned, declaredReturn(member)) })
      .toEqual({ member, returns: declaredReturn(member), conforms: true });
  });

  test.each(cases().map(c => [`${c.member}: ${c.property}`, c] as const))('%s of the wrong type throws the library\'s error naming it', (_name, c) => {
    const fixture = FIXTURES[c.member]();
    const where = c.noScope ? (c.member.includes('.') ? `${c.member}()` : `new ${c.member}()`) : fixture.path;
    expectLibraryError(() => fixture.call(c.mutate(fixture.args)), { path: where, property: c.property, fragment: `: ${c.property} is ` });
  });
});

describe('what the runtime type check says', () => {
  test('a string for a list of log group names', () => {
    const stack = testStack({ env: { account: SENDER, region: REGION } });
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'Policy', {
      destination: LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN),
      excludeLogGroups: '/aws/lambda/noisy' as unknown as string[],
    }), { path: 'Stack/Policy', property: 'excludeLogGroups', value: '\'/aws/lambda/noisy\'', fragment: 'such as ["/aws/lambda/noisy"]' });
  });

  test('a string for a filter pattern, and a value that is no member of the enum', () => {
    const stack = testStack({ env: { account: SENDER, region: REGION } });
    const destination = LogDestination.fromDestinationArn(stack, 'Central', DESTINATION_ARN);
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'Policy', { destination, filterPattern: 'ERROR' as unknown as logs.IFilterPattern }),
      { path: 'Stack/Policy', property: 'filterPattern', value: '\'ERROR\'', fragment: 'a logs.IFilterPattern, and this is a string' });
    expectLibraryError(() => new AccountSubscriptionFilter(stack, 'Other', { destination, distribution: 'random' as logs.Distribution }),
      { path: 'Stack/Other', property: 'distribution', value: '\'random\'', fragment: 'one of logs.Distribution.BY_LOG_STREAM, logs.Distribution.RANDOM' });
  });

  test('a missing required property, and null for an optional one', () => {
    const stack = testStack();
    expectLibraryError(() => new LogDestination(stack, 'Central', {} as any),
      { path: 'Stack/Central', property: 'target', value: '\'undefined\'', fragment: 'target is required' });
    expectLibraryError(() => new LogDestination(stack, 'Other', { target: LogDestinationTarget.fromArn(STREAM_ARN), destinationName: null as any }),
      { path: 'Stack/Other', property: 'destinationName', value: '\'null\'', fragment: 'or pass undefined' });
  });

  test('a static factory without a scope names itself', () => {
    expectLibraryError(() => LogDestinationTarget.kinesisStream('central' as any),
      { path: 'LogDestinationTarget.kinesisStream()', property: 'stream', value: '\'central\'', fragment: 'a kinesis.IStream, and this is a string' });
  });
});
