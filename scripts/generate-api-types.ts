/**
 * Regenerates lib/private/api-types.generated.ts from the jsii assembly (`.jsii`, written by `npm run build`): the type of
 * every parameter of every public constructor and method, of every property of every struct, and the values of every
 * enum, which lib/private/guard.ts checks at run time for JavaScript callers (jsii checks types at run time in the
 * other languages only).
 *
 *   npm run api-types                                                       # build, then write the table
 *   npx ts-node -P tsconfig.dev.json scripts/generate-api-types.ts --check  # exit 1 when it is stale
 *
 * test/runtime-types.test.ts fails when the committed table differs from a fresh generation, and when a public
 * constructor or method does not check its arguments with it.
 *
 * Type notation in the table: `string`, `number`, `boolean`, `any`, `json`, `date`; `T[]` (a list), `map<T>` (an object
 * of T values); a struct, an enum or another type by name (`LogDestinationProps`, `OutputFormat`, `logs.IFilterPattern`,
 * `Construct`); a trailing `?` marks an optional parameter or property.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const TABLE_PATH = path.join(__dirname, '..', 'lib', 'private', 'api-types.generated.ts');
const ASSEMBLY_PATH = path.join(__dirname, '..', '.jsii');
const OWN = 'cdk-log-destinations.';

interface TypeReference {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: 'array' | 'map'; readonly elementtype: TypeReference };
  readonly union?: { readonly types: TypeReference[] };
}

interface Parameter {
  readonly name: string;
  readonly type: TypeReference;
  readonly optional?: boolean;
  readonly variadic?: boolean;
}

interface JsiiType {
  readonly kind: 'class' | 'interface' | 'enum';
  readonly name: string;
  readonly datatype?: boolean;
  readonly interfaces?: string[];
  readonly properties?: Array<{ readonly name: string; readonly type: TypeReference; readonly optional?: boolean }>;
  readonly initializer?: { readonly parameters?: Parameter[]; readonly protected?: boolean };
  readonly methods?: Array<{ readonly name: string; readonly parameters?: Parameter[]; readonly protected?: boolean }>;
  readonly members?: Array<{ readonly name: string }>;
}

interface Assembly {
  readonly types: { readonly [fqn: string]: JsiiType };
}

/** The assembly `npm run build` wrote. */
export function readAssembly(): Assembly {
  return JSON.parse(readFileSync(ASSEMBLY_PATH, 'utf-8'));
}

/** How a type outside the library is written: `logs.IFilterPattern` for `aws-cdk-lib.aws_logs.IFilterPattern`, `Construct`. */
function externalName(fqn: string): string {
  const parts = fqn.split('.');
  const name = parts[parts.length - 1];
  if (parts[0] !== 'aws-cdk-lib') {
    return name;
  }
  const submodule = parts[parts.length - 2];
  return submodule === 'aws-cdk-lib' ? name : `${submodule.replace(/^aws_/, '')}.${name}`;
}

/** The module an aws-cdk-lib type is imported from: `aws-cdk-lib/aws-logs` for `aws-cdk-lib.aws_logs.Distribution`. */
function externalModule(fqn: string): string {
  const submodule = fqn.split('.').slice(1, -1).join('/').replace(/_/g, '-');
  return submodule ? `aws-cdk-lib/${submodule}` : 'aws-cdk-lib';
}

