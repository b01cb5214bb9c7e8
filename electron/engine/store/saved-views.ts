/**
 * Saved views: named URL states of the window (route, filters, time range, graph focus, as-of),
 * stored in the case so every analyst of it finds them. Names are unique: saving under a name
 * that exists replaces its URL (the view keeps its id).
 */
import type { SavedView } from '../../../shared/requests/triage.js';
import { sqlite, type ReadDb, type WriteDb } from './db.js';

const COLUMNS = 'SELECT id, name, url, created_at AS createdAt, analyst AS "by" FROM saved_view';

/** Every saved view, by name. */
export function listViews(db: ReadDb): SavedView[] {
  return sqlite(db).prepare(`${COLUMNS} ORDER BY name COLLATE NOCASE, id`).all() as SavedView[];
}

/** Save `url` under `name` (replacing the URL of a view of that name), stamped with when and by whom. */
export function saveView(db: WriteDb, name: string, url: string, at: string, by: string): SavedView {
  const c = sqlite(db);
  c.prepare(
    `INSERT INTO saved_view (name, url, created_at, analyst) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET url = excluded.url, created_at = excluded.created_at, analyst = excluded.analyst`,
  ).run(name, url, at, by);
  return c.prepare(`${COLUMNS} WHERE name = ?`).get(name) as SavedView;
}

/** Delete a view by id; false when there was none. */
export function deleteView(db: WriteDb, id: number): boolean {
  return sqlite(db).prepare('DELETE FROM saved_view WHERE id = ?').run(id).changes > 0;
}
