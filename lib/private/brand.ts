import { IConstruct } from 'constructs';

/**
 * Brands: how the library recognises its own objects without `instanceof` or a map of this module, so two
 * copies of the library in one app (one per dependency tree) still recognise each other's objects.
 * A brand is a `Symbol.for` key, global to the runtime, set as a non-enumerable property.
 */

/** Marks `target` with `brand`. */
export function markBranded(target: object, brand: symbol): void {
  Object.defineProperty(target, brand, { value: true });
}

/** Whether `x` carries `brand`. */
export function isBranded(x: unknown, brand: symbol): boolean {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brand] === true;
}

/** The child `id` of `parent` when it carries `brand` (a per-stack or per-app registry, created on first use). */
export function findBranded<T extends IConstruct>(parent: IConstruct, id: string, brand: symbol): T | undefined {
  const existing = parent.node.tryFindChild(id);
  return isBranded(existing, brand) ? existing as T : undefined;
}
