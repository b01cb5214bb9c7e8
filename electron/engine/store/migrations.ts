/**
 * Case-file schema migrations, applied in order inside one transaction.
 *
 * The schema version lives in `PRAGMA user_version`. Versions only ever increase; a case written
 * by a newer Delegation Lens is refused rather than guessed at (see CaseTooNewError).
 */
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [
  {
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
  },
  {
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
  },
  {
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
  },
];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
