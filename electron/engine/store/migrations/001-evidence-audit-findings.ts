import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 1,
  name: 'evidence registry, audit events, findings',
  up(db) {
    db.exec(`
      CREATE TABLE evidence (
        id              INTEGER PRIMARY KEY,
        file_name       TEXT NOT NULL,
        size            INTEGER NOT NULL,
        sha256          TEXT NOT NULL UNIQUE,
        format          TEXT NOT NULL,
        format_label    TEXT NOT NULL,
        encoding        TEXT NOT NULL,
        imported_at     TEXT NOT NULL,
        parser_version  TEXT NOT NULL,
        rows_accepted   INTEGER NOT NULL,
        rows_rejected   INTEGER NOT NULL,
        rows_duplicate  INTEGER NOT NULL,
        first_time      TEXT,
        last_time       TEXT,
        notes           TEXT NOT NULL DEFAULT '[]'
      );

      CREATE TABLE evidence_rejection (
        evidence_id INTEGER NOT NULL REFERENCES evidence(id),
        row         INTEGER NOT NULL,
        line        INTEGER NOT NULL,
        reason      TEXT NOT NULL,
        raw         TEXT NOT NULL,
        PRIMARY KEY (evidence_id, row)
      ) WITHOUT ROWID;

      -- One row per audit record. record_id is AuditData.Id: the same record from overlapping
      -- exports is stored once (the later copy counts as a duplicate of its file).
      CREATE TABLE audit_event (
        id            INTEGER PRIMARY KEY,
        evidence_id   INTEGER NOT NULL REFERENCES evidence(id),
        row           INTEGER NOT NULL,
        line          INTEGER NOT NULL,
        record_id     TEXT NOT NULL UNIQUE,
        time          TEXT NOT NULL,
        record_type   INTEGER,
        workload      TEXT,
        operation     TEXT NOT NULL,
        result_status TEXT,
        actor         TEXT,
        user_type     INTEGER,
        target        TEXT,
        client_ip     TEXT,
        parameters    TEXT NOT NULL,
        raw           TEXT NOT NULL
      );
      CREATE INDEX audit_event_time ON audit_event(time, id);
      CREATE INDEX audit_event_operation ON audit_event(operation, time);

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
        raw          TEXT NOT NULL
      );

      CREATE TABLE permission (
        id           INTEGER PRIMARY KEY,
        evidence_id  INTEGER NOT NULL REFERENCES evidence(id),
        row          INTEGER NOT NULL,
        line         INTEGER NOT NULL,
        mailbox      TEXT NOT NULL,
        trustee      TEXT NOT NULL,
        access       TEXT NOT NULL,
        folder       TEXT,
        raw          TEXT NOT NULL
      );

      -- Every identity seen in evidence, keyed by its normalized form (lowercase SMTP/UPN where known).
      CREATE TABLE principal (
        id       INTEGER PRIMARY KEY,
        key      TEXT NOT NULL UNIQUE,
        display  TEXT NOT NULL
      );

      CREATE TABLE finding (
        id          TEXT PRIMARY KEY,
        rule        TEXT NOT NULL,
        title       TEXT NOT NULL,
        severity    TEXT NOT NULL,
        techniques  TEXT NOT NULL,
        time        TEXT NOT NULL,
        principals  TEXT NOT NULL,
        summary     TEXT NOT NULL,
        details     TEXT NOT NULL
      );
      CREATE TABLE finding_evidence (
        finding_id      TEXT NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
        audit_event_id  INTEGER NOT NULL REFERENCES audit_event(id),
        ord             INTEGER NOT NULL,
        PRIMARY KEY (finding_id, audit_event_id)
      ) WITHOUT ROWID;
    `);
  },
};
