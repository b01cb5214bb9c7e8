/**
 * Values read out of parsed AuditData, which is attacker-influenced JSON: a field documented as a
 * string may arrive as a number, an object or be missing.
 */

/** A JSON value as text: strings as they are, numbers and booleans printed, objects as JSON, nothing as ''. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
