import { isIdentityKey } from '../../records/identity-keys.js';
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 4,
  name: 'collection times, inbox-rule citations, findings without a time, analysis state',
  up(db) {
    db.exec(`
      -- When the evidence says it was collected (a time the file carries, or its file-name stamp),
      -- and how that was decided: dump findings are dated by it, never by the import's clock.
      ALTER TABLE evidence ADD COLUMN collected_at TEXT;
      ALTER TABLE evidence ADD COLUMN collected_basis TEXT;

      -- Forwarding seen in inbox-rule dumps is a delegation change citing the rule's row.
      ALTER TABLE delegation_change ADD COLUMN inbox_rule_id INTEGER REFERENCES inbox_rule(id);

      -- Findings are derived data: rebuilt so one can be dated "time unknown" (a dump without one).
      DROP TABLE finding_ref;
      DROP TABLE finding;
      CREATE TABLE finding (
        id          TEXT PRIMARY KEY,
        rule        TEXT NOT NULL,
        title       TEXT NOT NULL,
        severity    TEXT NOT NULL,
        techniques  TEXT NOT NULL,
        time        TEXT,
        principals  TEXT NOT NULL,
        summary     TEXT NOT NULL,
        details     TEXT NOT NULL
      );
      CREATE TABLE finding_ref (
        finding_id  TEXT NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
        ord         INTEGER NOT NULL,
        source      TEXT NOT NULL CHECK (source IN ('audit', 'permission', 'message', 'inbox_rule')),
        source_id   INTEGER NOT NULL,
        PRIMARY KEY (finding_id, ord)
      ) WITHOUT ROWID;

      -- Which evidence and which engine the stored findings were computed from: a case whose
      -- evidence or analysis changed since is stale and is analysed again when opened.
      CREATE TABLE analysis_state (
        id               INTEGER PRIMARY KEY CHECK (id = 1),
        evidence_digest  TEXT NOT NULL,
        engine_version   TEXT NOT NULL,
        analysed_at      TEXT NOT NULL,
        -- Rules that failed on this evidence (JSON [{rule, error}]): their findings are missing.
        failures         TEXT NOT NULL DEFAULT '[]'
      );
    `);
    // The principal list holds identities only (earlier versions also kept URLs, message ids and
    // rule object paths that appeared in actor and target columns).
    const drop = db.prepare('DELETE FROM principal WHERE id = ?');
    for (const r of db.prepare('SELECT id, key FROM principal').all() as Array<{ id: number; key: string }>)
      if (!isIdentityKey(r.key)) drop.run(r.id);
  },
};
