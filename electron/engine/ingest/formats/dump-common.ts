/**
 * Helpers shared by the permission / configuration dump parsers: header detection by column names,
 * the joined-or-leaked multi-value cells PowerShell writes, `True`/`False` cells, and an alias
 * recorder that reports each learned mapping once per file.
 */
import { RowError } from '../audit-record.js';
import type { CsvRow } from '../csv-table.js';
import type { DetectedFormat, EvidenceSink } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import { isTypeNameLeak } from '../type-names.js';
import { type NormalizedPermission, type PermissionKind } from '../../records/types.js';
import type { Sniff } from '../sniff.js';

export type CsvSniff = Extract<Sniff, { kind: 'csv' }>;

/** What a dump parser reads of one object: a CSV row, or a record of a Format-List text dump. */
export type DumpRow = Pick<CsvRow, 'row' | 'line' | 'get' | 'record'>;

/** True when the sniff is a CSV whose header has every `required` column (lowercase names). */
export function hasColumns(s: Sniff, ...required: string[]): s is CsvSniff {
  return s.kind === 'csv' && required.every((c) => s.columns.includes(c));
}

export function hasAny(s: CsvSniff, ...names: string[]): boolean {
  return names.some((c) => s.columns.includes(c));
}

/** The detection result with the header facts every CSV dump reports (#TYPE line, delimiter). */
export function csvFormat(s: CsvSniff, format: string, label: string, extra: string[] = []): DetectedFormat {
  const notes: string[] = [];
  if (s.typeLine) notes.push(`first line "${s.typeLine.slice(0, 120)}" skipped`);
  if (s.delimiter !== ',') notes.push(`delimiter ${s.delimiter === '\t' ? 'TAB' : JSON.stringify(s.delimiter)}`);
  return { format, label, notes: [...notes, ...extra] };
}

/** `True` / `False` as PowerShell writes booleans; anything else (empty, leaked) is unknown. */
/** The row's mailbox: the first of `columns` holding an identity; a row without one is rejected. */
export function mailboxOf(r: DumpRow, columns: readonly string[]): string {
  for (const c of columns) {
    const id = normalizeIdentity(r.get(c));
    if (id) return id;
  }
  throw new RowError(`no mailbox identity (${columns.join(', ')} are all empty)`);
}

export function bool(value: string | undefined): boolean | null {
  const v = value?.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}

