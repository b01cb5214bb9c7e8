/**
 * Triage of findings: one row per finding id, kept when the findings are recomputed (the id is
 * stable for the same evidence). A triage whose finding the current analysis no longer yields is
 * orphaned: listed apart, never deleted, and attached again if the finding comes back.
 */
import type { TriageState } from '../../../shared/domain.js';
import type { FindingTriage } from '../../../shared/requests/triage.js';
import { historyWriter } from './annotation-history.js';
import { sqlite, type ReadDb, type WriteDb } from './db.js';

const TRIAGE_COLUMNS = 'SELECT finding_id AS findingId, state, reason, at, analyst AS "by" FROM finding_triage';

/** Triage of the findings in the case now, and of findings that are gone; most recent first. */
export function listTriage(db: ReadDb): { items: FindingTriage[]; orphaned: FindingTriage[] } {
  const c = sqlite(db);
  const of = (present: boolean) =>
    c
      .prepare(
        `${TRIAGE_COLUMNS} WHERE finding_id ${present ? 'IN' : 'NOT IN'} (SELECT id FROM finding)
         ORDER BY at DESC, finding_id`,
      )
      .all() as FindingTriage[];
  return { items: of(true), orphaned: of(false) };
}

/** The ids among `ids` that name no finding in the case now, in the order given. */
export function missingFindings(db: ReadDb, ids: readonly string[]): string[] {
  const known = new Set(sqlite(db).prepare('SELECT id FROM finding').pluck().all() as string[]);
  return ids.filter((id) => !known.has(id));
}

export interface TriageUpdate {
  state: TriageState;
  reason: string;
  at: string;
  by: string;
}

/**
 * Set the triage of every finding in `ids` in one transaction, recording each change (state and
 * reason, from '' when the finding was never triaged) in the history. A finding whose triage
 * already is this state and reason is left as it was (its time and analyst too). Returns the
 * triage of each id afterwards and how many changed.
 */
export function setTriage(
  db: WriteDb,
  ids: readonly string[],
  update: TriageUpdate,
): { items: FindingTriage[]; changed: number } {
  const c = sqlite(db);
  const current = c.prepare(`${TRIAGE_COLUMNS} WHERE finding_id = ?`);
  const upsert = c.prepare(
    `INSERT INTO finding_triage (finding_id, state, reason, at, analyst) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(finding_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, at = excluded.at,
       analyst = excluded.analyst`,
  );
  return c.transaction(() => {
    const record = historyWriter(db, update.at, update.by);
    const items: FindingTriage[] = [];
    let changed = 0;
    for (const findingId of new Set(ids)) {
      const before = current.get(findingId) as FindingTriage | undefined;
      if (before && before.state === update.state && before.reason === update.reason) {
        items.push(before);
        continue;
      }
      upsert.run(findingId, update.state, update.reason, update.at, update.by);
      if ((before?.state ?? '') !== update.state)
        record({ kind: 'triage', target: findingId, field: 'state', before: before?.state ?? '', after: update.state });
      if ((before?.reason ?? '') !== update.reason)
        record({
          kind: 'triage',
          target: findingId,
          field: 'reason',
          before: before?.reason ?? '',
          after: update.reason,
        });
      items.push({ findingId, state: update.state, reason: update.reason, at: update.at, by: update.by });
      changed++;
    }
    return { items, changed };
  })();
}
