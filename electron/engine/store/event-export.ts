/**
 * The whole case timeline for the exports (Timesketch JSONL), page by page in (time, source, id)
 * order: audit records, message-trace rows, and each dump file as one snapshot event at its
 * collection time. Each source is read from its (time, id) index strictly after the cursor, so a
 * page a million events deep costs what the first one costs and the exporter holds one page at a
 * time. Rows carry what the timeline grid leaves out and an export needs: the record id and the
 * file's SHA-256, and the findings citing each row.
 */
import type { ExportEvent } from '../../../shared/requests/report.js';
import { sqlite, type ReadDb } from './db.js';
import { chunked, placeholders } from './sql-lists.js';

type Source = ExportEvent['source'];

/** A place in the stream: after this row (id 0 at an instant: before every row of that instant and source). */
export interface ExportCursor {
  time: string;
  source: Source;
  id: number;
}

/** Order of sources at the same instant (as the timeline orders them). */
const RANK: Record<Source, number> = { audit: 0, message: 1, dump: 2 };

const SQL: Record<Source, { table: string; time: string; id: string; base: string; columns: string }> = {
  audit: {
    table: 'audit_event a',
    time: 'a.time',
    id: 'a.id',
    base: '1',
    columns: `a.id, a.time, a.evidence_id AS evidenceId, a.row, a.record_id AS recordId, a.operation, a.actor,
      a.target, a.client_ip AS clientIp, a.result_status AS result, NULL AS subject`,
  },
  message: {
    table: 'message m',
    time: 'm.time',
    id: 'm.id',
    base: '1',
    columns: `m.id, m.time, m.evidence_id AS evidenceId, m.row, coalesce(m.trace_id, m.message_id, '') AS recordId,
      'message ' || coalesce(m.status, '') AS operation, m.sender AS actor, m.recipient AS target,
      m.client_ip AS clientIp, m.status AS result, m.subject`,
  },
  dump: {
    table: 'evidence e',
    time: 'e.collected_at',
    id: 'e.id',
    // A dump is one event at its collection time; one without a time has no place in the stream.
    base: "e.kind = 'dump' AND e.collected_at IS NOT NULL",
    columns: `e.id, e.collected_at AS time, e.id AS evidenceId, 0 AS row, '' AS recordId,
      e.format_label || ' snapshot (' || e.rows_accepted || ' entries)' AS operation, NULL AS actor,
      NULL AS target, NULL AS clientIp, NULL AS result, NULL AS subject`,
  },
};

type Row = Omit<ExportEvent, 'source' | 'file' | 'sha256' | 'findings'> & { evidenceId: number };

const compare = (a: ExportCursor, b: ExportCursor): number =>
  a.time !== b.time ? (a.time < b.time ? -1 : 1) : RANK[a.source] - RANK[b.source] || a.id - b.id;

/** Up to `limit` events after `after` (null: from the first), and the cursor after the last one (null at the end). */
export function exportEventPage(
  db: ReadDb,
  after: ExportCursor | null,
  limit: number,
): { rows: ExportEvent[]; after: ExportCursor | null } {
  const c = sqlite(db);
  const merged: Array<Row & { source: Source }> = [];
  for (const source of ['audit', 'message', 'dump'] as const) {
    const s = SQL[source];
    let bound = '';
    const params: unknown[] = [];
    if (after) {
      const rel = RANK[source] - RANK[after.source];
      // Same source: strictly after the row; a later source at the same instant comes after it, an earlier one does not.
      if (rel === 0) bound = `AND (${s.time}, ${s.id}) > (?, ?)`;
      else bound = `AND ${s.time} ${rel > 0 ? '>=' : '>'} ?`;
      params.push(after.time, ...(rel === 0 ? [after.id] : []));
    }
    const rows = c
      .prepare(`SELECT ${s.columns} FROM ${s.table} WHERE ${s.base} ${bound} ORDER BY ${s.time}, ${s.id} LIMIT ?`)
      .all(...params, limit + 1) as Row[];
    for (const r of rows) merged.push({ ...r, source });
  }
  merged.sort(compare);
  const page = merged.slice(0, limit);
  const more = merged.length > limit;
  const files = evidenceFiles(db);
  const cited = citingFindings(db, page);
  const rows = page.map(({ evidenceId, ...r }): ExportEvent => {
    const file = files.get(evidenceId);
    return {
      ...r,
      file: file?.file ?? '',
      sha256: file?.sha256 ?? '',
      findings: cited.get(`${r.source}:${r.id}`) ?? [],
    };
  });
  const last = page[page.length - 1];
  return { rows, after: more && last ? { time: last.time, source: last.source, id: last.id } : null };
}

function evidenceFiles(db: ReadDb): Map<number, { file: string; sha256: string }> {
  const rows = sqlite(db).prepare('SELECT id, file_name AS file, sha256 FROM evidence').all() as Array<{
    id: number;
    file: string;
    sha256: string;
  }>;
  return new Map(rows.map((r) => [r.id, { file: r.file, sha256: r.sha256 }]));
}

/** Finding ids citing each row, keyed `<source>:<id>` (a dump snapshot: any of its entries), in id order. */
function citingFindings(db: ReadDb, page: Array<{ source: Source; id: number }>): Map<string, string[]> {
  const c = sqlite(db);
  const out = new Map<string, string[]>();
  const add = (key: string, finding: string) => {
    const list = out.get(key);
    if (!list) out.set(key, [finding]);
    else if (!list.includes(finding)) list.push(finding);
  };
  const ids = (s: Source) => page.filter((r) => r.source === s).map((r) => r.id);
  for (const source of ['audit', 'message'] as const) {
    const found = chunked(
      ids(source),
      (list) =>
        c
          .prepare(
            `SELECT source_id AS id, finding_id AS finding FROM finding_ref
             WHERE source = ? AND source_id IN (${placeholders(list.length)})`,
          )
          .all(source, ...list) as Array<{ id: number; finding: string }>,
    );
    for (const f of found) add(`${source}:${f.id}`, f.finding);
  }
  for (const table of ['permission', 'inbox_rule'] as const) {
    const found = chunked(
      ids('dump'),
      (list) =>
        c
          .prepare(
            `SELECT DISTINCT t.evidence_id AS id, fr.finding_id AS finding FROM finding_ref fr
             JOIN ${table} t ON t.id = fr.source_id
             WHERE fr.source = '${table}' AND t.evidence_id IN (${placeholders(list.length)})`,
          )
          .all(...list) as Array<{ id: number; finding: string }>,
    );
    for (const f of found) add(`dump:${f.id}`, f.finding);
  }
  for (const list of out.values()) list.sort();
  return out;
}
