import { IConstruct } from 'constructs';
import { invalidInput } from './errors';

/**
 * Calls the hidden hook `hook` (an `@internal` member, such as a target's `_bind`) of an object of one of the library's
 * polymorphic types: `value`, passed to `scope` as `property`. Only the objects of the type's factories have the hook,
 * those of this copy of the library and those of another copy in the app of the same version alike. A subclass written
 * outside the library, or an object of an older copy (0.2 and earlier, where the hook was public), is
 * refused with the way out, rather than failing with a `TypeError`.
 *
 * @param type the public type, such as 'LogDestinationTarget'
 * @param factories how to make one, such as 'LogDestinationTarget.kinesisStream(), firehose() or fromArn()'
 */
export function callHook<T>(
  scope: IConstruct, property: string, value: object, type: string, factories: string, hook: string, ...args: unknown[]): T {
  const fn = (value as Record<string, unknown>)[hook];
  if (typeof fn !== 'function') {
    const name = value.constructor?.name;
    throw invalidInput(scope, property, name && name !== 'Object' ? name : `a ${type}`,
      `a ${type} comes from its factories, and this one does not: a subclass of your own, or an object of an older copy of `
      + 'cdk-log-destinations in the app',
      `Create it with ${factories}, and keep one version of cdk-log-destinations in the app (npm ls cdk-log-destinations)`);
  }
  return (fn as (...a: unknown[]) => T).apply(value, args);
}
