/**
 * The timeline's search AST (shared/search-query.ts) compiled into one SQL condition per source,
 * every value a bound parameter. A field a source does not have is false for that source (so
 * `-subject:x` keeps every audit record, and `subject:x` asks no audit query at all).
 *
 * Matching: a free word or phrase is contained in one of the source's free-text columns; `field:value`
 * is the column's whole value, `*` standing for any run of characters. Case-insensitive (ASCII, as
 * SQLite's LIKE and NOCASE are). Exact values on indexed columns are written so the index serves
 * them: addresses and client IPs are stored lowercase (records/identity.ts), so they compare with `=`
 * on the lowercased value; record ids try the value as written, lowercase and uppercase against
 * the unique index; an operation is first looked up among the case's distinct operations (a skip
 * over the operation index, one seek per distinct name) and then matched by the spellings found.
 */
import type { SearchField, SearchNode, SearchTerm } from '../../../shared/search-query.js';
import { hasWildcard, matchesPattern } from '../../../shared/search-query.js';
import type { TimelineSource } from '../../../shared/requests/timeline.js';
import { normalizeClientIp } from '../records/identity.js';
import { sqlite, type ReadDb } from './db.js';
import { placeholders } from './sql-lists.js';

/** How a column compares: what is stored in it decides which form of a value can use its index. */
type ColumnKind =
  | 'text' // as written: NOCASE equality, LIKE
  | 'identity' // addresses lowercased, other names as written
  | 'ip' // lowercase bare address, indexed
  | 'record-id' // AuditData Id, unique index
  | 'operation' // audit operation, indexed as written: resolved to the spellings the case holds
  | 'session' // the audit_session table
  | 'file'; // the evidence file's name, through evidence_id

interface Column {
  sql: string;
  kind: ColumnKind;
  /** An identity column with an index on it (its exact lowercase address is a seek). */
  indexed?: boolean;
}

const col = (sql: string, kind: ColumnKind = 'text'): Column => ({ sql, kind });
/** Identity columns with an index (message_sender_time; audit_event_actor_ip, audit_event_target, message_recipient). */
const indexedIdentity = (sql: string): Column => ({ sql, kind: 'identity', indexed: true });

/** Columns each field searches, per source (table aliases: a = audit_event, m = message, e = evidence). */
const FIELDS: Record<TimelineSource, Partial<Record<SearchField, Column[]>>> = {
  audit: {
    actor: [indexedIdentity('a.actor')],
    target: [indexedIdentity('a.target')],
    ip: [col('a.client_ip', 'ip')],
    op: [col('a.operation', 'operation')],
    result: [col('a.result_status')],
    file: [col('a.evidence_id', 'file')],
    id: [col('a.record_id', 'record-id')],
    session: [col('a.id', 'session')],
  },
  message: {
    actor: [indexedIdentity('m.sender')],
    sender: [indexedIdentity('m.sender')],
    target: [indexedIdentity('m.recipient')],
    recipient: [indexedIdentity('m.recipient')],
    ip: [col('m.client_ip', 'ip')],
    result: [col('m.status')],
    subject: [col('m.subject')],
    file: [col('m.evidence_id', 'file')],
    id: [col('m.message_id'), col('m.trace_id')],
  },
  dump: {
    op: [col('e.format_label'), col('e.format')],
    file: [col('e.file_name')],
  },
};

/** What a free word or phrase is looked for in. */
const FREE_TEXT: Record<TimelineSource, Column[]> = {
  audit: [col('a.operation'), col('a.actor'), col('a.target'), col('a.client_ip')],
  message: [col('m.sender'), col('m.recipient'), col('m.subject'), col('m.status')],
  dump: [col('e.format_label'), col('e.file_name')],
};

/**
 * A condition for one source: SQL with `?` placeholders, or a constant (no query / no filter).
 * `indexed`: an index finds the matching rows (an exact IP, session, record id or address is ANDed
 * in); otherwise rows are tested one by one, and readers bound how many they test per request.
 */
export interface Condition {
  sql: string;
  params: unknown[];
  indexed: boolean;
}
export type SourceFilter = Condition | true | false;

/** Where a search is compiled: the source, and the case (to resolve operation names; without it they are scanned for). */
interface Target {
  source: TimelineSource;
  db: ReadDb | null;
}

export function compileFilter(node: SearchNode | null, source: TimelineSource, db: ReadDb | null = null): SourceFilter {
  if (!node) return true;
  return compile(node, { source, db });
}

function compile(node: SearchNode, to: Target): SourceFilter {
  switch (node.type) {
    case 'term':
      return term(node, to);
    case 'not': {
      const inner = compile(node.child, to);
      if (typeof inner === 'boolean') return !inner;
      // A NULL column makes a comparison NULL, and NOT NULL is NULL: coalesce so `-ip:x` keeps rows without one.
      return { sql: `NOT coalesce((${inner.sql}), 0)`, params: inner.params, indexed: false };
    }
    case 'and':
    case 'or': {
      const parts: Condition[] = [];
      for (const child of node.children) {
        const c = compile(child, to);
        if (c === (node.type === 'or')) return c; // OR with true, AND with false
        if (typeof c !== 'boolean') parts.push(c);
      }
      if (parts.length === 0) return node.type === 'and';
      return join(parts, node.type === 'and' ? ' AND ' : ' OR ');
    }
  }
}

