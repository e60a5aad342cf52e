/** The statistics every benchmark reports. No imports: bench/minimal.ts's children load this file and nothing else of the project's. */

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of each named field over `runs`. */
export function medians<K extends string>(runs: ReadonlyArray<Readonly<Record<K, number>>>, keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map(key => [key, median(runs.map(run => run[key]))])) as Record<K, number>;
}
