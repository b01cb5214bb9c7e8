/**
 * Case settings rows: one JSON value per key. What the keys mean and their defaults live in
 * analysis/settings.ts.
 */
import { sqlite, type ReadDb, type WriteDb } from './db.js';

export function settingRows(db: ReadDb): Array<{ key: string; value: string }> {
  return sqlite(db).prepare('SELECT key, value FROM setting').all() as Array<{ key: string; value: string }>;
}

/** Insert or replace the given keys' JSON values, all or none. */
export function upsertSettings(db: WriteDb, entries: ReadonlyArray<[key: string, json: string]>): void {
  const c = sqlite(db);
  const upsert = c.prepare(
    'INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  c.transaction(() => {
    for (const [key, json] of entries) upsert.run(key, json);
  })();
}
