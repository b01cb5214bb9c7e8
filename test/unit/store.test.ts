import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { test } from 'node:test';
import { CaseTooNewError, NotACaseError, openCase, sqlite } from '../../electron/engine/store/db.js';
import { LATEST_SCHEMA_VERSION, migrations } from '../../electron/engine/store/migrations/index.js';
import { tempDir } from '../helpers.js';

test('a new case is migrated to the latest schema with the expected tables and indexes; reopening changes nothing', () => {
  const file = path.join(tempDir(), 'case.db');
  const db = openCase(file);
  assert.equal(sqlite(db).pragma('user_version', { simple: true }), LATEST_SCHEMA_VERSION);
  assert.equal(sqlite(db).pragma('journal_mode', { simple: true }), 'wal');
  const names = (
    sqlite(db)
      .prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('table','index') AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as Array<{ name: string }>
  ).map((r) => r.name);
  assert.deepEqual(names, [
    'analysis_state',
    'annotation',
    'annotation_history',
    'annotation_history_target',
    'audit_event',
    'audit_event_actor_ip',
    'audit_event_client_ip',
    'audit_event_operation',
    'audit_event_target',
    'audit_event_time',
    'audit_session',
    'delegation_change',
    'delegation_change_edge',
    'delegation_change_time',
    'delegation_change_trustee',
    'evidence',
    'evidence_rejection',
    'finding',
    'finding_ref',
    'finding_ref_source',
    'finding_triage',
    'inbox_rule',
    'inbox_rule_mailbox',
    'message',
    'message_client_ip',
    'message_recipient',
    'message_sender_time',
    'message_time',
    'permission',
    'permission_mailbox',
    'permission_trustee',
    'principal',
    'principal_alias',
    'principal_alias_key',
    'saved_view',
    'setting',
    'timeline_bucket',
    'volume_hour',
    'volume_peer',
    'volume_sender',
    'volume_sender_messages',
    'volume_sender_ratio',
  ]);
  const columns = (table: string) =>
    (sqlite(db).prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as Array<{ name: string }>).map(
      (r) => r.name,
    );
  assert.deepEqual(columns('evidence'), [
    'id',
    'file_name',
    'size',
    'sha256',
    'format',
    'format_label',
    'encoding',
    'imported_at',
    'parser_version',
    'rows_accepted',
    'rows_rejected',
    'rows_duplicate',
    'first_time',
    'last_time',
    'notes',
    'collected_at',
    'collected_basis',
    'app_version',
    'kind',
  ]);
  assert.ok(columns('audit_event').includes('raw') && columns('audit_event').includes('record_id'));
  assert.deepEqual(columns('permission'), [
    'id',
    'evidence_id',
    'row',
    'line',
    'kind',
    'mailbox',
    'trustee',
    'rights',
    'folder',
    'inherited',
    'deny',
    'values_lost',
    'observed_at',
    'raw',
  ]);
  assert.ok(columns('message').includes('natural_key'));
  sqlite(db).close();
  // Reopening is a no-op migration: same version, same tables and indexes.
  const again = openCase(file);
  try {
    assert.equal(sqlite(again).pragma('user_version', { simple: true }), LATEST_SCHEMA_VERSION);
    assert.deepEqual(
      (
        sqlite(again)
          .prepare(
            "SELECT name FROM sqlite_master WHERE type IN ('table','index') AND name NOT LIKE 'sqlite_%' ORDER BY name",
          )
          .all() as Array<{ name: string }>
      ).map((r) => r.name),
      names,
    );
  } finally {
    sqlite(again).close();
  }
});

test('a version-1 case is upgraded in place and keeps its evidence', () => {
  const file = path.join(tempDir(), 'v1.db');
  const raw = new Database(file);
  raw.pragma('application_id = 1145851475'); // 0x444c4e53, as openCase writes it
  raw.transaction(() => {
    migrations[0]!.up(raw);
    raw.pragma('user_version = 1');
  })();
  raw
    .prepare(
      `INSERT INTO evidence (file_name, size, sha256, format, format_label, encoding, imported_at, parser_version,
                             rows_accepted, rows_rejected, rows_duplicate)
               VALUES ('a.csv', 1, 'ab', 'purview-csv-8', 'x', 'UTF-8', '2024-01-01T00:00:00.000Z', '1.0.0', 0, 0, 0)`,
    )
    .run();
  raw.close();
  const db = openCase(file);
  assert.equal(sqlite(db).pragma('user_version', { simple: true }), LATEST_SCHEMA_VERSION);
  assert.equal((sqlite(db).prepare('SELECT count(*) AS n FROM evidence').get() as { n: number }).n, 1);
  sqlite(db).close();
});

test('migration versions strictly increase', () => {
  for (let i = 1; i < migrations.length; i++) assert.ok(migrations[i]!.version > migrations[i - 1]!.version);
});

test('a case written by a newer version is refused with a clear error, and left untouched', () => {
  const file = path.join(tempDir(), 'future.db');
  sqlite(openCase(file)).close();
  const raw = new Database(file);
  raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
  raw.close();
  assert.throws(
    () => openCase(file),
    (err: Error) => err instanceof CaseTooNewError && /schema version \d+.*newer version/.test(err.message),
  );
  const check = new Database(file);
  assert.equal(check.pragma('user_version', { simple: true }), LATEST_SCHEMA_VERSION + 5);
  check.close();
});

test('some other SQLite database is not mistaken for a case, nor is a missing file opened without create', () => {
  const file = path.join(tempDir(), 'other.db');
  const raw = new Database(file);
  raw.exec('CREATE TABLE t (x)');
  raw.close();
  assert.throws(() => openCase(file), NotACaseError);
  assert.throws(() => openCase(path.join(tempDir(), 'missing.db'), { create: false }), NotACaseError);
});