/** AND is served by an index when one of its parts is; OR when all of them are. */
function join(parts: Condition[], op: ' AND ' | ' OR '): Condition {
  if (parts.length === 1) return parts[0]!;
  return {
    sql: parts.map((p) => `(${p.sql})`).join(op),
    params: parts.flatMap((p) => p.params),
    indexed: op === ' AND ' ? parts.some((p) => p.indexed) : parts.every((p) => p.indexed),
  };
}

function term(t: SearchTerm, to: Target): SourceFilter {
  const { source } = to;
  if (t.field === 'source') return matchesPattern(source, t.value, !t.phrase);
  if (t.field === null)
    return join(
      FREE_TEXT[source].map((c) => contains(c, t)),
      ' OR ',
    );
  const columns = FIELDS[source][t.field];
  if (!columns) return false;
  return join(
    columns.map((c) => whole(c, t, to)),
    ' OR ',
  );
}

/** `%` and `_` are literal in a value; `*` (in a word) is the wildcard. */
function likePattern(value: string, wild: boolean): string {
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return wild ? escaped.replaceAll('*', '%') : escaped;
}

/** GLOB matches case-sensitively, on the lowercase values of indexed columns; `*` is its own wildcard. */
const globPattern = (value: string): string => value.replace(/[[\]?]/g, (c) => `[${c}]`);

const like = (sql: string, pattern: string): Condition => ({
  sql: `${sql} LIKE ? ESCAPE '\\'`,
  params: [pattern],
  indexed: false,
});

/** Free text: the value inside the column. */
function contains(c: Column, t: SearchTerm): Condition {
  return like(c.sql, `%${likePattern(t.value, hasWildcard(t))}%`);
}

/**
 * `field:value`: the column's whole value. Wildcards are never counted as indexed: even a prefix
 * (`ip:10.*`) can match most of a case, which an index range and a sort would serve worse than a scan.
 */
function whole(c: Column, t: SearchTerm, to: Target): Condition {
  const wild = hasWildcard(t);
  const v = t.value;
  switch (c.kind) {
    case 'operation': {
      if (wild || !to.db) return wild ? like(c.sql, likePattern(v, true)) : nocase(c.sql, v);
      const names = operationsNamed(to.db, v);
      // None: nothing matches (a constant false the index answers at once).
      if (names.length === 0) return { sql: '0', params: [], indexed: true };
      const sql = names.length === 1 ? `${c.sql} = ?` : `${c.sql} IN (${placeholders(names.length)})`;
      return { sql, params: names, indexed: true };
    }
    case 'ip':
      if (wild) return { sql: `${c.sql} GLOB ?`, params: [globPattern(v.toLowerCase())], indexed: false };
      return { sql: `${c.sql} = ?`, params: [normalizeClientIp(v) ?? v.toLowerCase()], indexed: true };
    case 'session':
      return {
        sql: `${c.sql} IN (SELECT event_id FROM audit_session WHERE session ${wild ? 'GLOB' : '='} ?)`,
        params: [wild ? globPattern(v.toLowerCase()) : v.trim().toLowerCase()],
        indexed: !wild,
      };
    case 'file':
      return {
        sql: `${c.sql} IN (SELECT id FROM evidence WHERE ${wild ? "file_name LIKE ? ESCAPE '\\'" : 'file_name = ? COLLATE NOCASE'})`,
        params: [wild ? likePattern(v, true) : v],
        indexed: false,
      };
    case 'record-id':
      if (wild) return like(c.sql, likePattern(v, true));
      return { sql: `${c.sql} IN (?, ?, ?)`, params: [v, v.toLowerCase(), v.toUpperCase()], indexed: true };
    case 'identity':
      if (wild) return like(c.sql, likePattern(v, true));
      // Addresses are stored lowercase: `=` on the lowercase value uses the column's index.
      if (/^[^\s@]+@[^\s@]+$/.test(v.trim()))
        return { sql: `${c.sql} = ?`, params: [v.trim().toLowerCase()], indexed: c.indexed === true };
      return nocase(c.sql, v);
    case 'text':
      return wild ? like(c.sql, likePattern(v, true)) : nocase(c.sql, v);
  }
}

const nocase = (sql: string, value: string): Condition => ({
  sql: `${sql} = ? COLLATE NOCASE`,
  params: [value],
  indexed: false,
});

/** The spellings of an operation the case holds, compared case-insensitively (a skip over audit_event_operation). */
export function operationsNamed(db: ReadDb, name: string): string[] {
  return sqlite(db)
    .prepare(
      `WITH RECURSIVE ops(op) AS (
         SELECT min(operation) FROM audit_event
         UNION ALL
         SELECT (SELECT min(operation) FROM audit_event WHERE operation > ops.op) FROM ops WHERE ops.op IS NOT NULL
       ) SELECT op FROM ops WHERE op = ? COLLATE NOCASE`,
    )
    .pluck()
    .all(name) as string[];
}
