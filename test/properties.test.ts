/**
 * Property-based tests (fast-check): random names, account IDs, organization IDs, output formats
 * and grant sequences.
 *
 * Seeds are random on every run. A failure prints the seed and the counterexample path; replay it
 * with `FC_SEED=<seed> FC_PATH=<path> npx jest test/properties.test.ts -t '<property name>'`.
 *
 * Every property sets its numRuns in RUNS below (TOTAL_RUNS random cases per run of the file).
 * Synthesizing and validating a stack costs 10-150 ms, so those properties run fewer cases than
 * the construct-only ones. Synchronous predicates cannot be interrupted, so "nothing hangs" is
 * checked by timing each call, and every property also gets an interruptAfterTimeLimit budget so
 * a slow machine cuts runs short (with a warning) rather than running into jest's timeout.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { App, CfnParameter, Stack } from 'aws-cdk-lib/core';
import * as fc from 'fast-check';
import {
  DeliveryDestination, DeliveryDestinationTarget, DeliverySource, LogDestination, LogDestinationTarget, OutputFormat,
} from '../lib';
// The oracle of deliveryPairs: which destination types and formats each log type accepts, which no public API lists. The
// library checks deliverTo against this generated table; the test compares the two on random pairs.
import { VENDED_LOG_SOURCES } from '../lib/private/vended-logs.generated';
import { expectLibraryError } from './support/errors';
import { joinLiteral, literalRefs, onlyResource, RECIPIENT, SENDER, templateOf, testStack } from './util';

/** numRuns of each property. */
const RUNS = {
  validDestinationName: 70,
  logDestinationGrants: 100,
  validDeliveryDestination: 80,
  validDeliverySource: 50,
  deliveryDestinationGrants: 40,
  deliveryPairs: 300,
  invalidDestinationName: 400,
  invalidDeliveryName: 400,
  invalidAccountId: 400,
  invalidOrganizationId: 400,
  invalidOutputFormat: 300,
  invalidLogType: 300,
  anyString: 1500,
  fixedFromDestinationName: 100,
  fixedFromDestinationArnNotAnArn: 100,
  fixedFromDestinationArnLength: 50,
};
/** The random cases one run of this file tries (before shrinking): 4,590 with the numbers above. */
export const TOTAL_RUNS = Object.values(RUNS).reduce((a, b) => a + b, 0);

/** Set FC_SEED (and FC_PATH) to replay a failure that fast-check printed. */
const REPLAY: Partial<fc.Parameters<unknown>> = process.env.FC_SEED
  ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH, endOnFailure: true }
  : {};

/** Runs a property with its numRuns and a time budget; warns when the budget cut the runs short. */
function check<Ts extends [unknown, ...unknown[]]>(name: keyof typeof RUNS, arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  predicate: (...args: Ts) => void, budgetMs = 30_000): void {
  let runs = 0;
  const counted = (...args: Ts) => {
    runs++;
    predicate(...args);
  };
  const property = (fc.property as (...a: unknown[]) => fc.IPropertyWithHooks<Ts>)(...arbitraries, counted);
  fc.assert(property, { numRuns: RUNS[name], plugins: [fc.interruptAfterTimeLimit(budgetMs)], ...REPLAY } as fc.Parameters<Ts>);
  if (runs < RUNS[name] && !process.env.FC_SEED) {
    console.warn(`${name}: the ${budgetMs} ms budget ran out after ${runs} of ${RUNS[name]} runs`);
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const STREAM_ARN = `arn:aws:kinesis:us-east-1:${RECIPIENT}:stream/central`;
const FIREHOSE_ARN = `arn:aws:firehose:us-east-1:${RECIPIENT}:deliverystream/central`;
/** CDK reads any string holding this as an encoded token, in every construct: such strings are CDK's, not input. */
const TOKEN_MARKER = '${Token[';
/** The size estimates count each partition token at its longest, 10 characters (`aws-us-gov`); in these stacks it deploys as `aws`. */
const PARTITION_OVERESTIMATE = 10 - 'aws'.length;

const chars = (s: string) => fc.constantFrom(...Array.from(s));
const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const WORD = `${LOWER}${LOWER.toUpperCase()}${DIGITS}_-`;

const accountId = fc.string({ unit: chars(DIGITS), minLength: 12, maxLength: 12 });
const orgId = fc.oneof(
  fc.string({ unit: chars(LOWER + DIGITS), minLength: 10, maxLength: 32 }),
  fc.string({ unit: chars(LOWER + DIGITS), minLength: 10, maxLength: 10 }),
  fc.string({ unit: chars(LOWER + DIGITS), minLength: 32, maxLength: 32 }),
).map(s => `o-${s}`);
const deliveryName = fc.oneof(
  fc.string({ unit: chars(WORD), minLength: 1, maxLength: 60 }),
  fc.string({ unit: chars(WORD), minLength: 60, maxLength: 60 }),
);

/** Characters that JSON, ARNs, shells and UTF-8 treat specially. */
const SPECIAL = ['"', '\\', '\'', '`', ' ', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029', '\ufeff', '/', '{', '}', '[',
  ']', '$', '<', '>', '&', '%', '#', '?', '=', '\u0301', 'é', 'ß', '日', 'ع', '😀', '\u{10ffff}'];
/** One code point, any but `:` and `*`. */
const nameChar = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL) },
).map(c => (c === ':' || c === '*' ? '_' : c));
const codePoints = (s: string) => Array.from(s).length;
/** What the library's error says is wrong with an invalid destination name. */
const whyInvalidName = (name: string) => codePoints(name) === 0 ? 'it is empty'
  : codePoints(name) > 512 ? `it has ${codePoints(name)} characters`
    : /\p{Cs}/u.test(name) ? 'unpaired UTF-16 surrogate' : 'it contains \':\' or \'*\'';
