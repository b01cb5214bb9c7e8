import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 2,
  name: 'permission dumps, message trace, inbox rules, identity aliases',
  up(db) {
    // Version 1 declared `permission` and `message` but no importer of v1 ever wrote to them, so
    // they are replaced rather than altered.
    db.exec(`
      DROP TABLE permission;
      CREATE TABLE permission (
        id           INTEGER PRIMARY KEY,
        evidence_id  INTEGER NOT NULL REFERENCES evidence(id),
        row          INTEGER NOT NULL,
        line         INTEGER NOT NULL,
        kind         TEXT NOT NULL,
        mailbox      TEXT NOT NULL,
        trustee      TEXT,
        rights       TEXT NOT NULL,
        folder       TEXT,
        inherited    INTEGER,
        deny         INTEGER,
        values_lost  INTEGER NOT NULL DEFAULT 0,
        observed_at  TEXT,
        raw          TEXT NOT NULL
      );
      CREATE INDEX permission_mailbox ON permission(mailbox);
      CREATE INDEX permission_trustee ON permission(trustee);

      DROP TABLE message;
      CREATE TABLE message (
        id           INTEGER PRIMARY KEY,
        evidence_id  INTEGER NOT NULL REFERENCES evidence(id),
        row          INTEGER NOT NULL,
        line         INTEGER NOT NULL,
        natural_key  TEXT NOT NULL UNIQUE,
        time         TEXT NOT NULL,
        sender       TEXT,
        recipient    TEXT,
        subject      TEXT,
        status       TEXT,
        message_id   TEXT,
        trace_id     TEXT,
        size         INTEGER,
        direction    TEXT,
        client_ip    TEXT,
        raw          TEXT NOT NULL
      );
      CREATE INDEX message_time ON message(time, id);
      CREATE INDEX message_sender_time ON message(sender, time);

      CREATE TABLE inbox_rule (
        id                        INTEGER PRIMARY KEY,
        evidence_id               INTEGER NOT NULL REFERENCES evidence(id),
        row                       INTEGER NOT NULL,
        line                      INTEGER NOT NULL,
        mailbox                   TEXT NOT NULL,
        name                      TEXT,
        enabled                   INTEGER,
        forward_to                TEXT,
        forward_as_attachment_to  TEXT,
        redirect_to               TEXT,
        delete_message            INTEGER,
        move_to_folder            TEXT,
        mark_as_read              INTEGER,
        conditions                TEXT NOT NULL,
        raw                       TEXT NOT NULL
      );
      CREATE INDEX inbox_rule_mailbox ON inbox_rule(mailbox);

      -- Other spellings of a principal (display name, alias, legacy DN, GUID, SID) learned from
      -- dumps and records, mapped to its canonical key. Unresolved spellings stay as written.
      CREATE TABLE principal_alias (
        alias          TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
        principal_key  TEXT NOT NULL,
        evidence_id    INTEGER REFERENCES evidence(id)
      ) WITHOUT ROWID;
    `);
  },
};
