import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 8,
  name: 'triage, annotations with their history, saved views',
  up(db) {
    db.exec(`
      -- What the analyst concluded about a finding. Keyed by the finding's id with no foreign key:
      -- findings are derived data, deleted and rewritten by every analysis, and a finding with the
      -- same id keeps its triage. A triage whose finding is gone is listed as orphaned, never deleted.
      CREATE TABLE finding_triage (
        finding_id  TEXT PRIMARY KEY,
        state       TEXT NOT NULL CHECK (state IN ('new', 'needs-review', 'confirmed', 'benign')),
        reason      TEXT NOT NULL,
        at          TEXT NOT NULL,
        analyst     TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Star, tags and comment on a finding (its id), an event ('audit:<id>' / 'message:<id>') or a
      -- principal (its address); the current state only, the changes are in annotation_history.
      CREATE TABLE annotation (
        kind        TEXT NOT NULL CHECK (kind IN ('finding', 'event', 'principal')),
        target      TEXT NOT NULL,
        starred     INTEGER NOT NULL CHECK (starred IN (0, 1)),
        tags        TEXT NOT NULL CHECK (json_valid(tags) AND json_type(tags) = 'array'),
        comment     TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        analyst     TEXT NOT NULL,
        PRIMARY KEY (kind, target)
      ) WITHOUT ROWID;

      -- Every change to an annotation or a triage, one row per field, in the order made. Append-only:
      -- the triggers refuse any UPDATE or DELETE, so the record of who concluded what stays whole.
      CREATE TABLE annotation_history (
        id         INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        analyst    TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('finding', 'event', 'principal', 'triage')),
        target     TEXT NOT NULL,
        field      TEXT NOT NULL CHECK (field IN ('state', 'reason', 'starred', 'tags', 'comment')),
        old_value  TEXT NOT NULL,
        new_value  TEXT NOT NULL
      );
      CREATE INDEX annotation_history_target ON annotation_history(target, id);
      CREATE TRIGGER annotation_history_no_update BEFORE UPDATE ON annotation_history
        BEGIN SELECT RAISE(ABORT, 'annotation history is append-only'); END;
      CREATE TRIGGER annotation_history_no_delete BEFORE DELETE ON annotation_history
        BEGIN SELECT RAISE(ABORT, 'annotation history is append-only'); END;

      -- Named URL states of the window (route, filters, time range, graph focus, as-of).
      CREATE TABLE saved_view (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        url         TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        analyst     TEXT NOT NULL
      );
    `);
  },
};
