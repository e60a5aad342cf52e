import { IConstruct } from 'constructs';
import { isBranded, markBranded } from './private/brand';

/** Marks the library's errors, so `isLogDestinationsError` recognises them across two copies of the library in one app. */
const BRAND = Symbol.for('cdk-log-destinations.LogDestinationsError');

/**
 * The error this library throws for bad input, when a construct or a method is called.
 *
 * Every message names the construct path, the property, the value received, the rule that was
 * broken and how to fix it, in that order: `<path>: invalid <property> '<value>': <rule>. <fix>`.
 *
 * In TypeScript and JavaScript, catch it with `LogDestinationsError.isLogDestinationsError(e)` (which,
 * unlike `instanceof`, also works when an app holds two copies of the library) or by `e.name`. jsii
 * cannot carry an `Error` subclass to the other languages: there it reaches you as the runtime's
 * JavaScript error (for example a `RuntimeError` in Python) whose message starts with the construct
 * path and `: invalid`.
 *
 * Problems that only the finished app shows (a policy over its size limit, a sender the destination
 * never admitted) are reported by `cdk synth` through aws-cdk-lib's own validation error, which lists
 * each of them as `[<path>] invalid ...`.
 *
 * @jsii ignore
 */
export class LogDestinationsError extends Error {
  /** Whether `x` is an error of this library, from this copy of it or another. */
  public static isLogDestinationsError(x: unknown): x is LogDestinationsError {
    return isBranded(x, BRAND);
  }

  /** The construct path of the construct that rejected the input. */
  public readonly constructPath: string;

  constructor(scope: IConstruct, message: string) {
    super(`${scope.node.path || '<root>'}: ${message}`);
    this.name = 'LogDestinationsError';
    this.constructPath = scope.node.path;
    markBranded(this, BRAND);
    Object.setPrototypeOf(this, LogDestinationsError.prototype);
  }
}
