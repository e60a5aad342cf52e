/**
 * Assertions on what the library says when it refuses input: the construct path, the property and one key
 * fragment of the rule (a number, an AWS term, an ARN), never a whole sentence, so a test fails when the
 * library stops refusing or names the wrong thing, and not when a sentence is reworded.
 *
 * - `expectLibraryError`: the call throws `LogDestinationsError`, `<path>: invalid <property> '<value>': <rule>. <fix>`.
 * - `expectSynthFinding`: synthesis fails with aws-cdk-lib's validation error, which lists each finding of
 *   `node.addValidation` as `[<path>] invalid <property> ...`.
 */
import { LogDestinationsError } from '../../lib';

export interface ExpectedError {
  /** The construct path the message starts with (and the error's `constructPath`); a RegExp for a generated id. */
  readonly path: string | RegExp;
  /** The property the message names after `invalid`, as in `invalid destinationName`. */
  readonly property: string;
  /** One short fragment of the rule or the fix, somewhere after the property: a number, an AWS term, an ARN. */
  readonly fragment: string | RegExp;
  /**
   * The value exactly as the message quotes it right after the property (`'central:logs'`), for the tests of how
   * a value reads (tokens, long strings).
   *
   * @default - the value is not checked
   */
  readonly value?: string;
}

/** Runs `fn` and returns the library's error it throws, after checking its type, path, property and fragment. */
export function expectLibraryError(fn: () => unknown, expected: ExpectedError): LogDestinationsError {
  const error = thrownBy(fn);
  // By brand, so an error of a second copy of the library (test/two-copies.test.ts) passes too.
  const isLibraryError = LogDestinationsError.isLogDestinationsError(error);
  const { name, message, constructPath } = (error ?? {}) as Partial<LogDestinationsError>;
  expect({ isLibraryError, name, constructPath, message }).toEqual({
    isLibraryError: true,
    name: 'LogDestinationsError',
    constructPath: typeof expected.path === 'string' ? expected.path : expect.stringMatching(whole(expected.path)),
    message: expect.stringMatching(new RegExp(`^${source(expected.path)}: ${rest(expected)}`, 's')),
  });
  return error as LogDestinationsError;
}

/**
 * Runs `fn` (an `app.synth()`, a `templateOf(stack)`) and returns the finding of `expected.path` and
 * `expected.property` in the validation error it throws, after checking it has the fragment.
 */
export function expectSynthFinding(fn: () => unknown, expected: ExpectedError): string {
  const error = thrownBy(fn);
  const message = error instanceof Error ? error.message : String(error);
  // aws-cdk-lib's validation error lists the findings, one a line: `Validation failed with the following errors:\n  [<path>] ...`.
  const findings = message.split(/\n {2}(?=\[)/).slice(1);
  const pattern = new RegExp(`^\\[${source(expected.path)}\\] ${rest(expected)}`, 's');
  expect({ isLibraryError: LogDestinationsError.isLogDestinationsError(error), findings }).toEqual({
    isLibraryError: false,
    findings: expect.arrayContaining([expect.stringMatching(pattern)]),
  });
  return findings.find(finding => pattern.test(finding))!;
}

/** What `fn` throws; fails the test when it throws nothing. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/**
 * The pattern of a message after its path: `invalid <property>`, then the quoted value (` '...'`; ` of ...` or `: `
 * in a finding without one), then anything, then the fragment. So `statement` does not match `invalid statement principal`.
 */
function rest(expected: ExpectedError): string {
  const value = expected.value === undefined ? '(?= \'| of |: )' : ` ${escaped(expected.value)}`;
  return `invalid ${escaped(expected.property)}${value}.*${source(expected.fragment)}`;
}

function source(pattern: string | RegExp): string {
  return typeof pattern === 'string' ? escaped(pattern) : `(?:${pattern.source})`;
}

function whole(pattern: RegExp): RegExp {
  return new RegExp(`^(?:${pattern.source})$`);
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
