/**
 * How deeply JSON nests, checked before a record is stored.
 *
 * SQLite's JSON functions refuse a document nested more than 1,000 levels ("malformed JSON"), and
 * analysis reads stored records with them; recursive code (JSON.stringify, canonical ids) overflows
 * the stack far deeper. No Microsoft export nests beyond a dozen levels, so a deeper record is a
 * hostile or broken one: it is rejected at import with its row and this reason, and its full source
 * text is kept with the rejection. Cutting the deep part instead would store text that is not the
 * evidence as written.
 */

/** Deepest nesting stored: SQLite's JSON limit, counting the record's own object as level 1. */
export const MAX_JSON_DEPTH = 1000;

export function tooDeepReason(depth: number): string {
  return (
    `JSON nested ${depth > 100_000 ? 'more than 100,000' : depth.toLocaleString('en-US')} levels deep; ` +
    `records deeper than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels are not stored ` +
    "(SQLite's JSON limit; no export nests like that)"
  );
}

/**
 * The nesting depth of JSON text (brackets outside strings), stopping early past `stopAt`. A text
 * of n characters nests at most n/2 levels, so short texts are answered without a scan.
 */
export function jsonTextDepth(text: string, stopAt = 100_001): number {
  if (text.length <= 2 * MAX_JSON_DEPTH) return 0;
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) {
        max = depth;
        if (max >= stopAt) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** The nesting depth of a parsed value, without recursion, stopping early past `stopAt`. */
export function jsonValueDepth(value: unknown, stopAt = 100_001): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) {
      max = d;
      if (max >= stopAt) return max;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}
