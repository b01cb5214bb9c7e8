import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 7,
  name: 'send-volume aggregates, principal lookups',
  up(db) {
    db.exec(`
      -- Send volume as the last analysis run counted it (derived data, rebuilt with the findings):
      -- the charts and sender lists read these, never a GROUP BY over every message per request.
      -- One row per internal sender with its baseline (the one the send-volume rule judged it by,
      -- in messages) and its busiest hour.
      CREATE TABLE volume_sender (
        id               INTEGER PRIMARY KEY,
        sender           TEXT NOT NULL UNIQUE,
        messages         INTEGER NOT NULL,
        recipients       INTEGER NOT NULL,
        active_hours     INTEGER NOT NULL,
        median           REAL NOT NULL,
        mad              REAL NOT NULL,
        baseline_hours   INTEGER NOT NULL,
        baseline_source  TEXT NOT NULL CHECK (baseline_source IN ('sender', 'peer')),
        bulk             INTEGER NOT NULL,
        period_hours     REAL,
        peak_hour        TEXT,
        peak_messages    INTEGER NOT NULL,
        peak_ratio       REAL NOT NULL
      );
      CREATE INDEX volume_sender_ratio ON volume_sender(peak_ratio DESC, sender);
      CREATE INDEX volume_sender_messages ON volume_sender(messages DESC, sender);
      -- Each active hour of a sender (hours since the epoch, UTC): distinct messages and recipient deliveries.
      CREATE TABLE volume_hour (
        sender_id   INTEGER NOT NULL,
        hour        INTEGER NOT NULL,
        messages    INTEGER NOT NULL,
        recipients  INTEGER NOT NULL,
        PRIMARY KEY (sender_id, hour)
      ) WITHOUT ROWID;
      -- The peer group's (ordinary internal senders') hourly baseline.
      CREATE TABLE volume_peer (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        median  REAL NOT NULL,
        mad     REAL NOT NULL,
        hours   INTEGER NOT NULL
      );

      -- A principal's page: what it did from which address (covering: no table row is read),
      -- what was done to it, the mail it received, its other spellings and the access it holds.
      CREATE INDEX IF NOT EXISTS audit_event_actor_ip ON audit_event(actor, client_ip, time);
      CREATE INDEX IF NOT EXISTS audit_event_target ON audit_event(target, time);
      CREATE INDEX IF NOT EXISTS message_recipient ON message(recipient, time);
      CREATE INDEX IF NOT EXISTS principal_alias_key ON principal_alias(principal_key);
      CREATE INDEX IF NOT EXISTS delegation_change_trustee ON delegation_change(trustee);
    `);
  },
};
