/**
 * `IN (...)` lists, written one way: bound parameters, chunked below SQLite's parameter limit.
 * Values (ids, operations, message ids) are never concatenated into SQL text.
 */

/** Parameters per statement; SQLite allows 32,766, smaller chunks keep each statement cheap to prepare. */
export const IN_CHUNK = 500;

/** `?, ?, ?` for `n` values. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Run `query` for each chunk of `values` and concatenate the results, in chunk order. */
export function chunked<V, R>(values: readonly V[], query: (chunk: readonly V[]) => R[], size = IN_CHUNK): R[] {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += size) out.push(...query(values.slice(i, i + size)));
  return out;
}
