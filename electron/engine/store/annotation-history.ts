/**
 * The append-only record of every annotation and triage change: who, when, on what, which field,
 * before and after. Rows are only ever inserted (the schema's triggers refuse UPDATE and DELETE).
 * Values are analyst-written text bound as parameters, never SQL.
 */
import type { AnnotationChange } from '../../../shared/requests/triage.js';
import { sqlite, type ReadDb, type WriteDb } from './db.js';

export type HistoryEntry = Pick<AnnotationChange, 'kind' | 'target' | 'field' | 'before' | 'after'>;

/**
 * A writer of history rows for one change set (one time, one analyst). Call it inside the
 * transaction that makes the change, so the change and its record commit together.
 */
export function historyWriter(db: WriteDb, at: string, by: string): (entry: HistoryEntry) => void {
  const insert = sqlite(db).prepare(
    `INSERT INTO annotation_history (at, analyst, kind, target, field, old_value, new_value)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  return (e) => void insert.run(at, by, e.kind, e.target, e.field, e.before, e.after);
}

const HISTORY_COLUMNS =
  'SELECT at, analyst AS "by", kind, target, field, old_value AS "before", new_value AS "after" FROM annotation_history';

/** The `limit` most recent changes, newest first; of one target when given (its annotations and triage). */
export function readHistory(db: ReadDb, target: string | undefined, limit: number): AnnotationChange[] {
  const c = sqlite(db);
  return (
    target === undefined
      ? c.prepare(`${HISTORY_COLUMNS} ORDER BY id DESC LIMIT ?`).all(limit)
      : c.prepare(`${HISTORY_COLUMNS} WHERE target = ? ORDER BY id DESC LIMIT ?`).all(target, limit)
  ) as AnnotationChange[];
}
