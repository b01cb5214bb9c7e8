/**
 * Cmdlet parameters as audit records carry them (`Parameters: [{Name, Value}]`), read by name.
 */

/** `[{Name, Value}]` to an object; a missing Value (seen in real records) becomes ''. */
export function nameValueMap(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const name = (item as { Name?: unknown }).Name;
    if (typeof name !== 'string' || name === '') continue;
    const value = (item as { Value?: unknown }).Value;
    out[name] = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** Case-insensitive parameter lookup (callers type parameter names in any case). */
export function lookup(params: Record<string, string>, name: string): string | undefined {
  if (Object.hasOwn(params, name)) return params[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(params)) if (key.toLowerCase() === lower) return params[key];
  return undefined;
}
