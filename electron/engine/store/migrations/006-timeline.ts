import { sessionIdsOf } from '../audit-sessions.js';
import type { Migration } from './migration.js';

/** Formats known when version 6 was written, by what they hold (every other format is an audit log). */
const DUMP_FORMATS = [
  'ad-permission-csv',
  'cas-mailbox-csv',
  'crt-mail-forwarding-csv',
  'crt-mailbox-permission-csv',
  'crt-recipient-permission-csv',
  'crt-transport-rules-csv',
  'extractor-mailbox-permissions-csv',
  'extractor-mailbox-rules-csv',
  'extractor-oauth-permissions-csv',
  'extractor-transport-rules-csv',
  'folder-permission-csv',
  'format-list-mailbox-txt',
  'get-mailbox-csv',
  'hawk-forwarding-report-csv',
  'inbox-rule-csv',
  'mailbox-permission-csv',
  'mandiant-folder-permission-csv',
  'recipient-permission-csv',
  'transport-rule-csv',
];
const TRACE_FORMATS = [
  'eac-trace-enhanced-summary-csv',
  'eac-trace-extended-csv',
  'message-trace-csv',
  'message-trace-detail-csv',
  'message-trace-json',
  'message-trace-v2-csv',
  'message-tracking-log-csv',
  'msgtrk-log',
];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');
/** Epoch minute of a stored ISO time (`YYYY-MM-DDTHH:MM…Z`). */
const minuteOf = (col: string) => `(unixepoch(substr(${col}, 1, 16) || ':00Z') / 60)`;

export const migration: Migration = {
  version: 6,
  name: 'timeline: evidence kind, event buckets, audit sessions, pivot indexes',
  up(db) {
    db.exec(`
      -- What a file holds, decided by the importer from the rows it wrote (a file of only duplicates
      -- or rejections: by its format's family). Files imported before: by format, all known today.
      ALTER TABLE evidence ADD COLUMN kind TEXT CHECK (kind IN ('audit', 'trace', 'dump'));
      UPDATE evidence SET kind = CASE
        WHEN format IN (${list(DUMP_FORMATS)}) THEN 'dump'
        WHEN format IN (${list(TRACE_FORMATS)}) THEN 'trace'
        ELSE 'audit' END;

      -- Events per source per bucket (grain 1: minutes, 60: hours; start in epoch minutes, UTC),
      -- counted as rows are inserted: the timeline's histogram sums these, never the raw rows. A dump
      -- counts once, at its collection time.
      CREATE TABLE timeline_bucket (
        grain   INTEGER NOT NULL,
        source  TEXT NOT NULL CHECK (source IN ('audit', 'message', 'dump')),
        start   INTEGER NOT NULL,
        n       INTEGER NOT NULL,
        PRIMARY KEY (grain, source, start)
      ) WITHOUT ROWID;
      INSERT INTO timeline_bucket (grain, source, start, n)
        SELECT 1, 'audit', ${minuteOf('m')}, n
        FROM (SELECT substr(time, 1, 16) AS m, count(*) AS n FROM audit_event GROUP BY m) WHERE ${minuteOf('m')} IS NOT NULL;
      INSERT INTO timeline_bucket (grain, source, start, n)
        SELECT 1, 'message', ${minuteOf('m')}, n
        FROM (SELECT substr(time, 1, 16) AS m, count(*) AS n FROM message GROUP BY m) WHERE ${minuteOf('m')} IS NOT NULL;
      INSERT INTO timeline_bucket (grain, source, start, n)
        SELECT 1, 'dump', minute, count(*)
        FROM (SELECT ${minuteOf('collected_at')} AS minute FROM evidence WHERE kind = 'dump' AND collected_at IS NOT NULL)
        WHERE minute IS NOT NULL GROUP BY minute;
      INSERT INTO timeline_bucket (grain, source, start, n)
        SELECT 60, source, start - ((start % 60) + 60) % 60 AS hour, sum(n)
        FROM timeline_bucket WHERE grain = 1 GROUP BY source, hour;

      -- Session ids of audit records (SessionId, AppAccessContext.AADSessionId), lowercase: the
      -- timeline's session: search and "same session" pivot (see store/audit-sessions.ts).
      CREATE TABLE audit_session (
        session   TEXT NOT NULL,
        event_id  INTEGER NOT NULL REFERENCES audit_event(id),
        PRIMARY KEY (session, event_id)
      ) WITHOUT ROWID;

      -- "Same address" pivots on message-trace rows (audit_event_client_ip exists since version 3);
      -- only rows that carry an address are indexed.
      CREATE INDEX message_client_ip ON message(client_ip, time) WHERE client_ip IS NOT NULL;
      -- Findings marked in place: which findings cite a page's rows.
      CREATE INDEX finding_ref_source ON finding_ref(source, source_id);
    `);
    // In id order, a chunk at a time (a statement cannot write while another one iterates).
    const insert = db.prepare('INSERT OR IGNORE INTO audit_session (session, event_id) VALUES (?, ?)');
    const chunk = db.prepare(
      `SELECT id, raw FROM audit_event WHERE id > ? AND instr(raw, 'SessionId"') > 0 ORDER BY id LIMIT 2000`,
    );
    for (let after = 0; ;) {
      const rows = chunk.all(after) as Array<{ id: number; raw: string }>;
      if (rows.length === 0) break;
      for (const r of rows) for (const session of sessionIdsOf(r.raw)) insert.run(session, r.id);
      after = rows[rows.length - 1]!.id;
    }
  },
};
