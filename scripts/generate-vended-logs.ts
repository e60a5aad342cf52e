/**
 * Regenerates lib/private/vended-logs.generated.ts from the vended-log data in `@aws-cdk/aws-service-spec`:
 * which CloudFormation resource types vend which log types, to which destination types, in which
 * output formats, with which record fields.
 *
 *   npx ts-node -P tsconfig.dev.json scripts/generate-vended-logs.ts          # write the table
 *   npx ts-node -P tsconfig.dev.json scripts/generate-vended-logs.ts --check  # exit 1 when it is stale
 *
 * test/vended-logs-table.test.ts fails when the committed table differs from a fresh generation.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

export const TABLE_PATH = path.join(__dirname, '..', 'lib', 'private', 'vended-logs.generated.ts');

/** Destination types in the order the table lists them. */
const DESTINATION_ORDER = ['S3', 'CWL', 'FH', 'XRAY'];
/** Output formats in the order the table lists them. */
const FORMAT_ORDER = ['json', 'plain', 'w3c', 'raw', 'parquet'];

/**
 * ARN shapes of vending resource types whose schema has no ARN template. Only well-known shapes
 * belong here: a resource type missing from this list is still checked when the user names it
 * (`resourceType`) or passes its CloudFormation `Arn` attribute, just not from a literal ARN.
 */
const ARN_SUPPLEMENTS: Record<string, { service: string; resource: string }> = {
  // arn:<partition>:elasticloadbalancing:<region>:<account>:loadbalancer/app|net/<name>/<id>
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { service: 'elasticloadbalancing', resource: 'loadbalancer' },
  // arn:<partition>:securityhub:<region>:<account>:hub/default
  'AWS::SecurityHub::Hub': { service: 'securityhub', resource: 'hub' },
  // arn:<partition>:bedrock:<region>:<account>:agent-alias/<agent id>/<alias id>
  'AWS::Bedrock::AgentAlias': { service: 'bedrock', resource: 'agent-alias' },
};

interface LogTypeRow {
  permissionsVersion: string;
  destinations: Record<string, string[]>;
  mandatoryFields: string[];
  optionalFields: string[];
}

interface ResourceRow {
  arn?: { service: string; resource: string };
  refIsArn?: boolean;
  logTypes: Record<string, LogTypeRow>;
}

/** Parses `arn:${Partition}:<service>:<region>:<account>:<resource type><separator>...` into its literal service and resource type. */
export function arnShape(template: string): { service: string; resource: string } | undefined {
  const match = /^arn:\$\{Partition\}:([a-z0-9-]+):[^:]*:[^:]*:(.*)$/.exec(template);
  if (!match) {
    return undefined;
  }
  const resourcePart = match[2];
  if (/^\$\{\w+\}$/.test(resourcePart)) {
    // No resource-type part at all, as in a bucket ARN.
    return { service: match[1], resource: '' };
  }
  const type = /^([A-Za-z0-9-]+)[/:]/.exec(resourcePart);
  return type ? { service: match[1], resource: type[1] } : undefined;
}

function ordered(values: string[], order: string[]): string[] {
  return [...new Set(values)].sort((a, b) => rank(a, order) - rank(b, order) || a.localeCompare(b));
}

function rank(value: string, order: string[]): number {
  const i = order.indexOf(value);
  return i < 0 ? order.length : i;
}

