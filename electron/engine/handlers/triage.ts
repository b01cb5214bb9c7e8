/**
 * What the analyst concludes, stored in the case: triage of findings, stars/tags/comments on
 * findings, events and principals (every change kept in an append-only history), and saved views.
 * Changes go through the write queue (never beside an import or an analysis), are stamped with the
 * time and the analyst (analyst.ts), and announce themselves with `case.changed` so every window
 * reloads. A case open for viewing only refuses them, naming the case.
 */
import { ApiError } from '../../../shared/contract.js';
import type { AnnotationKind } from '../../../shared/requests/triage.js';
import { readHistory } from '../store/annotation-history.js';
import { annotationTargetExists, listAnnotations, setAnnotation } from '../store/annotation-store.js';
import type { WriteDb } from '../store/db.js';
import { deleteView, listViews, saveView } from '../store/saved-views.js';
import { listTriage, missingFindings, setTriage } from '../store/triage-store.js';
import { analystName } from './analyst.js';
import type { HandlerContext, Handlers } from './context.js';

type TriageRequests =
  | 'triage.list'
  | 'triage.set'
  | 'annotations.list'
  | 'annotations.set'
  | 'annotations.history'
  | 'views.list'
  | 'views.save'
  | 'views.delete';

/** "no finding X", and how many more of the ids given name none. */
function noFinding(missing: readonly string[]): string {
  const more = missing.length - 1;
  return `no finding ${missing[0]}` + (more > 0 ? ` (and ${more} more of the ids given name no finding)` : '');
}

function noTarget(kind: AnnotationKind, target: string): string {
  return kind === 'event'
    ? `no event ${target} (an event is audit:<id> or message:<id> of a row in the case)`
    : `no finding ${target}`;
}

/** Tags as stored: trimmed, empty ones dropped, each once, in the order given. */
const cleanTags = (tags: readonly string[] | undefined): string[] | undefined =>
  tags && [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

export const triageHandlers = (ctx: HandlerContext): Pick<Handlers, TriageRequests> => {
  /** Run one change on the writer, in queue order; announce it when something changed. */
  const change = <T>(
    what: string,
    work: (db: WriteDb, at: string, by: string) => { result: T; changed: boolean },
  ): Promise<T> => {
    ctx.db.assertWritable(what);
    return ctx.writes.run(() => {
      const { result, changed } = work(ctx.db.writer, new Date().toISOString(), analystName());
      if (changed) ctx.emit('case.changed', { reason: 'annotations' });
      return result;
    });
  };

  return {
    'triage.list': async () => listTriage(await ctx.db.read()),
    'triage.set': ({ findingIds, state, reason }) =>
      change('triaging findings', (db, at, by) => {
        // Checked on the writer inside the queue: no analysis can replace the findings in between.
        const missing = missingFindings(db, findingIds);
        if (missing.length > 0) throw new ApiError('not_found', noFinding(missing));
        const { items, changed } = setTriage(db, findingIds, { state, reason, at, by });
        return { result: items, changed: changed > 0 };
      }),
    'annotations.list': async (filter) => listAnnotations(await ctx.db.read(), filter),
    'annotations.set': ({ kind, target, starred, tags, comment }) =>
      change('annotating', (db, at, by) => {
        if (!annotationTargetExists(db, kind, target)) throw new ApiError('not_found', noTarget(kind, target));
        const { annotation, changed } = setAnnotation(
          db,
          kind,
          target,
          { starred, tags: cleanTags(tags), comment },
          at,
          by,
        );
        return { result: annotation, changed };
      }),
    'annotations.history': async ({ target, limit }) => readHistory(await ctx.db.read(), target, limit),
    'views.list': async () => listViews(await ctx.db.read()),
    'views.save': ({ name, url }) => {
      const trimmed = name.trim();
      if (!trimmed) throw new ApiError('invalid_args', 'views.save: name: a view needs a name');
      return change('saving a view', (db, at, by) => ({ result: saveView(db, trimmed, url, at, by), changed: true }));
    },
    'views.delete': ({ id }) =>
      change('deleting a view', (db) => {
        const deleted = deleteView(db, id);
        return { result: { deleted }, changed: deleted };
      }),
  };
};
