/**
 * The timeline's three event sources as SQL (table, ordering columns, the columns a row shows) and
 * the rows they give, completed with their file names and the findings citing them.
 */
import type { Severity } from '../../../shared/domain.js';
import type { TimelineRow, TimelineSource } from '../../../shared/requests/timeline.js';
import { sessionIdsOf } from './audit-sessions.js';
import { sqlite, type ReadDb } from './db.js';
import { placeholders } from './sql-lists.js';

/** Order of sources at the same instant: audit < message < dump. */
export const SOURCE_RANK: Record<TimelineSource, number> = { audit: 0, message: 1, dump: 2 };

export interface SourceSql {
  from: string;
  /** Ordering columns: the (time, id) index of the table. */
  time: string;
  id: string;
  /** Rows of the table that are timeline events. */
  base: string | null;
  columns: string;
}

/**
 * The columns every source yields (RawRow). `sessionText` is the stretch of an audit record from its
 * first session key on (the page names the row's session without moving whole records into JS).
 */
export const SOURCES: Record<TimelineSource, SourceSql> = {
  audit: {
    from: 'audit_event a',
    time: 'a.time',
    id: 'a.id',
    base: null,
    columns: `a.id, a.time, a.evidence_id AS evidenceId, a.row, a.operation, a.actor, a.target,
      a.client_ip AS clientIp, a.result_status AS result, NULL AS subject,
      CASE WHEN instr(a.raw, 'SessionId"') > 0 THEN substr(a.raw, max(1, instr(a.raw, 'SessionId"') - 4), 300) END AS sessionText`,
  },
  message: {
    from: 'message m',
    time: 'm.time',
    id: 'm.id',
    base: null,
    columns: `m.id, m.time, m.evidence_id AS evidenceId, m.row, 'message ' || coalesce(m.status, '') AS operation,
      m.sender AS actor, m.recipient AS target, m.client_ip AS clientIp, m.status AS result, m.subject,
      NULL AS sessionText`,
  },
  dump: {
    from: 'evidence e',
    time: 'e.collected_at',
    id: 'e.id',
    // A dump is one event at its collection time; one without a time is not in the ordered stream.
    base: "e.kind = 'dump' AND e.collected_at IS NOT NULL",
    columns: `e.id, e.collected_at AS time, e.id AS evidenceId, 0 AS row,
      e.format_label || ' snapshot (' || e.rows_accepted || ' entries)' AS operation, NULL AS actor, NULL AS target,
      NULL AS clientIp, NULL AS result, NULL AS subject, NULL AS sessionText`,
  },
};

/** A row as its source table gives it: the grid's row before the file name, session and findings are joined in. */
export type RawRow = Omit<TimelineRow, 'key' | 'source' | 'file' | 'session' | 'findings'> & {
  sessionText: string | null;
};

export type SourcedRow = RawRow & { source: TimelineSource };

/** Merge order: (time, source, id), of rows and of positions between them alike. */
export function compareRows(
  a: Pick<SourcedRow, 'time' | 'source' | 'id'>,
  b: Pick<SourcedRow, 'time' | 'source' | 'id'>,
): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  if (a.source !== b.source) return SOURCE_RANK[a.source] - SOURCE_RANK[b.source];
  return a.id - b.id;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** The rows as the contract shows them: file names and the findings citing each (one query for the page). */
export function toTimelineRows(db: ReadDb, rows: SourcedRow[]): TimelineRow[] {
  const c = sqlite(db);
  const files = new Map(
    (c.prepare('SELECT id, file_name AS file FROM evidence').all() as Array<{ id: number; file: string }>).map((r) => [
      r.id,
      r.file,
    ]),
  );
  const marks = findingMarks(db, rows);
  return rows.map((r) => ({
    key: `${r.source}:${r.id}`,
    source: r.source,
    id: r.id,
    time: r.time,
    file: files.get(r.evidenceId) ?? '',
    evidenceId: r.evidenceId,
    row: r.row,
    operation: r.operation,
    actor: r.actor,
    target: r.target,
    clientIp: r.clientIp,
    result: r.result,
    subject: r.subject,
    session: r.sessionText === null ? null : (sessionIdsOf(r.sessionText)[0] ?? null),
    findings: marks.get(`${r.source}:${r.id}`) ?? [],
  }));
}

/**
 * Findings citing the rows, keyed `<source>:<id>`, most severe first. A dump snapshot is marked by
 * every finding citing one of its entries (permission or inbox-rule rows).
 */
function findingMarks(db: ReadDb, rows: SourcedRow[]): Map<string, Array<{ id: string; severity: Severity }>> {
  const ids = (s: TimelineSource) => rows.filter((r) => r.source === s).map((r) => r.id);
  const parts: string[] = [];
  const params: number[] = [];
  const cited = (source: string, list: number[]) => {
    if (list.length === 0) return;
    parts.push(
      `SELECT '${source === 'audit' ? 'audit' : 'message'}' AS source, fr.source_id AS id, f.id AS finding, f.severity
       FROM finding_ref fr JOIN finding f ON f.id = fr.finding_id
       WHERE fr.source = '${source}' AND fr.source_id IN (${placeholders(list.length)})`,
    );
    params.push(...list);
  };
  cited('audit', ids('audit'));
  cited('message', ids('message'));
  const dumps = ids('dump');
  if (dumps.length > 0) {
    for (const [table, source] of [
      ['permission', 'permission'],
      ['inbox_rule', 'inbox_rule'],
    ] as const) {
      parts.push(
        `SELECT 'dump' AS source, t.evidence_id AS id, f.id AS finding, f.severity
         FROM finding_ref fr JOIN ${table} t ON t.id = fr.source_id JOIN finding f ON f.id = fr.finding_id
         WHERE fr.source = '${source}' AND t.evidence_id IN (${placeholders(dumps.length)})`,
      );
      params.push(...dumps);
    }
  }
  const out = new Map<string, Array<{ id: string; severity: Severity }>>();
  if (parts.length === 0) return out;
  const found = sqlite(db)
    .prepare(parts.join(' UNION ALL '))
    .all(...params) as Array<{ source: string; id: number; finding: string; severity: Severity }>;
  for (const f of found) {
    const key = `${f.source}:${f.id}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    if (!list.some((x) => x.id === f.finding)) list.push({ id: f.finding, severity: f.severity });
  }
  for (const list of out.values())
    list.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.id < b.id ? -1 : 1));
  return out;
}