/** Builds the table from the installed service specification. */
export function buildTable(): { version: string; rows: Record<string, ResourceRow> } {
  const db = loadAwsServiceSpecSync();
  const rows: Record<string, ResourceRow> = {};
  const resources = db.all('resource')
    .filter(r => (r.vendedLogs ?? []).length > 0)
    .sort((a, b) => a.cloudFormationType.localeCompare(b.cloudFormationType));
  const shapes = new Map<string, string>();
  for (const resource of resources) {
    const type = resource.cloudFormationType;
    const arn = (resource.arnTemplate ? arnShape(resource.arnTemplate) : undefined) ?? ARN_SUPPLEMENTS[type];
    if (arn) {
      const key = `${arn.service}|${arn.resource}`;
      if (shapes.has(key)) {
        throw new Error(`${type} and ${shapes.get(key)} share the ARN shape ${key}: resolve it in ARN_SUPPLEMENTS`);
      }
      shapes.set(key, type);
    }
    const ref = resource.cfnRefIdentifier ?? resource.primaryIdentifier ?? [];
    const logTypes: Record<string, LogTypeRow> = {};
    const vended = [...resource.vendedLogs!].sort((a, b) => a.logType.localeCompare(b.logType));
    for (const log of vended) {
      const destinations: Record<string, string[]> = {};
      const byType = [...log.destinations].sort((a, b) => rank(a.destinationType, DESTINATION_ORDER) - rank(b.destinationType, DESTINATION_ORDER));
      for (const destination of byType) {
        destinations[destination.destinationType] = ordered(destination.outputFormats ?? [], FORMAT_ORDER);
      }
      logTypes[log.logType] = {
        permissionsVersion: log.permissionsVersion,
        destinations,
        mandatoryFields: [...(log.mandatoryFields ?? [])],
        optionalFields: [...(log.optionalFields ?? [])],
      };
    }
    rows[type] = {
      ...(arn ? { arn } : {}),
      ...(ref.length === 1 && /(Arn|ARN)$/.test(ref[0]) ? { refIsArn: true } : {}),
      logTypes,
    };
  }
  const version: string = JSON.parse(readFileSync(require.resolve('@aws-cdk/aws-service-spec/package.json'), 'utf-8')).version;
  return { version, rows };
}

/** The text of lib/private/vended-logs.generated.ts. */
export function renderTable(): string {
  const { version, rows } = buildTable();
  const logTypeCount = Object.values(rows).reduce((n, row) => n + Object.keys(row.logTypes).length, 0);
  return [
    '// Generated by scripts/generate-vended-logs.ts from @aws-cdk/aws-service-spec. Do not edit by hand:',
    '// run `npx ts-node -P tsconfig.dev.json scripts/generate-vended-logs.ts` instead.',
    '/* eslint-disable */',
    '',
    '/** One log type a resource type vends. */',
    'export interface VendedLogTypeSpec {',
    '  /** Which permission model the log type uses (`V1` or `V2`). */',
    '  readonly permissionsVersion: string;',
    '  /** Destination types (`S3`, `CWL`, `FH`, `XRAY`) that accept the log type, each with the output formats it accepts. */',
    '  readonly destinations: { readonly [destinationType: string]: readonly string[] };',
    '  /** Record fields every delivery must include. */',
    '  readonly mandatoryFields: readonly string[];',
    '  /** Record fields a delivery may add. */',
    '  readonly optionalFields: readonly string[];',
    '}',
    '',
    '/** A resource type that vends logs. */',
    'export interface VendedLogSourceSpec {',
    '  /** The literal service and resource type of the resource\'s ARNs, when known. */',
    '  readonly arn?: { readonly service: string; readonly resource: string };',
    '  /** Whether `Ref` on the resource returns its ARN. */',
    '  readonly refIsArn?: boolean;',
    '  /** The log types, by name. */',
    '  readonly logTypes: { readonly [logType: string]: VendedLogTypeSpec };',
    '}',
    '',
    '/** The version of @aws-cdk/aws-service-spec the table was generated from. */',
    `export const VENDED_LOGS_SPEC_VERSION = '${version}';`,
    '',
    `/** The ${Object.keys(rows).length} resource types and ${logTypeCount} log types of the specification, by CloudFormation type. */`,
    `export const VENDED_LOG_SOURCES: { readonly [cfnType: string]: VendedLogSourceSpec } = ${render(rows, '')};`,
    '',
  ].join('\n');
}

/** Renders a value as TypeScript: objects one key a line, string arrays and small objects on one line. */
function render(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    return `[${value.map(v => render(v, indent)).join(', ')}]`;
  }
  if (typeof value === 'string') {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, '\\\'')}'`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`);
    if (entries.every(([, v]) => typeof v !== 'object' || v === null)) {
      return `{ ${entries.map(([k, v]) => `${key(k)}: ${render(v, indent)}`).join(', ')} }`;
    }
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${render(v, inner)},\n`).join('')}${indent}}`;
  }
  return String(value);
}

if (require.main === module) {
  const fresh = renderTable();
  if (process.argv.includes('--check')) {
    const current = readFileSync(TABLE_PATH, 'utf-8');
    if (current !== fresh) {
      process.stderr.write(`${TABLE_PATH} is stale: run scripts/generate-vended-logs.ts\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(TABLE_PATH, fresh);
    process.stdout.write(`wrote ${TABLE_PATH}\n`);
  }
}
