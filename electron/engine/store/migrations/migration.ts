import type Database from 'better-sqlite3';

/** One schema step. Versions only ever increase; `up` runs inside the transaction of all pending steps. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
