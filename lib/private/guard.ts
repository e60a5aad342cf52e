import { IConstruct } from 'constructs';
import { CALLS, ENUMS, STRUCTS } from './api-types.generated';
import { invalidFinding, LogDestinationsError } from './errors';

/**
 * The one runtime type check of the library's public API. jsii checks argument types at run time in Python, Java, C#
 * and Go, but a JavaScript caller can pass anything: `excludeLogGroups: '/aws/lambda/noisy'` would become
 * `NOT IN ["/","a","w",...]`, `filterPattern: 'ERROR'` would ship every event. Every public constructor and method calls
 * `checkArgs` first, against the types the jsii assembly gives its parameters (lib/private/api-types.generated.ts,
 * generated from `.jsii` by scripts/generate-api-types.ts), so the table cannot drift from the API.
 */

/**
 * Refuses arguments of the wrong runtime type with a `LogDestinationsError` naming the construct path, the parameter
 * or property (`excludeLogGroups`, `excludeLogGroups[0]`), the value received and the type expected.
 *
 * The path is `self`'s for a method of a construct; for a constructor or static method taking `(scope, id, ...)`, the
 * path the construct gets; otherwise (a static factory) the member, `LogDestinationTarget.kinesisStream()`.
 *
 * @param member the class name for a constructor, `Class.method` for a method, as in the jsii assembly
 * @param args the arguments, in the order of the parameters
 */
export function checkArgs(member: string, args: readonly unknown[], self?: IConstruct): void {
  const parameters = CALLS[member];
  if (!parameters) {
    // Only a library bug leads here: a call site naming a member the assembly does not have.
    throw new LogDestinationsError(pathScope(`${member}()`), `no parameter types for ${member} in the generated table: regenerate it`);
  }
  parameters.forEach(([name, type], i) => {
    const problem = checkValue(type, args[i], name);
    if (problem) {
      const [scope, readScope] = self ? [self, self] : scopesOf(member, args);
      throw new LogDestinationsError(scope, invalidFinding(readScope, problem.property, problem.value, problem.rule, problem.fix));
    }
  });
}

interface Problem {
  readonly property: string;
  readonly value: unknown;
  readonly rule: string;
  readonly fix: string;
}

/** The scope an error names, and the one whose stack renders tokens in the value. */
function scopesOf(member: string, args: readonly unknown[]): [IConstruct, IConstruct] {
  const [scope, id] = args;
  const [first, second] = CALLS[member];
  const takesScopeAndId = first?.[1] === 'Construct' && second?.[1] === 'string';
  if (takesScopeAndId && isConstruct(scope) && typeof id === 'string') {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    return [pathScope(path), scope];
  }
  const where = member.includes('.') ? `${member}()` : `new ${member}()`;
  return [pathScope(where), pathScope(where)];
}

/** A stand-in construct that only has a path, for an error about a construct not created yet or a static factory. */
function pathScope(path: string): IConstruct {
  return { node: { path } } as unknown as IConstruct;
}

function isConstruct(value: unknown): value is IConstruct {
  return typeof value === 'object' && value !== null && typeof (value as { node?: unknown }).node === 'object';
}

/** What is wrong with `value` for `type`, or undefined when nothing is. */
function checkValue(type: string, value: unknown, property: string): Problem | undefined {
  const optional = type.endsWith('?');
  const bare = optional ? type.slice(0, -1) : type;
  if (value === undefined) {
    return optional || bare === 'any' ? undefined
      : { property, value, rule: `${property} is required: ${expected(bare)}`, fix: `Pass ${expected(bare)}` };
  }
  if (value === null && bare !== 'any') {
    return {
      property, value, rule: `${property} is ${expected(bare)}, and this is null`,
      fix: optional ? `Leave ${property} out (or pass undefined) to get its default` : `Pass ${expected(bare)}`,
    };
  }
  if (bare.includes('|')) {
    const alternatives = bare.split('|');
    return alternatives.some(alternative => !checkValue(alternative, value, property)) ? undefined : mismatch(bare, value, property);
  }
  if (bare.endsWith('[]')) {
    if (!Array.isArray(value)) {
      return mismatch(bare, value, property);
    }
    for (const [i, element] of value.entries()) {
      const problem = checkValue(bare.slice(0, -2), element, `${property}[${i}]`);
      if (problem) {
        return problem;
      }
    }
    return undefined;
  }
  const map = /^map<(.*)>$/.exec(bare);
  if (map) {
    if (!isPlainObject(value)) {
      return mismatch(bare, value, property);
    }
    for (const [key, element] of Object.entries(value)) {
      const problem = checkValue(map[1], element, `${property}.${key}`);
      if (problem) {
        return problem;
      }
    }
    return undefined;
  }
  switch (bare) {
    case 'any':
      return undefined;
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === bare ? undefined : mismatch(bare, value, property);
    case 'date':
      return value instanceof Date ? undefined : mismatch(bare, value, property);
    case 'json':
      return typeof value === 'object' ? undefined : mismatch(bare, value, property);
    case 'Construct':
    case 'IConstruct':
      return isConstruct(value) ? undefined : mismatch(bare, value, property);
  }
  const struct = STRUCTS[bare];
  if (struct) {
    if (!isPlainObject(value)) {
      return mismatch(bare, value, property);
    }
    for (const [name, propertyType] of Object.entries(struct)) {
      const problem = checkValue(propertyType, (value as Record<string, unknown>)[name], name);
      if (problem) {
        return problem;
      }
    }
    return undefined;
  }
  const members = ENUMS[bare];
  if (members) {
    return Object.values(members).includes(value as string) ? undefined : mismatch(bare, value, property);
  }
  // A class or an interface: any object (jsii hands other languages' implementations over as objects).
  return typeof value === 'object' && !Array.isArray(value) ? undefined : mismatch(bare, value, property);
}

function mismatch(type: string, value: unknown, property: string): Problem {
  const hint = type === 'string[]' && typeof value === 'string' ? `, such as [${JSON.stringify(value)}]` : '';
  return { property, value, rule: `${property} is ${expected(type)}, and this is ${received(value)}`, fix: `Pass ${expected(type)}${hint}` };
}

/** What a type asks for, as a phrase: `a string`, `a list of strings`, `one of logs.Distribution.RANDOM, ...`. */
function expected(type: string): string {
  if (type.endsWith('[]')) {
    return `a list of ${plural(type.slice(0, -2))}`;
  }
  const map = /^map<(.*)>$/.exec(type);
  if (map) {
    return `an object of ${plural(map[1])}`;
  }
  const members = ENUMS[type];
  if (members) {
    return `one of ${Object.keys(members).map(member => `${type}.${member}`).join(', ')}`;
  }
  switch (type) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'true or false';
    case 'date': return 'a Date';
    case 'json': return 'an object';
    case 'Construct':
    case 'IConstruct':
      return 'a construct (a Stack, or a construct in one)';
  }
  if (type.includes('|')) {
    return type.split('|').map(expected).join(' or ');
  }
  return STRUCTS[type] ? `an object with the properties of ${type}` : `${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}`;
}

function plural(type: string): string {
  return ['string', 'number', 'boolean'].includes(type) ? `${type}s` : ENUMS[type] ? `${type} values` : `${type} objects`;
}

function received(value: unknown): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  switch (typeof value) {
    case 'object': return 'an object';
    case 'undefined': return 'nothing';
    default: return `a ${typeof value}`;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
