import { IConstruct } from 'constructs';

/**
 * The one error type this library throws for bad input.
 *
 * Every message names the construct path, the property, the value received, the rule
 * that was broken and how to fix it, in that order.
 */
export class LogDestinationsError extends Error {
  /** The construct path of the construct that rejected the input. */
  public readonly constructPath: string;

  constructor(scope: IConstruct, message: string) {
    super(`${scope.node.path || '<root>'}: ${message}`);
    this.name = 'LogDestinationsError';
    this.constructPath = scope.node.path;
    Object.setPrototypeOf(this, LogDestinationsError.prototype);
  }
}

/** What an invalid value gets: `<path>: invalid <property> '<value>': <rule>. <fix>` */
export function invalidInput(scope: IConstruct, property: string, value: unknown, rule: string, fix: string): LogDestinationsError {
  return new LogDestinationsError(scope, `invalid ${property} ${quote(value)}: ${rule}. ${fix}`);
}

/** Renders a received value for an error message, bounded so a 10 KB string does not flood the console. */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  // Counted and cut in code points, so the cut never splits a surrogate pair.
  const chars = Array.from(text);
  if (chars.length > 120) {
    text = `${chars.slice(0, 100).join('')}... (${chars.length} characters)`;
  }
  return `'${text}'`;
}

/**
 * A value as a person should read it in a message: each encoded token (`${Token[TOKEN.89]}`) becomes
 * `<token>`, or `<hint>` when CDK gave the token a display hint (`${Token[Account.Ref.12]}` reads `<Account.Ref>`).
 */
export function readable(value: string): string {
  return value.replace(/[$#]\{Token\[([^\]]*)\]\}/g, (_, inner: string) => {
    const hint = inner.replace(/\.\d+$/, '');
    return hint === '' || hint === 'TOKEN' ? '<token>' : `<${hint}>`;
  });
}
