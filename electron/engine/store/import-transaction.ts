/**
 * The transaction one evidence file is written in. The import pipeline decides when to begin and
 * end it (a file's rows, rejections and registry entry commit together); the statements are here.
 */
import { sqlite, type WriteDb } from './db.js';

/** Take the write lock now, so a file never starts importing and then waits halfway. */
export function beginFileTransaction(db: WriteDb): void {
  sqlite(db).exec('BEGIN IMMEDIATE');
}

export function commitFileTransaction(db: WriteDb): void {
  sqlite(db).exec('COMMIT');
}

/** Undo the file's writes, if a transaction is open. */
export function rollbackFileTransaction(db: WriteDb): void {
  const c = sqlite(db);
  if (c.inTransaction) c.exec('ROLLBACK');
}

/**
 * Switch the journal mode; false when another connection holds the case open (it then stays as it
 * was). The import pipeline writes large files under a rollback journal when alone on the case.
 */
export function setJournalMode(db: WriteDb, mode: 'delete' | 'wal'): boolean {
  try {
    return sqlite(db).pragma(`journal_mode = ${mode}`, { simple: true }) === mode;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw err;
  }
}
