import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 3,
  name: 'delegation changes and case settings',
  up(db) {
    db.exec(`
      -- Derived from audit events and dumps on every analysis run (like findings): one row per
      -- grant, removal or observation of an access edge between a principal and a mailbox.
      CREATE TABLE delegation_change (
        id              INTEGER PRIMARY KEY,
        time            TEXT,
        action          TEXT NOT NULL,
        kind            TEXT NOT NULL,
        mailbox         TEXT NOT NULL,
        trustee         TEXT NOT NULL,
        rights          TEXT NOT NULL,
        folder          TEXT,
        actor           TEXT,
        client_ip       TEXT,
        succeeded       INTEGER NOT NULL,
        audit_event_id  INTEGER REFERENCES audit_event(id),
        permission_id   INTEGER REFERENCES permission(id),
        detail          TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX delegation_change_edge ON delegation_change(mailbox, trustee, kind);
      -- "What else came from this address": sign-in follow-ups, pivots in the UI.
      CREATE INDEX audit_event_client_ip ON audit_event(client_ip, time);
      CREATE INDEX delegation_change_time ON delegation_change(time);

      -- What each finding cites: audit records, dump rows or message-trace rows (replaces
      -- finding_evidence, which could cite audit records only; findings are recomputed).
      DROP TABLE finding_evidence;
      DELETE FROM finding;
      CREATE TABLE finding_ref (
        finding_id  TEXT NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
        ord         INTEGER NOT NULL,
        source      TEXT NOT NULL CHECK (source IN ('audit', 'permission', 'message', 'inbox_rule')),
        source_id   INTEGER NOT NULL,
        PRIMARY KEY (finding_id, ord)
      ) WITHOUT ROWID;

      -- Per-case settings (allow-lists, business hours, time zone), JSON values.
      CREATE TABLE setting (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