export const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** The cell trimmed, or null when empty. */
export function cell(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

export interface SplitValues {
  values: string[];
  /** The cell held a .NET type name: the values were lost when the file was written. */
  valuesLost: boolean;
}

/**
 * A multi-valued cell of single-word tokens (rights, device ids): `FullAccess, ReadPermission`,
 * `FullAccess,ReadPermission`, `{FullAccess, ReadPermission}` or PowerShell's `$OFS` space join.
 * Such tokens never contain spaces, so any of `, ; space` separates them.
 */
export function splitTokens(value: string | undefined): SplitValues {
  const v = (value ?? '').trim();
  if (isTypeNameLeak(v)) return { values: [], valuesLost: true };
  const inner = v.replace(/^\{/, '').replace(/\}$/, '');
  return { values: inner.split(/[\s,;]+/).filter((t) => t !== ''), valuesLost: false };
}

/**
 * A multi-valued cell of recipient identities (GrantSendOnBehalfTo). Names may contain `, `
 * (`NotWorking, User`), so a comma splits only when every piece is a single word (alias or SMTP);
 * otherwise the cell stays one identity as written rather than guessing where names end.
 */
export function splitIdentities(value: string | undefined): SplitValues {
  const v = (value ?? '').trim();
  if (isTypeNameLeak(v)) return { values: [], valuesLost: true };
  const inner = v.replace(/^\{/, '').replace(/\}$/, '').trim();
  if (inner === '') return { values: [], valuesLost: false };
  if (/[;\r\n]/.test(inner))
    return { values: inner.split(/\s*[;\r\n]+\s*/).filter((t) => t !== ''), valuesLost: false };
  const commaPieces = inner.split(/\s*,\s*/).filter((t) => t !== '');
  if (commaPieces.length > 1 && commaPieces.every((p) => !/\s/.test(p)))
    return { values: commaPieces, valuesLost: false };
  return { values: [inner], valuesLost: false };
}

export type PermissionExtras = Partial<Omit<NormalizedPermission, 'kind' | 'mailbox' | 'trustee' | 'raw'>>;

/** A permission entry with the fields most dumps leave unknown already set. */
export function permissionEntry(
  kind: PermissionKind,
  mailbox: string,
  trustee: string | null,
  raw: Record<string, string>,
  more: PermissionExtras = {},
): NormalizedPermission {
  return {
    kind,
    mailbox,
    trustee,
    rights: [],
    folder: null,
    inherited: null,
    deny: null,
    valuesLost: false,
    observedAt: null,
    raw,
    ...more,
  };
}

/** What a per-object dump function writes to: the sink, and the file's alias recorder and note counter. */
export interface DumpRowTools {
  sink: EvidenceSink;
  aliases: AliasRecorder;
  notes: NoteCounter;
}

/** Records `alias -> principal` mappings, each once per file (dumps repeat them on every row). */
export class AliasRecorder {
  private readonly seen = new Set<string>();
  constructor(private readonly sink: EvidenceSink) {}

  add(principal: string | null, alias: string | null | undefined): void {
    if (!principal || !alias) return;
    const a = alias.trim();
    if (a === '' || a === principal || isTypeNameLeak(a)) return;
    const key = `${principal}\u0000${a}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.sink.alias(principal, a);
  }
}

/** `Display Name (smtp@domain)` as Extractor-Suite writes resolved trustees; null when not that form. */
export function displayWithSmtp(text: string): { display: string; smtp: string } | null {
  const m = /^(.*?)\s*\(([^()\s]+@[^()\s]+)\)$/.exec(text.trim());
  if (!m) return null;
  return { display: m[1]!.trim(), smtp: normalizeIdentity(m[2]!)! };
}

/** Counts of skipped-but-explained rows, reported as one note each at the end of a file. */
export class NoteCounter {
  private readonly counts = new Map<string, { n: number; examples: string[] }>();

  add(reason: string, example?: string): void {
    let c = this.counts.get(reason);
    if (!c) this.counts.set(reason, (c = { n: 0, examples: [] }));
    c.n++;
    if (example && c.examples.length < 5 && !c.examples.includes(example)) c.examples.push(example);
  }

  flush(sink: EvidenceSink): void {
    for (const [reason, c] of this.counts)
      sink.note(`${c.n} ${reason}${c.examples.length ? ` (e.g. ${c.examples.join(', ')})` : ''}`);
  }
}

/** The smtp: proxy addresses of an EmailAddresses cell however it was joined (X500/SIP entries skipped). */
export function proxySmtpAddresses(value: string | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const m of value.matchAll(/(?:^|[\s,;{])smtp:([^\s,;{}]+@[^\s,;{}]+)/gi)) out.push(m[1]!.toLowerCase());
  return out;
}

/** Client-access switches only a CAS mailbox has (Get-Mailbox has none of them). */
export const PROTOCOL_PROPERTIES = [
  'ActiveSyncEnabled',
  'OWAEnabled',
  'EwsEnabled',
  'MAPIEnabled',
  'PopEnabled',
  'ImapEnabled',
  'ECPEnabled',
];

/** Two client-access switches in a header mark a Get-CASMailbox / Get-EXOCasMailbox dump. */
export function isCasHeader(s: CsvSniff): boolean {
  return PROTOCOL_PROPERTIES.filter((p) => s.columns.includes(p.toLowerCase())).length >= 2;
}
