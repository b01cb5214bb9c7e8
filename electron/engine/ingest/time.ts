/**
 * Timestamps in evidence. AuditData.CreationTime is UTC without a `Z`; wrapper columns carry the
 * collecting machine's culture. Nothing here ever applies the analyst's local time zone.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** Parse an ISO-8601 timestamp; one without an offset is taken as UTC. Returns epoch ms or null. */
export function parseIsoUtc(value: string): number | null {
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
  if (!validParts(t, Number(y), Number(mo), Number(d))) return null;
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return t;
}

const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([AaPp][Mm])?$/;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Parse a culture-formatted UTC timestamp when its form is unambiguous on its own:
 * `M/d/yyyy h:mm:ss AM/PM` (12-hour clock is US), `dd.MM.yyyy HH:mm:ss`, or a slash date whose
 * first or second part is above 12. Returns null for an ambiguous `03/04/2024 09:15`.
 */
export function parseCultureUtc(value: string): number | null {
  const s = value.trim();
  const iso = parseIsoUtc(s);
  if (iso !== null) return iso;
  let m = US.exec(s);
  if (m) {
    const [, a, b, y, h, mi, sec, , ampm] = m;
    const first = Number(a);
    const second = Number(b);
    let hour = Number(h);
    let month: number;
    let day: number;
    if (ampm) {
      month = first;
      day = second;
      if (hour === 12) hour = 0;
      if (/p/i.test(ampm)) hour += 12;
    } else if (first > 12) {
      day = first;
      month = second;
    } else if (second > 12) {
      month = first;
      day = second;
    } else return null;
    const t = Date.UTC(Number(y), month - 1, day, hour, Number(mi), Number(sec ?? 0));
    return validParts(t, Number(y), month, day) ? t : null;
  }
  m = DOTTED.exec(s);
  if (m) {
    const [, d, mo, y, h, mi, sec] = m;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0));
    return validParts(t, Number(y), Number(mo), Number(d)) ? t : null;
  }
  return null;
}

function validParts(t: number, y: number, mo: number, d: number): boolean {
  if (!Number.isFinite(t)) return false;
  const dt = new Date(t);
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export const toIso = (ms: number): string => new Date(ms).toISOString();

/**
 * An ISO-8601 timestamp as toIso's UTC text, or null when unreadable. AuditData's own form
 * (`2024-03-01T00:00:09`, UTC without a zone) is checked and rewritten without building a Date:
 * parsing and re-printing a million of those cost ~2 s of a 1M-record import (bench:import).
 */
export function isoUtcText(value: string): string | null {
  if (value.length === 19 && isPlainUtcSeconds(value)) return `${value}.000Z`;
  const ms = parseIsoUtc(value);
  return ms === null ? null : toIso(ms);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The decimal number at v[at, at + len), or -1 when a character is not a digit. */
function digitsAt(v: string, at: number, len: number): number {
  let out = 0;
  for (let i = at; i < at + len; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    out = out * 10 + d;
  }
  return out;
}

function isPlainUtcSeconds(v: string): boolean {
  if (
    v.charCodeAt(4) !== 45 ||
    v.charCodeAt(7) !== 45 ||
    v.charCodeAt(10) !== 84 ||
    v.charCodeAt(13) !== 58 ||
    v.charCodeAt(16) !== 58
  )
    return false;
  const year = digitsAt(v, 0, 4);
  const month = digitsAt(v, 5, 2);
  const day = digitsAt(v, 8, 2);
  const hour = digitsAt(v, 11, 2);
  const minute = digitsAt(v, 14, 2);
  const second = digitsAt(v, 17, 2);
  if (
    year < 1 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return false;
  if (day > DAYS_IN_MONTH[month - 1]!) return false;
  return month !== 2 || day < 29 || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
}
