/**
 * Table rows for `dlens triage` and `dlens annotations`. Reasons, tags and comments are
 * analyst-written and targets and titles come from evidence: every cell goes through output.ts's
 * table(), which makes control, bidi and line-break characters visible.
 */
import type { Triage } from '../../shared/domain.js';
import type { Annotation, AnnotationChange, FindingTriage } from '../../shared/requests/triage.js';
import { table } from './output.js';

/** An ISO time as the CLI shows times: UTC to the second. */
export const utc = (iso: string): string => (iso ? `${iso.slice(0, 19).replace('T', ' ')}Z` : '—');

/** One finding's triage as the CLI reports it (JSON and table). */
export interface TriageLine {
  findingId: string;
  /** The finding's rule and title; null when the finding is no longer in the case (its triage is orphaned). */
  rule: string | null;
  title: string | null;
  triage: Triage | null;
}

export function triageTable(lines: readonly TriageLine[]): string {
  return table(
    ['finding', 'state', 'since (UTC)', 'by', 'reason', 'title'],
    lines.map((l) => [
      l.findingId,
      l.triage?.state ?? 'new',
      l.triage ? utc(l.triage.at) : '—',
      l.triage?.by ?? '—',
      l.triage?.reason || '—',
      l.title ?? '(no longer in the case)',
    ]),
  );
}

export function annotationTable(annotations: readonly Annotation[]): string {
  return table(
    ['kind', 'target', 'star', 'tags', 'updated (UTC)', 'by', 'comment'],
    annotations.map((a) => [
      a.kind,
      a.target,
      a.starred ? '*' : '',
      a.tags.join(', '),
      utc(a.updatedAt),
      a.by,
      a.comment,
    ]),
  );
}

export function orphanedTable(orphaned: readonly FindingTriage[]): string {
  return table(
    ['finding', 'state', 'since (UTC)', 'by', 'reason'],
    orphaned.map((t) => [t.findingId, t.state, utc(t.at), t.by, t.reason || '—']),
  );
}

export function historyTable(history: readonly AnnotationChange[]): string {
  return table(
    ['when (UTC)', 'by', 'kind', 'target', 'field', 'change'],
    history.map((h) => [utc(h.at), h.by, h.kind, h.target, h.field, `${h.before || '—'} -> ${h.after || '—'}`]),
  );
}
