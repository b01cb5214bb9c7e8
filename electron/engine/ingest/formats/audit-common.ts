/**
 * Helpers shared by the audit-container parsers that are not the AuditData CSV: looking at the first
 * JSON records of a sniffed file, case-insensitive field access, stable ids for sources that have
 * none, undoing PowerShell's stringification of nested objects, and flattened records' CreationTime.
 */
import crypto from 'node:crypto';
import { RowError } from '../audit-record.js';
import { parseCultureDate, type DateOrder } from '../culture-dates.js';
import { jsonTextDepth, MAX_JSON_DEPTH, tooDeepReason } from '../json-depth.js';
import { headKeys, peekJsonRecords } from '../json-stream.js';
import type { Sniff } from '../sniff.js';
import { parseIsoUtc, toIso } from '../time.js';

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface JsonHead {
  /** Complete records found in the first 64 KiB. */
  records: unknown[];
  /** Lowercased keys appearing anywhere in the head (used when no record is complete). */
  keys: Set<string>;
}

// Every JSON detector looks at the same head; parse it once per sniff.
const heads = new WeakMap<Sniff, JsonHead>();

export function jsonHead(s: Sniff): JsonHead | null {
  if (s.kind !== 'json') return null;
  let head = heads.get(s);
  if (!head) {
    const records = peekJsonRecords(s.text, 3);
    head = { records, keys: records.length > 0 ? new Set() : headKeys(s.text) };
    heads.set(s, head);
  }
  return head;
}

/** The first record when it is an object, else null. */
export function firstObject(s: Sniff): JsonObject | null {
  const first = jsonHead(s)?.records[0];
  return isObject(first) ? first : null;
}

/** True when the head's first record (or, failing that, the head's keys) has every key, case-insensitively. */
export function headHas(s: Sniff, ...keys: string[]): boolean {
  const head = jsonHead(s);
  if (!head) return false;
  const first = head.records[0];
  if (isObject(first)) {
    const own = new Set(Object.keys(first).map((k) => k.toLowerCase()));
    return keys.every((k) => own.has(k.toLowerCase()));
  }
  return head.records.length === 0 && keys.every((k) => head.keys.has(k.toLowerCase()));
}

/** Field by name, case-insensitively (exact match first). */
export function field(obj: JsonObject, ...names: string[]): unknown {
  for (const name of names) if (Object.hasOwn(obj, name)) return obj[name];
  const lower = names.map((n) => n.toLowerCase());
  for (const key of Object.keys(obj)) if (lower.includes(key.toLowerCase())) return obj[key];
  return undefined;
}

/** A trimmed non-empty string (numbers as text), else undefined. */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A field that some exports hold as a JSON string (Sentinel `InitiatedBy`, `Folders` …), parsed. */
export function jsonField(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return v;
  const depth = jsonTextDepth(t);
  if (depth > MAX_JSON_DEPTH) throw new RowError(`a cell holds ${tooDeepReason(depth)}`);
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return v;
  }
}

/**
 * A stable record id for sources without one: `sha256:` + hash of the record with keys sorted at
 * every level, so whitespace, key order and re-serialisation do not change it and re-imports dedupe.
 */
export function canonicalId(value: unknown): string {
  return `sha256:${crypto.createHash('sha256').update(canonical(value)).digest('hex')}`;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * A timestamp as JSON evidence carries it: ISO (UTC when it has no offset) or Windows PowerShell
 * 5.1's `\/Date(1709543702000)\/` (epoch ms, JSON-decoded to `/Date(…)/`). ISO UTC or undefined.
 */
export function jsonTime(v: unknown): string | undefined {
  const s = text(v);
  if (!s) return undefined;
  const ms = /^\/?Date\((-?\d+)(?:[+-]\d{4})?\)\/?$/.exec(s);
  if (ms) return toIso(Number(ms[1]));
  const iso = parseIsoUtc(s);
  return iso === null ? undefined : toIso(iso);
}

/**
 * PowerShell's rendering of a nested object as a string, `@{Value=Bind; Name=MailAccessType}`
 * (Defender RawEventData, shallow ConvertTo-Json): back to an object. Values stay strings;
 * `System.Object[]` marks a value lost at export time and is kept as written.
 */
export function parsePsHashtable(s: string): JsonObject | null {
  const m = /^@\{(.*)\}$/s.exec(s.trim());
  if (!m) return null;
  const out: JsonObject = {};
  let last: string | null = null;
  for (const part of m[1]!.split('; ')) {
    const eq = part.indexOf('=');
    if (eq > 0 && /^[\w.]+$/.test(part.slice(0, eq))) {
      last = part.slice(0, eq);
      out[last] = part.slice(eq + 1);
    } else if (last !== null) out[last] = `${String(out[last])}; ${part}`; // a value containing "; "
  }
  return out;
}

/** Arrays of `@{…}` strings inside a record (one level deep) become arrays of objects. */
export function repairPsStrings(record: JsonObject): JsonObject {
  const out: JsonObject = { ...record };
  for (const [key, value] of Object.entries(record)) {
    if (!Array.isArray(value)) continue;
    if (!value.some((x) => typeof x === 'string' && x.startsWith('@{'))) continue;
    out[key] = (value as unknown[]).map((x) => (typeof x === 'string' ? (parsePsHashtable(x) ?? x) : x));
  }
  return out;
}

/**
 * A flattened record's CreationTime as AuditData writes it (`2024-03-04T09:15:02`): ISO values are
 * left as they are (undefined), culture-formatted ones (re-rendered by the collector) converted with
 * the file's decided day/month order. Throws RowError when the value is neither.
 */
export function flatCreationTime(value: string | undefined, order: DateOrder): string | undefined {
  const created = value?.trim() ?? '';
  if (created === '' || parseIsoUtc(created) !== null) return undefined;
  const ms = parseCultureDate(created, order);
  if (ms === null) throw new RowError(`CreationTime ${JSON.stringify(created)} is not a readable date`);
  return toIso(ms).slice(0, 19);
}
