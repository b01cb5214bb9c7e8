/**
 * Opening a case file: one SQLite database per case, migrated to the current schema, reached
 * through opaque handles.
 *
 * `ReadDb` and `WriteDb` carry no methods: only modules of store/ turn them back into a
 * better-sqlite3 connection (`sqlite()`), so every statement the engine runs is written in store/
 * (lint keeps better-sqlite3 and `sqlite` out of every other layer). A function that needs to
 * write asks for `WriteDb`; a read-only connection cannot be handed to it.
 *
 * better-sqlite3 is a native module. Under plain Node (tests, CLI, browser host) the module's own
 * build is used; inside Electron the shell passes the path of a binding built for Electron's ABI
 * (see build/electron-native.mjs), so the two builds live side by side.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { LATEST_SCHEMA_VERSION, migrations } from './migrations/index.js';

declare const readable: unique symbol;
declare const writable: unique symbol;
/** A connection to a case that may be read. */
export interface ReadDb {
  readonly [readable]: true;
}
/** A connection that may also write (the engine's one writer). */
export interface WriteDb extends ReadDb {
  readonly [writable]: true;
}

/** The better-sqlite3 connection behind a handle. For store/ modules only. */
export const sqlite = (db: ReadDb): Database.Database => db as unknown as Database.Database;

export class CaseTooNewError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
  ) {
    super(
      `${file}: case file has schema version ${found}, ` +
        `this Delegation Lens understands up to ${LATEST_SCHEMA_VERSION}; open it with a newer version`,
    );
    this.name = 'CaseTooNewError';
  }
}

export class NotACaseError extends Error {
  constructor(file: string, why: string) {
    super(`${file}: not a Delegation Lens case file (${why})`);
    this.name = 'NotACaseError';
  }
}

export interface OpenOptions {
  /** Create the file when it does not exist (default true). Without it the file must already be a case. */
  create?: boolean | undefined;
  /** Path of a better_sqlite3.node built for the running runtime (Electron). */
  nativeBinding?: string | undefined;
}

const APPLICATION_ID = 0x444c4e53; // "DLNS": marks the file as ours for `file(1)` and for us.

/** Open (creating and migrating as needed) the case's write connection. */
export function openCase(file: string, options: OpenOptions = {}): WriteDb {
  const exists = fs.existsSync(file);
  if (!exists && options.create === false) throw new NotACaseError(file, 'file does not exist');
  const db = connect(file, options.nativeBinding, false);
  try {
    const appId = identify(db, file, options.create === false);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) throw new CaseTooNewError(file, version);
    // 16 KiB pages for new cases (it can only be chosen before the first table): records are
    // 1-2 KB of verbatim source text, and bench:import measured inserts ~25% cheaper than with
    // 4 KiB pages. Existing cases keep their page size.
    if (appId !== APPLICATION_ID) db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    // A large transaction grows the log; give the disk back after the checkpoint.
    db.pragma('journal_size_limit = 67108864');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Inserts into the record-id index land at random pages (ids are GUIDs); with SQLite's 2 MB
    // default cache a large import re-reads and re-writes index pages constantly. 128 MB cut the
    // 1M-record import from 129 s to 91 s (bench:import); 96 MB costs no measurable time there and
    // keeps a 2 GB message-trace import (parse worker and all) under 400 MB peak RSS.
    db.pragma('cache_size = -98304');
    migrate(db, version);
    return db as unknown as WriteDb;
  } catch (err) {
    db.close();
    throw named(file, err);
  }
}

/**
 * Open an existing case for reading only, as it is on disk (a read-only file or medium). Throws
 * CaseNeedsCopyError when it cannot be read in place: written by an older version (migrating it
 * means writing), or in WAL mode where SQLite's shared-memory file cannot be created beside it.
 */
export function openCaseInPlace(file: string, options: Pick<OpenOptions, 'nativeBinding'> = {}): ReadDb {
  const db = connect(file, options.nativeBinding, true);
  try {
    identify(db, file, true);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) throw new CaseTooNewError(file, version);
    if (version < LATEST_SCHEMA_VERSION) throw new CaseNeedsCopyError(`schema ${version} needs migrating`);
    return db as unknown as ReadDb;
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code ?? '';
    if (/^SQLITE_(READONLY|CANTOPEN|IOERR)/.test(code)) throw new CaseNeedsCopyError((err as Error).message);
    throw named(file, err);
  }
}

/** The case cannot be read where it is (see openCaseInPlace): the engine views a private copy. */
export class CaseNeedsCopyError extends Error {
  override name = 'CaseNeedsCopyError';
}

/** A case file the engine cannot use, for a reason SQLite gave; the message names the file. */
export class CaseOpenError extends Error {
  override name = 'CaseOpenError';
}

/**
 * Can this case be written where it is (the file, and the folder for SQLite's journal)? A file that
 * does not exist counts as writable: openCase creates it, or says why it cannot.
 */
export function caseIsWritable(file: string): boolean {
  if (!fs.existsSync(file)) return true;
  const writable = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  return writable(path.dirname(path.resolve(file))) && writable(file);
}

function connect(file: string, nativeBinding: string | undefined, readonly: boolean): Database.Database {
  try {
    return new Database(file, { readonly, fileMustExist: readonly, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch (err) {
    if (readonly && /^SQLITE_(READONLY|CANTOPEN)/.test((err as { code?: string }).code ?? ''))
      throw new CaseNeedsCopyError((err as Error).message);
    throw named(file, err);
  }
}

/**
 * Refuse files that are not ours: another application's SQLite database (tables, or an application
 * id or schema version of its own) is never turned into a case, and `mustBeCase` (every command
 * but the one creating a case) refuses an empty database too. Returns the file's application id.
 */
function identify(db: Database.Database, file: string, mustBeCase: boolean): number {
  let appId: number;
  let version: number;
  let tables: number;
  try {
    appId = db.pragma('application_id', { simple: true }) as number;
    version = db.pragma('user_version', { simple: true }) as number;
    tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') throw new NotACaseError(file, 'not an SQLite database');
    throw err;
  }
  if (appId === APPLICATION_ID) return appId;
  if (tables > 0 || appId !== 0 || version !== 0)
    throw new NotACaseError(file, 'it is an SQLite database of another application');
  if (mustBeCase) throw new NotACaseError(file, 'an empty file or SQLite database, not a case');
  return appId;
}

/** An error that names the case file (SQLite's own messages never do). */
function named(file: string, err: unknown): Error {
  if (err instanceof NotACaseError || err instanceof CaseTooNewError || err instanceof CaseNeedsCopyError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CaseOpenError(message.startsWith(file) ? message : `${file}: ${message}`);
}

/** A read-only connection beside the writer: queries see the last committed state, never half an import. */
export function openCaseReader(file: string, options: Pick<OpenOptions, 'nativeBinding'> = {}): ReadDb {
  const db = new Database(file, {
    readonly: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  return db as unknown as ReadDb;
}

export function closeDb(db: ReadDb): void {
  sqlite(db).close();
}

function migrate(db: Database.Database, from: number): void {
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return;
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) throw new Error('migrations are not strictly increasing');
  }
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
  })();
  db.pragma('optimize');
}

export function schemaVersion(db: ReadDb): number {
  return sqlite(db).pragma('user_version', { simple: true }) as number;
}

/** Run `work` in one transaction (committed when it returns, rolled back when it throws). */
export function inTransaction<T>(db: WriteDb, work: () => T): T {
  return sqlite(db).transaction(work)();
}
