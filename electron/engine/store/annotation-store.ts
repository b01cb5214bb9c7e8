/**
 * Stars, tags and comments on findings, events and principals: the current state per thing, each
 * change recorded in the append-only history in the same transaction. Tags and comments are
 * analyst-written: bound as parameters (the tag filter too, through json_each), never SQL text.
 */
import type { Annotation, AnnotationKind } from '../../../shared/requests/triage.js';
import { historyWriter, type HistoryEntry } from './annotation-history.js';
import { sqlite, type ReadDb, type WriteDb } from './db.js';

interface AnnotationRow {
  kind: AnnotationKind;
  target: string;
  starred: number;
  tags: string;
  comment: string;
  updatedAt: string;
  by: string;
}

const COLUMNS = 'SELECT kind, target, starred, tags, comment, updated_at AS updatedAt, analyst AS "by" FROM annotation';

const toAnnotation = (r: AnnotationRow): Annotation => ({
  ...r,
  starred: r.starred === 1,
  tags: JSON.parse(r.tags) as string[],
});

export interface AnnotationFilter {
  kind?: AnnotationKind | undefined;
  target?: string | undefined;
  tag?: string | undefined;
  starred?: boolean | undefined;
}

/** Annotations matching every filter given, most recently changed first. */
export function listAnnotations(db: ReadDb, f: AnnotationFilter = {}): Annotation[] {
  const rows = sqlite(db)
    .prepare(
      `${COLUMNS}
       WHERE (@kind IS NULL OR kind = @kind) AND (@target IS NULL OR target = @target)
         AND (@starred IS NULL OR starred = @starred)
         AND (@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(annotation.tags) WHERE value = @tag))
       ORDER BY updated_at DESC, kind, target`,
    )
    .all({
      kind: f.kind ?? null,
      target: f.target ?? null,
      tag: f.tag ?? null,
      starred: f.starred === undefined ? null : f.starred ? 1 : 0,
    }) as AnnotationRow[];
  return rows.map(toAnnotation);
}

/**
 * Whether `target` names something of `kind` that can be annotated: a finding in the case (or one
 * already annotated, whose finding may be gone), an audit record or message-trace row
 * (`audit:<id>` / `message:<id>`), or any principal address (principals appear in many places).
 */
export function annotationTargetExists(db: ReadDb, kind: AnnotationKind, target: string): boolean {
  const c = sqlite(db);
  const has = (sql: string, ...params: unknown[]) => c.prepare(sql).get(...params) !== undefined;
  if (kind === 'principal') return true;
  if (kind === 'finding')
    return (
      has('SELECT 1 FROM finding WHERE id = ?', target) ||
      has("SELECT 1 FROM annotation WHERE kind = 'finding' AND target = ?", target)
    );
  const m = /^(audit|message):([1-9]\d{0,15})$/.exec(target);
  if (!m) return false;
  return has(`SELECT 1 FROM ${m[1] === 'audit' ? 'audit_event' : 'message'} WHERE id = ?`, Number(m[2]));
}

export interface AnnotationUpdate {
  starred?: boolean | undefined;
  tags?: string[] | undefined;
  comment?: string | undefined;
}

/**
 * Apply the fields given (the others stay), record each field that changed, and return the
 * annotation after. One with no star, no tags and no comment is removed from the current state
 * (its history stays). Nothing changes, and nothing is recorded, when every field is as it was;
 * a thing never annotated then comes back empty, with no time or analyst.
 */
export function setAnnotation(
  db: WriteDb,
  kind: AnnotationKind,
  target: string,
  update: AnnotationUpdate,
  at: string,
  by: string,
): { annotation: Annotation; changed: boolean } {
  const c = sqlite(db);
  return c.transaction(() => {
    const row = c.prepare(`${COLUMNS} WHERE kind = ? AND target = ?`).get(kind, target) as AnnotationRow | undefined;
    const before: Annotation = row
      ? toAnnotation(row)
      : { kind, target, starred: false, tags: [], comment: '', updatedAt: '', by: '' };
    const after: Annotation = {
      kind,
      target,
      starred: update.starred ?? before.starred,
      tags: update.tags ?? before.tags,
      comment: update.comment ?? before.comment,
      updatedAt: at,
      by,
    };
    const changes: HistoryEntry[] = [];
    const note = (field: 'starred' | 'tags' | 'comment', old: string, now: string) => {
      if (old !== now) changes.push({ kind, target, field, before: old, after: now });
    };
    note('starred', String(before.starred), String(after.starred));
    note('tags', JSON.stringify(before.tags), JSON.stringify(after.tags));
    note('comment', before.comment, after.comment);
    if (changes.length === 0) return { annotation: before, changed: false };
    const record = historyWriter(db, at, by);
    for (const ch of changes) record(ch);
    if (!after.starred && after.tags.length === 0 && after.comment === '') {
      c.prepare('DELETE FROM annotation WHERE kind = ? AND target = ?').run(kind, target);
    } else {
      c.prepare(
        `INSERT INTO annotation (kind, target, starred, tags, comment, updated_at, analyst) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(kind, target) DO UPDATE SET starred = excluded.starred, tags = excluded.tags,
           comment = excluded.comment, updated_at = excluded.updated_at, analyst = excluded.analyst`,
      ).run(kind, target, after.starred ? 1 : 0, JSON.stringify(after.tags), after.comment, at, by);
    }
    return { annotation: after, changed: true };
  })();
}