/** A valid destination name: 1 to 512 code points, no `:` or `*`, including names of 512 astral code points (1,024 UTF-16 units). */
const destinationName = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: nameChar, minLength: 1, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: nameChar, minLength: 1, maxLength: 512 }) },
  { weight: 1, arbitrary: fc.string({ unit: nameChar, minLength: 500, maxLength: 512 }) },
  { weight: 1, arbitrary: fc.string({ unit: chars('😀日\u{10ffff}é'), minLength: 257, maxLength: 512 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }).map(s => Array.from(s.replace(/[:*]/g, '_')).slice(0, 512).join('')) },
).filter(s => s.length > 0 && !s.includes(TOKEN_MARKER));

/** Any UTF-16 string, lone surrogates included. */
const anyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'binary-ascii', maxLength: 80 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map(c => String.fromCharCode(c)), maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(...SPECIAL, ':', '*', 'arn', ':iam::', ':root', 'o-', '1', '11111111111'), maxLength: 40 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 100, maxLength: 2000 }),
).filter(s => !s.includes(TOKEN_MARKER));

/** How the library quotes a value in a message: `'<value>'`, cut to 100 code points past 120. */
function quoted(value: string): string {
  const cps = Array.from(value);
  return cps.length > 120 ? `'${cps.slice(0, 100).join('')}... (${cps.length} characters)'` : `'${value}'`;
}

function logDestination(stack: Stack, props: Partial<ConstructorParameters<typeof LogDestination>[2]> = {}): LogDestination {
  return new LogDestination(stack, 'Central', { target: LogDestinationTarget.fromArn(STREAM_ARN), ...props });
}

type TargetKind = 'S3' | 'CWL' | 'FH' | 'XRAY';
const TARGET_KINDS: TargetKind[] = ['S3', 'CWL', 'FH', 'XRAY'];
/** The output formats each target type takes (what the library documents), `undefined` meaning "leave it out". */
const FORMATS: Record<TargetKind, OutputFormat[]> = {
  S3: [OutputFormat.JSON, OutputFormat.PLAIN, OutputFormat.W3C, OutputFormat.PARQUET],
  CWL: [OutputFormat.JSON, OutputFormat.PLAIN],
  FH: [OutputFormat.JSON, OutputFormat.PLAIN, OutputFormat.RAW],
  XRAY: [],
};
const ALL_FORMATS = Object.values(OutputFormat) as OutputFormat[];