/** Whether an aws-cdk-lib type is an enum: what the module exports under its name is a plain object. */
function isExternalEnum(fqn: string): boolean {
  const name = fqn.split('.').pop()!;
  if (!fqn.startsWith('aws-cdk-lib.') || /^I[A-Z]/.test(name)) {
    return false;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(externalModule(fqn))[name];
  return exported !== null && typeof exported === 'object';
}

/** Renders the table for an assembly; `enumValues` gives the runtime values of the library's own enums. */
export function renderTable(assembly: Assembly = readAssembly(), enumValues: (name: string) => Record<string, string> = ownEnumValues): string {
  const externalEnums = new Map<string, string>();
  const typeOf = (ref: TypeReference): string => {
    if (ref.primitive) {
      return ref.primitive;
    }
    if (ref.collection) {
      const element = typeOf(ref.collection.elementtype);
      return ref.collection.kind === 'array' ? `${element}[]` : `map<${element}>`;
    }
    if (ref.union) {
      return ref.union.types.map(typeOf).join('|');
    }
    const fqn = ref.fqn!;
    if (fqn.startsWith(OWN)) {
      return fqn.slice(OWN.length);
    }
    const name = externalName(fqn);
    if (isExternalEnum(fqn)) {
      externalEnums.set(name, fqn);
    }
    return name;
  };
  const parameters = (list: Parameter[] = []) => list.map(p => [p.name, `${typeOf(p.type)}${p.optional || p.variadic ? '?' : ''}`]);

  const calls: Array<[string, string[][]]> = [];
  const structs: Array<[string, Array<[string, string]>]> = [];
  const enums: Array<[string, Record<string, string>]> = [];
  const fqns = Object.keys(assembly.types).filter(fqn => fqn.startsWith(OWN)).sort();
  const structProperties = (fqn: string): Array<[string, string]> => {
    const type = assembly.types[fqn];
    const inherited = (type.interfaces ?? []).filter(base => assembly.types[base]?.datatype).flatMap(structProperties);
    const own = (type.properties ?? []).map(p => [p.name, `${typeOf(p.type)}${p.optional ? '?' : ''}`] as [string, string]);
    return [...inherited, ...own].sort(([a], [b]) => a.localeCompare(b));
  };
  for (const fqn of fqns) {
    const type = assembly.types[fqn];
    const name = fqn.slice(OWN.length);
    if (type.kind === 'enum') {
      enums.push([name, enumValues(name)]);
    } else if (type.kind === 'interface' && type.datatype) {
      structs.push([name, structProperties(fqn)]);
    } else if (type.kind === 'class') {
      if (type.initializer && !type.initializer.protected && (type.initializer.parameters ?? []).length > 0) {
        calls.push([name, parameters(type.initializer.parameters)]);
      }
      for (const method of [...type.methods ?? []].sort((a, b) => a.name.localeCompare(b.name))) {
        if (!method.protected && (method.parameters ?? []).length > 0) {
          calls.push([`${name}.${method.name}`, parameters(method.parameters)]);
        }
      }
    }
  }

  const q = (s: string) => `'${s}'`;
  const modules = [...new Set([...externalEnums.values()].map(externalModule))].sort();
  const alias = (module: string) => module.replace(/^aws-cdk-lib\//, '').replace(/-/g, '_');
  const lines = [
    '// Generated by scripts/generate-api-types.ts from the jsii assembly (.jsii). Do not edit by hand: run',
    '// `npm run api-types` instead.',
    '/* eslint-disable */',
    ...modules.map(module => `import * as ${alias(module)} from '${module}';`),
    '',
    '/** The parameters of every public constructor (by class name) and method (`Class.method`) that takes any: name and type. */',
    'export const CALLS: { readonly [member: string]: ReadonlyArray<readonly [string, string]> } = {',
    ...calls.map(([member, params]) => `  ${q(member)}: [${params.map(([n, t]) => `[${q(n)}, ${q(t)}]`).join(', ')}],`),
    '};',
    '',
    '/** The properties of every struct: name and type. */',
    'export const STRUCTS: { readonly [struct: string]: { readonly [property: string]: string } } = {',
    ...structs.map(([struct, props]) => `  ${struct}: { ${props.map(([n, t]) => `${n}: ${q(t)}`).join(', ')} },`),
    '};',
    '',
    '/** The members of every enum a parameter or property takes, by name: the library\'s own, and aws-cdk-lib\'s as it is loaded. */',
    'export const ENUMS: { readonly [enumName: string]: { readonly [member: string]: string } } = {',
    ...enums.map(([e, members]) => `  ${e}: { ${Object.entries(members).map(([m, v]) => `${m}: ${q(v)}`).join(', ')} },`),
    ...[...externalEnums].sort().map(([n, fqn]) => `  ${q(n)}: ${alias(externalModule(fqn))}.${fqn.split('.').pop()},`),
    '};',
    '',
  ];
  return lines.join('\n');
}

/** The runtime values of one of the library's enums, by member name. */
function ownEnumValues(name: string): Record<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const values = require('../lib/index')[name] as Record<string, string>;
  return Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string'));
}

if (require.main === module) {
  const rendered = renderTable();
  if (process.argv.includes('--check')) {
    if (readFileSync(TABLE_PATH, 'utf-8') !== rendered) {
      process.stderr.write(`${TABLE_PATH} is stale: run npm run api-types\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(TABLE_PATH, rendered);
  }
}