function target(stack: Stack, kind: TargetKind): DeliveryDestinationTarget {
  switch (kind) {
    case 'S3': return DeliveryDestinationTarget.s3(new s3.Bucket(stack, 'Bucket'));
    case 'CWL': return DeliveryDestinationTarget.logGroup(new logs.LogGroup(stack, 'Logs'));
    case 'FH': return DeliveryDestinationTarget.firehose(firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Stream', FIREHOSE_ARN));
    case 'XRAY': return DeliveryDestinationTarget.xray();
  }
}

/** Resource types and their log types, as the library lists them. */
const LOG_SOURCES = DeliverySource.resourceTypes().flatMap(resourceType =>
  DeliverySource.logTypesOf(resourceType).map(logType => ({ resourceType, logType })));
const logSource = fc.constantFrom(...LOG_SOURCES);

/** A delivery source whose resource ARN is a parameter, so only the given resourceType decides what is checked. */
function deliverySource(stack: Stack, resourceType: string, logType: string, deliverySourceName?: string): DeliverySource {
  const resourceArn = new CfnParameter(stack, 'SourceArn').valueAsString;
  return new DeliverySource(stack, 'Source', { resourceArn, resourceType, logType, deliverySourceName });
}

// ---------------------------------------------------------------------------------------------
// Valid input synthesizes, passes CloudFormation Validate and reaches the template unchanged
// ---------------------------------------------------------------------------------------------

describe('valid input synthesizes, validates and is carried faithfully', () => {
  test('destination names (any code points but : and *, 1-512 of them) and the access policy naming them', () => {
    check('validDestinationName', [destinationName, fc.uniqueArray(accountId, { minLength: 1, maxLength: 5 })], (name, accounts) => {
      const stack = testStack();
      const dest = logDestination(stack, { destinationName: name, subscriberAccounts: accounts });
      const { resource } = onlyResource(templateOf(stack), 'AWS::Logs::Destination');

      expect(resource.Properties.DestinationName).toBe(name);
      expect(dest.destinationName).toBe(name);
      expect(joinLiteral(stack.resolve(dest.destinationArn))).toBe(`arn:aws:logs:us-east-1:${RECIPIENT}:destination:${name}`);
      // The policy is JSON text joined around the partition: it still parses, and names this destination and these accounts.
      const policy = JSON.parse(joinLiteral(resource.Properties.DestinationPolicy));
      expect(policy.Statement).toHaveLength(1);
      expect(policy.Statement[0].Resource).toBe(`arn:aws:logs:us-east-1:${RECIPIENT}:destination:${name}`);
      const sorted = [...accounts].sort();
      expect(policy.Statement[0].Principal.AWS).toEqual(sorted.length === 1 ? sorted[0] : sorted);

      // The sender side imports it by name or ARN and gets the same name back.
      const sender = new Stack(stack.node.root as App, 'Sender', { env: { account: SENDER, region: 'us-east-1' } });
      expect(LogDestination.fromDestinationName(sender, 'ByName', name).destinationName).toBe(name);
      expect(LogDestination.fromDestinationArn(sender, 'ByArn', `arn:aws:logs:us-east-1:${RECIPIENT}:destination:${name}`).destinationName).toBe(name);
    });
  });

  test('delivery destination names, target types and the output formats each accepts', () => {
    const kindAndFormat = fc.constantFrom(...TARGET_KINDS).chain(kind =>
      fc.tuple(fc.constant(kind), fc.constantFrom<OutputFormat | undefined>(undefined, ...FORMATS[kind])));
    check('validDeliveryDestination', [deliveryName, kindAndFormat], (name, [kind, format]) => {
      const stack = testStack();
      const dd = new DeliveryDestination(stack, 'Archive', { target: target(stack, kind), outputFormat: format, deliveryDestinationName: name });
      const { resource } = onlyResource(templateOf(stack), 'AWS::Logs::DeliveryDestination');

      expect(resource.Properties.Name).toBe(name);
      expect(resource.Properties.DeliveryDestinationType).toBe(kind);
      expect(resource.Properties.OutputFormat).toBe(format);
      expect(dd.deliveryDestinationName).toBe(name);
      expect(dd.outputFormat).toBe(format);
      expect(DeliveryDestination.fromDeliveryDestinationName(stack, 'ByName', name).deliveryDestinationName).toBe(name);
      const arn = `arn:aws:logs:us-east-1:${RECIPIENT}:delivery-destination:${name}`;
      expect(DeliveryDestination.fromDeliveryDestinationArn(stack, 'ByArn', arn).deliveryDestinationName).toBe(name);
    });
  });

  test('delivery source names and every log type of every resource type in the table', () => {
    check('validDeliverySource', [deliveryName, logSource], (name, { resourceType, logType }) => {
      const stack = testStack();
      const source = deliverySource(stack, resourceType, logType, name);
      const { resource } = onlyResource(templateOf(stack), 'AWS::Logs::DeliverySource');

      expect(resource.Properties.Name).toBe(name);
      expect(resource.Properties.LogType).toBe(logType);
      expect(source.deliverySourceName).toBe(name);
      expect(source.resourceType).toBe(resourceType);
      expect(DeliverySource.fromDeliverySourceName(stack, 'ByName', name).deliverySourceName).toBe(name);
    });
  });

  test('a delivery connects exactly the source and destination pairs the table lists', () => {
    const kindAndFormat = fc.constantFrom(...TARGET_KINDS).chain(kind =>
      fc.tuple(fc.constant(kind), fc.constantFrom<OutputFormat | undefined>(undefined, ...FORMATS[kind])));
    check('deliveryPairs', [logSource, kindAndFormat], ({ resourceType, logType }, [kind, format]) => {
      const stack = testStack();
      const source = deliverySource(stack, resourceType, logType);
      const dd = new DeliveryDestination(stack, 'Archive', { target: target(stack, kind), outputFormat: format });
      const formats = VENDED_LOG_SOURCES[resourceType].logTypes[logType].destinations[kind];
      if (formats !== undefined && (format === undefined || formats.includes(format))) {
        expect(source.deliverTo(dd).destination).toBe(dd);
      } else {
        expectLibraryError(() => source.deliverTo(dd), {
          path: /Stack\/Source\/ToStackArchive\w+/, property: 'destination', value: '\'Stack/Archive\'', fragment: `log type ${logType} of ${resourceType}`,
        });
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Grant sequences: exactly the granted set, deduplicated, within the size limit or the library's error
// ---------------------------------------------------------------------------------------------

/** Accounts in a policy statement's Principal, or organization IDs in its aws:PrincipalOrgID condition. */
const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v as string]);

describe('grant sequences', () => {
  test('LogDestination: the access policy lists exactly the granted accounts and organizations, within 5,120 bytes or the library\'s error', () => {
    type Channel = 'props' | 'grant' | 'principal';
    const channel = fc.oneof(
      { weight: 6, arbitrary: fc.constant<Channel>('grant') },
      { weight: 3, arbitrary: fc.constant<Channel>('props') },
      { weight: 1, arbitrary: fc.constant<Channel>('principal') },
    );
    const orgChannel = fc.constantFrom<Channel>('grant', 'props');
    // Around 300 accounts the policy crosses 5,120 bytes: half the cases go there.
    const accounts = fc.oneof(
      fc.uniqueArray(fc.tuple(accountId, channel), { selector: ([a]) => a, maxLength: 30 }),
      fc.uniqueArray(fc.tuple(accountId, channel), { selector: ([a]) => a, minLength: 220, maxLength: 380 }),
    );
    const orgs = fc.oneof(
      fc.uniqueArray(fc.tuple(orgId, orgChannel), { selector: ([o]) => o, maxLength: 4 }),
      fc.uniqueArray(fc.tuple(orgId, orgChannel), { selector: ([o]) => o, minLength: 20, maxLength: 200 }),
    );
    const repeats = (c: fc.Arbitrary<Channel>) => fc.array(fc.tuple(fc.nat(), c), { maxLength: 8 });
    const plan = fc.record({
      name: fc.option(destinationName, { nil: undefined }),
      accounts, orgs,
      accountRepeats: repeats(channel),
      orgRepeats: repeats(orgChannel),
      perStatement: fc.integer({ min: 1, max: 3 }),
      allowAccountPolicies: fc.boolean(),
    });

    check('logDestinationGrants', [plan], p => {
      const grants: Array<[string, Channel]> = [...p.accounts, ...p.accountRepeats.filter(() => p.accounts.length > 0)
        .map(([i, c]): [string, Channel] => [p.accounts[i % p.accounts.length][0], c])];
      const orgGrants: Array<[string, Channel]> = [...p.orgs, ...p.orgRepeats.filter(() => p.orgs.length > 0)
        .map(([i, c]): [string, Channel] => [p.orgs[i % p.orgs.length][0], c])];

      const stack = testStack();
      const dest = logDestination(stack, {
        destinationName: p.name,
        accountLevelSubscriptions: p.allowAccountPolicies,
        subscriberAccounts: grants.filter(([, c]) => c === 'props').map(([a]) => a),
        subscriberOrganizationIds: orgGrants.filter(([, c]) => c === 'props').map(([o]) => o),
      });
      const byPrincipal: string[] = [];
      for (const [account, c] of grants) {
        if (c === 'grant') {
          dest.grantSubscribe(account);
        } else if (c === 'principal') {
          byPrincipal.push(account);
          if (byPrincipal.length === p.perStatement) {
            dest.addToResourcePolicy(new iam.PolicyStatement({
              actions: ['logs:PutSubscriptionFilter'], principals: byPrincipal.splice(0).map(a => new iam.AccountPrincipal(a)),
            }));
          }
        }
      }
      if (byPrincipal.length > 0) {
        dest.addToResourcePolicy(new iam.PolicyStatement({
          actions: ['logs:PutSubscriptionFilter'], principals: byPrincipal.map(a => new iam.AccountPrincipal(a)),
        }));
      }
      orgGrants.filter(([, c]) => c === 'grant').forEach(([o]) => dest.grantSubscribeOrganization(o));

      const cfn = dest.node.findChild('Resource') as logs.CfnDestination;
      const rendered = stack.resolve(cfn.destinationPolicy);
      const expectedAccounts = new Set(p.accounts.map(([a]) => a));
      const expectedOrgs = new Set(p.orgs.map(([o]) => o));
      if (expectedAccounts.size + expectedOrgs.size === 0) {
        expect(rendered).toBeUndefined();
        templateOf(stack);
        return;
      }
      const text = joinLiteral(rendered);
      const policy = JSON.parse(text);
      const arn = `arn:aws:logs:us-east-1:${RECIPIENT}:destination:${dest.destinationName}`;
      const statements: any[] = policy.Statement;
      const listed = statements.flatMap(s => (s.Principal === '*' ? [] : asList(s.Principal.AWS)));
      const orgsListed = statements.flatMap(s => asList(s.Condition?.StringEquals?.['aws:PrincipalOrgID']));
      expect(new Set(listed)).toEqual(expectedAccounts);
      expect(new Set(orgsListed)).toEqual(expectedOrgs);
      // Grants merge into one deduplicated, sorted statement each; statements by hand follow.
      for (const sid of ['SubscriberAccounts', 'SubscriberOrganizations']) {
        const merged = statements.filter(s => s.Sid === sid);
        expect(merged.length).toBeLessThanOrEqual(1);
        const values = merged.flatMap(s => (sid === 'SubscriberAccounts' ? asList(s.Principal.AWS) : asList(s.Condition.StringEquals['aws:PrincipalOrgID'])));
        expect(values).toEqual([...new Set(values)].sort());
      }
      for (const s of statements) {
        expect(s.Resource).toBe(arn);
        // Grants get the destination's actions; statements by hand keep theirs.
        expect(s.Action).toEqual(s.Sid === undefined || !p.allowAccountPolicies
          ? 'logs:PutSubscriptionFilter' : ['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy']);
      }

      const bytes = Buffer.byteLength(text, 'utf8');
      let template;
      try {
        template = templateOf(stack);
      } catch (e) {
        // The finding of the policy's size (path, property, and the estimate this property checks).
        const match = /\[Stack\/Central\] invalid access policy of about (\d+) bytes/.exec((e as Error).message);
        if (!match) {
          throw e;
        }
        // The estimate counts the policy as deployed, the partition at 10 characters: never below, never far above.
        const estimate = Number(match[1]);
        expect(estimate).toBeGreaterThan(5120);
        expect(estimate).toBeGreaterThanOrEqual(bytes);
        expect(estimate).toBeLessThanOrEqual(bytes + PARTITION_OVERESTIMATE * statements.length);
        return;
      }
      expect(bytes).toBeLessThanOrEqual(5120);
      expect(joinLiteral(onlyResource(template, 'AWS::Logs::Destination').resource.Properties.DestinationPolicy)).toBe(text);
    }, 40_000);
  });

  test('DeliveryDestination: the policy lists exactly the granted accounts (not its own) and organizations, within 51,200 characters or the library\'s error', () => {
    const grant = fc.oneof(
      { weight: 8, arbitrary: accountId },
      { weight: 1, arbitrary: fc.constant(RECIPIENT) },
    );
    const plan = fc.record({
      // Only S3 and Firehose destinations take other accounts (the others throw: see vended-rules.test.ts).
      kind: fc.constantFrom<TargetKind>('S3', 'FH'),
      accounts: fc.oneof(
        { weight: 4, arbitrary: fc.array(fc.tuple(grant, fc.boolean()), { maxLength: 20 }) },
        // Around 1,270 accounts the estimate crosses 51,200 characters.
        { weight: 1, arbitrary: fc.array(fc.tuple(accountId, fc.boolean()), { minLength: 1170, maxLength: 1370 }) },
      ),
      orgs: fc.array(fc.tuple(orgId, fc.boolean()), { maxLength: 5 }),
      repeats: fc.array(fc.nat(), { maxLength: 5 }),
    });
    check('deliveryDestinationGrants', [plan], p => {
      const accounts = [...p.accounts, ...p.repeats.filter(() => p.accounts.length > 0).map(i => p.accounts[i % p.accounts.length])];
      const orgs = [...p.orgs, ...p.orgs];
      const stack = testStack();
      // The large plans go to Firehose, which has no resource policy: the S3 bucket policy would pass 20 KB long before.
      const kind = p.accounts.length > 100 ? 'FH' : p.kind;
      const dd = new DeliveryDestination(stack, 'Archive', {
        target: target(stack, kind),
        subscriberAccounts: accounts.filter(([, viaProps]) => viaProps).map(([a]) => a),
        subscriberOrganizationIds: orgs.filter(([, viaProps]) => viaProps).map(([o]) => o),
      });
      accounts.filter(([, viaProps]) => !viaProps).forEach(([a]) => dd.grantSubscribe(a));
      orgs.filter(([, viaProps]) => !viaProps).forEach(([o]) => dd.grantSubscribeOrganization(o));

      // First-grant order, once each, without the destination's own account.
      const props = accounts.filter(([, v]) => v).concat(accounts.filter(([, v]) => !v)).map(([a]) => a);
      const expectedAccounts = [...new Set(props)].filter(a => a !== RECIPIENT);
      const orgOrder = orgs.filter(([, v]) => v).concat(orgs.filter(([, v]) => !v)).map(([o]) => o);
      const expectedOrgs = [...new Set(orgOrder)];

      let template;
      try {
        template = templateOf(stack);
      } catch (e) {
        const match = /\[Stack\/Archive\] invalid delivery destination policy of about (\d+) characters/.exec((e as Error).message);
        if (!match) {
          throw e;
        }
        const rendered = literalRefs(stack.resolve((dd.node.findChild('Resource') as logs.CfnDeliveryDestination).deliveryDestinationPolicy));
        const deployed = JSON.stringify(rendered.deliveryDestinationPolicy).length;
        const partitions = expectedAccounts.length + 3 * rendered.deliveryDestinationPolicy.Statement.length;
        const estimate = Number(match[1]);
        expect(estimate).toBeGreaterThan(51_200);
        expect(estimate).toBeGreaterThanOrEqual(deployed);
        expect(estimate).toBeLessThanOrEqual(deployed + PARTITION_OVERESTIMATE * partitions);
        return;
      }
      const { resource } = onlyResource(template, 'AWS::Logs::DeliveryDestination');
      const policy = resource.Properties.DeliveryDestinationPolicy;
      if (expectedAccounts.length + expectedOrgs.length === 0) {
        expect(policy).toBeUndefined();
        return;
      }
      const document = literalRefs(policy.DeliveryDestinationPolicy);
      expect(policy.DeliveryDestinationName).toBe(dd.deliveryDestinationName);
      const statements: any[] = document.Statement;
      const byAccount = statements.find(s => s.Sid === 'AllowCreateDeliveryFromAccounts');
      const byOrg = statements.find(s => s.Sid === 'AllowCreateDeliveryFromOrganizations');
      expect(asList(byAccount?.Principal.AWS)).toEqual(expectedAccounts.map(a => `arn:aws:iam::${a}:root`));
      expect(asList(byOrg?.Condition.StringEquals['aws:PrincipalOrgID'])).toEqual(expectedOrgs);
      expect(JSON.stringify(document).length).toBeLessThanOrEqual(51_200);
    }, 40_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Invalid input raises the library's error, naming the value
// ---------------------------------------------------------------------------------------------

/** `s` with `insert` put at a random place. */
const withInserted = (s: fc.Arbitrary<string>, insert: fc.Arbitrary<string>) =>
  fc.tuple(s, insert, fc.nat()).map(([base, extra, at]) => {
    const cps = Array.from(base);
    const i = at % (cps.length + 1);
    return [...cps.slice(0, i), extra, ...cps.slice(i)].join('');
  });

describe('invalid input raises the library\'s error, naming path, property and value', () => {
  test('destination names with : or *, empty, over 512 code points, or with an unpaired surrogate', () => {
    const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map(c => String.fromCharCode(c));
    const invalid = fc.oneof(
      withInserted(fc.string({ unit: nameChar, maxLength: 600 }), fc.constantFrom(':', '*', '::', '*:*')),
      fc.constant(''),
      fc.string({ unit: nameChar, minLength: 513, maxLength: 900 }),
      withInserted(fc.string({ unit: nameChar, maxLength: 100 }), loneSurrogate).filter(s => /\p{Cs}/u.test(s)),
    ).filter(s => !s.includes(TOKEN_MARKER));
    check('invalidDestinationName', [invalid], name => {
      expectLibraryError(() => logDestination(testStack(), { destinationName: name }),
        { path: 'Stack/Central', property: 'destinationName', value: quoted(name), fragment: whyInvalidName(name) });
    });
  });

  test('delivery source and destination names with other characters, empty, or over 60', () => {
    const invalid = fc.oneof(
      withInserted(fc.string({ unit: chars(WORD), maxLength: 59 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }))
        .filter(s => /[^\w-]/.test(s)),
      withInserted(fc.string({ unit: chars(WORD), maxLength: 30 }), chars(' .:/*\t\n+=@é😀')),
      fc.constant(''),
      fc.string({ unit: chars(WORD), minLength: 61, maxLength: 300 }),
      anyString.filter(s => !/^[\w-]{1,60}$/.test(s)),
    );
    const entry = fc.constantFrom('DeliveryDestination', 'DeliverySource', 'fromDeliveryDestinationName', 'fromDeliverySourceName');
    check('invalidDeliveryName', [invalid, entry], (name, how) => {
      const stack = testStack();
      const [path, property, fn] = {
        DeliveryDestination: ['Stack/Archive', 'deliveryDestinationName',
          () => new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.xray(), deliveryDestinationName: name })],
        DeliverySource: ['Stack/Source', 'deliverySourceName', () => deliverySource(stack, 'AWS::CloudFront::Distribution', 'ACCESS_LOGS', name)],
        fromDeliveryDestinationName: ['Stack', 'deliveryDestinationName', () => DeliveryDestination.fromDeliveryDestinationName(stack, 'Imported', name)],
        fromDeliverySourceName: ['Stack', 'deliverySourceName', () => DeliverySource.fromDeliverySourceName(stack, 'Imported', name)],
      }[how] as [string, string, () => unknown];
      expectLibraryError(fn, { path, property, value: quoted(name), fragment: 'a delivery name has 1 to 60 characters' });
    });
  });

  test('account IDs that are not 12 digits, at every way in', () => {
    const digits = (n: number) => fc.string({ unit: chars(DIGITS), minLength: n, maxLength: n });
    const invalid = fc.oneof(
      digits(11), digits(13), fc.string({ unit: chars(DIGITS), maxLength: 40 }),
      withInserted(digits(11), chars(`${LOWER}ABCXYZ-_.`)),
      fc.tuple(fc.constantFrom(' ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\ufeff'), accountId, fc.boolean())
        .map(([ws, a, before]) => (before ? ws + a : a + ws)),
      withInserted(digits(12), fc.constant(' ')),
      fc.string({ unit: chars('٠١٢٣٤٥٦٧٨٩０１２３４５６７８９'), minLength: 12, maxLength: 12 }), // digits, but not ASCII
      accountId.map(a => `arn:aws:iam::${a}:root`),
      anyString,
    ).filter(s => !/^\d{12}$/.test(s));
    const entry = fc.constantFrom('LogDestination.grantSubscribe', 'LogDestination props', 'AccountPrincipal statement',
      'DeliveryDestination.grantSubscribe', 'DeliveryDestination props');
    check('invalidAccountId', [invalid, entry], (account, how) => {
      const stack = testStack();
      const dd = () => new DeliveryDestination(stack, 'Archive', {
        target: DeliveryDestinationTarget.xray(), subscriberAccounts: how === 'DeliveryDestination props' ? [account] : [],
      });
      const [path, property, fn] = {
        'LogDestination.grantSubscribe': ['Stack/Central', 'account', () => logDestination(stack).grantSubscribe(account)],
        'LogDestination props': ['Stack/Central', 'account', () => logDestination(stack, { subscriberAccounts: [SENDER, account] })],
        'AccountPrincipal statement': ['Stack/Central', 'statement principal account', () => logDestination(stack).addToResourcePolicy(
          new iam.PolicyStatement({ actions: ['logs:PutSubscriptionFilter'], principals: [new iam.AccountPrincipal(account)] }))],
        'DeliveryDestination.grantSubscribe': ['Stack/Archive', 'account', () => dd().grantSubscribe(account)],
        'DeliveryDestination props': ['Stack/Archive', 'account', dd],
      }[how] as [string, string, () => unknown];
      expectLibraryError(fn, { path, property, value: quoted(account), fragment: 'an AWS account ID is exactly 12 digits' });
    });
  });

  test('organization IDs with upper case, another prefix or the wrong length', () => {
    const body = (min: number, max: number) => fc.string({ unit: chars(LOWER + DIGITS), minLength: min, maxLength: max });
    const invalid = fc.oneof(
      fc.tuple(orgId, fc.nat()).map(([o, i]) => {
        const at = 2 + (i % (o.length - 2));
        return o.slice(0, at) + o[at].toUpperCase() + o.slice(at + 1);
      }).filter(o => /[A-Z]/.test(o)),
      orgId.map(o => o.toUpperCase()),
      fc.tuple(fc.constantFrom('O-', 'r-', 'ou-', 'o_', 'o', '-', '', 'o--', ' o-'), body(10, 32)).map(([prefix, b]) => prefix + b),
      body(0, 9).map(b => `o-${b}`),
      body(33, 60).map(b => `o-${b}`),
      fc.tuple(orgId, fc.constantFrom(' ', '\n', '\t', '-', '_')).map(([o, s]) => o + s),
      anyString,
    ).filter(s => !/^o-[a-z0-9]{10,32}$/.test(s));
    const entry = fc.constantFrom('LogDestination.grantSubscribeOrganization', 'LogDestination props',
      'DeliveryDestination.grantSubscribeOrganization', 'DeliveryDestination props');
    check('invalidOrganizationId', [invalid, entry], (org, how) => {
      const stack = testStack();
      const dd = (ids: string[]) => new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.xray(), subscriberOrganizationIds: ids });
      const [path, fn] = {
        'LogDestination.grantSubscribeOrganization': ['Stack/Central', () => logDestination(stack).grantSubscribeOrganization(org)],
        'LogDestination props': ['Stack/Central', () => logDestination(stack, { subscriberOrganizationIds: [org] })],
        'DeliveryDestination.grantSubscribeOrganization': ['Stack/Archive', () => dd([]).grantSubscribeOrganization(org)],
        'DeliveryDestination props': ['Stack/Archive', () => dd([org])],
      }[how] as [string, () => unknown];
      expectLibraryError(fn, { path, property: 'organizationId', value: quoted(org), fragment: '\'o-\' followed by 10 to 32 lowercase letters or digits' });
    });
  });

  test('output formats the target does not accept (any format for X-Ray)', () => {
    const pair = fc.constantFrom(...TARGET_KINDS).chain(kind => fc.tuple(
      fc.constant(kind),
      fc.oneof(fc.constantFrom(...ALL_FORMATS), anyString).filter(f => !(FORMATS[kind] as string[]).includes(f)),
    ));
    check('invalidOutputFormat', [pair], ([kind, format]) => {
      const stack = testStack();
      // A string that is no OutputFormat at all is refused by the runtime type check before the target is asked.
      const fragment = !(ALL_FORMATS as string[]).includes(format) ? 'outputFormat is one of OutputFormat.JSON, OutputFormat.PLAIN'
        : kind === 'XRAY' ? 'delivery destination takes no output format' : `delivery destination accepts ${FORMATS[kind].join(', ')}`;
      expectLibraryError(() => new DeliveryDestination(stack, 'Archive', { target: target(stack, kind), outputFormat: format as OutputFormat }),
        { path: 'Stack/Archive', property: 'outputFormat', value: quoted(format), fragment });
    });
  });

  test('log types the resource type does not vend', () => {
    const otherLogTypes = [...new Set(LOG_SOURCES.map(s => s.logType))];
    const pair = logSource.chain(({ resourceType, logType }) => fc.tuple(
      fc.constant(resourceType),
      fc.oneof(fc.constantFrom(...otherLogTypes), fc.constant(logType.toLowerCase()), fc.constant(` ${logType}`), anyString)
        .filter(t => !DeliverySource.logTypesOf(resourceType).includes(t)),
    ));
    check('invalidLogType', [pair], ([resourceType, logType]) => {
      expectLibraryError(() => deliverySource(testStack(), resourceType, logType), {
        path: 'Stack/Source', property: 'logType', value: quoted(logType),
        fragment: `resource type ${resourceType} vends ${DeliverySource.logTypesOf(resourceType).join(', ')}`,
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Any string, anywhere: the library's error or nothing, never a TypeError, never slow
// ---------------------------------------------------------------------------------------------

describe('any string at any string input', () => {
  const ENTRIES: Record<string, (stack: Stack, s: string) => unknown> = {
    'destinationName': (stack, s) => logDestination(stack, { destinationName: s }),
    'LogDestination.grantSubscribe': (stack, s) => logDestination(stack).grantSubscribe(s),
    'LogDestination.grantSubscribeOrganization': (stack, s) => logDestination(stack).grantSubscribeOrganization(s),
    'AccountPrincipal': (stack, s) => logDestination(stack).addToResourcePolicy(
      new iam.PolicyStatement({ actions: ['logs:PutSubscriptionFilter'], principals: [new iam.AccountPrincipal(s)] })),
    'ArnPrincipal': (stack, s) => logDestination(stack).addToResourcePolicy(
      new iam.PolicyStatement({ actions: ['logs:PutSubscriptionFilter'], principals: [new iam.ArnPrincipal(s)] })),
    'LogDestinationTarget.fromArn': (stack, s) => new LogDestination(stack, 'Central', { target: LogDestinationTarget.fromArn(s) }),
    'LogDestination.fromDestinationArn': (stack, s) => LogDestination.fromDestinationArn(stack, 'Imported', s),
    'LogDestination.fromDestinationName': (stack, s) => LogDestination.fromDestinationName(stack, 'Imported', s),
    'deliveryDestinationName': (stack, s) => new DeliveryDestination(stack, 'Archive', { target: DeliveryDestinationTarget.xray(), deliveryDestinationName: s }),
    'outputFormat': (stack, s) => new DeliveryDestination(stack, 'Archive', { target: target(stack, 'S3'), outputFormat: s as OutputFormat }),
    'DeliveryDestination.grantSubscribe': (stack, s) => new DeliveryDestination(stack, 'Archive', { target: target(stack, 'CWL') }).grantSubscribe(s),
    'DeliveryDestination.grantSubscribeOrganization': (stack, s) =>
      new DeliveryDestination(stack, 'Archive', { target: target(stack, 'S3') }).grantSubscribeOrganization(s),
    'DeliveryDestination.fromDeliveryDestinationName': (stack, s) => DeliveryDestination.fromDeliveryDestinationName(stack, 'Imported', s),
    'DeliveryDestination.fromDeliveryDestinationArn': (stack, s) => DeliveryDestination.fromDeliveryDestinationArn(stack, 'Imported', s),
    'deliverySourceName': (stack, s) => deliverySource(stack, 'AWS::CloudFront::Distribution', 'ACCESS_LOGS', s),
    'logType': (stack, s) => deliverySource(stack, 'AWS::CloudFront::Distribution', s),
    'resourceType': (stack, s) => deliverySource(stack, s, 'ACCESS_LOGS'),
    'resourceArn': (stack, s) => new DeliverySource(stack, 'Source', { resourceArn: s, logType: 'ACCESS_LOGS' }),
    'DeliverySource.fromDeliverySourceName': (stack, s) => DeliverySource.fromDeliverySourceName(stack, 'Imported', s),
    'DeliverySource.logTypesOf': (_stack, s) => DeliverySource.logTypesOf(s),
    'Delivery options': (stack, s) => deliverySource(stack, 'AWS::CloudFront::Distribution', 'ACCESS_LOGS').deliverTo(
      new DeliveryDestination(stack, 'Archive', { target: target(stack, 'S3') }), { fieldDelimiter: s, s3SuffixPath: s, recordFields: [s] }),
  };

  test('throws nothing but LogDestinationsError, and answers within a second', () => {
    check('anyString', [fc.constantFrom(...Object.keys(ENTRIES)), anyString], (how, s) => {
      const stack = testStack();
      const started = Date.now();
      try {
        ENTRIES[how](stack, s);
      } catch (e) {
        if (!(e instanceof Error && e.name === 'LogDestinationsError')) {
          throw e;
        }
      }
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Regressions: bugs these properties found in lib/log-destination.ts, fixed; each property states the
// right behaviour.
// ---------------------------------------------------------------------------------------------

describe('found by these properties in lib/log-destination.ts, and fixed', () => {
  const invalidName = fc.oneof(
    withInserted(fc.string({ unit: nameChar, maxLength: 40 }), fc.constantFrom(':', '*')),
    fc.constant(''),
    fc.string({ unit: nameChar, minLength: 513, maxLength: 600 }),
  );

  // Was: fromDestinationName did not validate the name (DeliveryDestination.fromDeliveryDestinationName does). 'a:b', '' or
  // 600 characters give an ILogDestination whose ARN no destination can have. Fix: validateDestinationName(scope, destinationName) first.
  test('fromDestinationName rejects a name no destination can have', () => {
    check('fixedFromDestinationName', [invalidName], name => {
      expectLibraryError(() => LogDestination.fromDestinationName(testStack(), 'Imported', name),
        { path: 'Stack', property: 'destinationName', value: quoted(name), fragment: whyInvalidName(name) });
    });
  });

  // Was: fromDestinationArn('x') threw CDK's ArnsMustStartWithArn from Resource (environmentFromArn) before
  // destinationNameFromArn can throw the library's error. Fix: pass environmentFromArn only for a token or an ARN the
  // library's regex accepts, as ImportedDeliveryDestination now does.
  test('fromDestinationArn rejects a string that is not an ARN with the library\'s error', () => {
    check('fixedFromDestinationArnNotAnArn', [anyString.filter(s => s.split(':').length < 6 || !s.startsWith('arn:'))], s => {
      expectLibraryError(() => LogDestination.fromDestinationArn(testStack(), 'Imported', s),
        { path: 'Stack/Imported', property: 'destinationArn', value: quoted(s), fragment: 'arn:<partition>:logs:<region>' });
    });
  });

  // Was: destinationNameFromArn's /[^:*]{1,512}/ counts UTF-16 units, so the ARN of a destination named with 257-512 astral
  // characters (a valid name) is rejected. Fix: add the u flag (/^arn:...:destination:([^:*]{1,512})$/u), as validation.ts now does.
  test('fromDestinationArn accepts every valid name, counted in code points', () => {
    const astral = fc.string({ unit: chars('😀\u{10ffff}'), minLength: 257, maxLength: 512 });
    check('fixedFromDestinationArnLength', [astral], name => {
      const imported = LogDestination.fromDestinationArn(testStack(), 'Imported', `arn:aws:logs:us-east-1:${RECIPIENT}:destination:${name}`);
      expect(imported.destinationName).toBe(name);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Regression tests for the bugs these properties found and that were fixed in lib/
// ---------------------------------------------------------------------------------------------

describe('regressions', () => {
  test('a destination name of 512 astral characters (1,024 UTF-16 units) is valid; 513 are not, and the message counts 513', () => {
    const stack = testStack();
    logDestination(stack, { destinationName: '😀'.repeat(512) });
    expect(onlyResource(templateOf(stack), 'AWS::Logs::Destination').resource.Properties.DestinationName).toBe('😀'.repeat(512));
    expectLibraryError(() => logDestination(testStack(), { destinationName: '😀'.repeat(513) }), {
      path: 'Stack/Central', property: 'destinationName', value: `'${'😀'.repeat(100)}... (513 characters)'`, fragment: 'it has 513 characters',
    });
  });

  test('a destination name with an unpaired surrogate is rejected (no template can carry it)', () => {
    expectLibraryError(() => logDestination(testStack(), { destinationName: 'central\ud83d' }),
      { path: 'Stack/Central', property: 'destinationName', fragment: 'unpaired UTF-16 surrogate' });
  });

  test('a long value is cut in a message at a code point, never inside a surrogate pair', () => {
    const error = expectLibraryError(() => logDestination(testStack(), { destinationName: `x${'😀'.repeat(600)}` }), {
      path: 'Stack/Central', property: 'destinationName', value: `'x${'😀'.repeat(99)}... (601 characters)'`, fragment: 'it has 601 characters',
    });
    expect(/\p{Cs}/u.test(error.message)).toBe(false);
  });

  test('a delivery destination policy is sized as deployed: 1,000 accounts (about 33,000 characters) fit', () => {
    const stack = testStack();
    const dd = new DeliveryDestination(stack, 'Archive', { target: target(stack, 'FH') });
    for (let i = 0; i < 1000; i++) {
      dd.grantSubscribe(String(100000000000 + i));
    }
    const { resource } = onlyResource(templateOf(stack), 'AWS::Logs::DeliveryDestination');
    const document = literalRefs(resource.Properties.DeliveryDestinationPolicy.DeliveryDestinationPolicy);
    expect(document.Statement[0].Principal.AWS).toHaveLength(1000);
    expect(JSON.stringify(document).length).toBeLessThan(51_200);
  });

  test('fromDeliveryDestinationArn answers a string that is not an ARN with the library\'s error, not CDK\'s', () => {
    expectLibraryError(() => DeliveryDestination.fromDeliveryDestinationArn(testStack(), 'Imported', 'archive'), {
      path: 'Stack/Imported', property: 'deliveryDestinationArn', value: '\'archive\'', fragment: 'a delivery destination ARN looks like',
    });
  });
});
