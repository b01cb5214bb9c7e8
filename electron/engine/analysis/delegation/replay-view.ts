/**
 * The graph's replay as the renderer steps through it: every edge's history (graph.ts), typed nodes,
 * the instants of change, dump snapshot times and the audit window; and the evidence of one edge as
 * of an instant.
 */
import type { EvidenceRowView, GraphNode } from '../../../../shared/domain.js';
import type { GraphEdgeEvidence, GraphReplay, ReplayEdge } from '../../../../shared/requests/graph.js';
import { isCalendarLikeFolder, isGroupPseudoPrincipal } from '../../exchange/folders.js';
import type { ReadDb } from '../../store/db.js';
import { collectionTimes, firstAuditTime, lastAuditTime } from '../../store/analysis-reads.js';
import { storedDelegationChanges } from '../../store/graph-reads.js';
import { sourceRows, type SourceRef } from '../../store/source-rows.js';
import type { TenantProfile } from '../tenant.js';
import { edgeHistories } from './graph.js';
import { nodeOf } from './graph-view.js';

export function buildReplay(db: ReadDb, tenant: TenantProfile): GraphReplay {
  const histories = edgeHistories(storedDelegationChanges(db));
  const nodes = new Map<string, GraphNode>();
  const edges: ReplayEdge[] = [];
  const steps = new Set<string>();
  for (const h of histories) {
    if (!nodes.has(h.from)) nodes.set(h.from, nodeOf(h.from, h.kind, true, tenant));
    if (!nodes.has(h.to)) nodes.set(h.to, nodeOf(h.to, h.kind, false, tenant));
    for (const s of h.steps) if (s.time) steps.add(s.time);
    edges.push({
      id: h.key,
      kind: h.kind,
      from: h.from,
      to: h.to,
      folder: h.folder,
      origin: h.origin,
      viaGroup: h.changes.find((c) => c.detail.viaGroup)?.detail.viaGroup ?? null,
      routine: (h.kind === 'folder' && isCalendarLikeFolder(h.folder)) || isGroupPseudoPrincipal(h.from),
      segments: h.steps.map((s) => ({
        at: s.time,
        present: s.present,
        rights: s.rights,
        since: s.since,
        grantedBy: s.grantedBy,
        grantedFrom: s.grantedFrom,
      })),
    });
  }
  const snapshots = [...collectionTimes(db).values()]
    .filter((c): c is { at: string; basis: string | null; file: string } => c.at !== null)
    .map((c) => ({ time: c.at, file: c.file }))
    .sort((a, b) => a.time.localeCompare(b.time));
  return {
    nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges,
    steps: [...steps].sort(),
    snapshots,
    window: { from: firstAuditTime(db), to: lastAuditTime(db) },
  };
}

/** The records behind one edge up to `asOf` (null: all of them), oldest first. */
export function edgeEvidence(db: ReadDb, id: string, asOf: string | null, limit: number): GraphEdgeEvidence | null {
  const history = edgeHistories(storedDelegationChanges(db)).find((h) => h.key === id);
  if (!history) return null;
  const refs: SourceRef[] = history.changes
    .filter((c) => asOf === null || c.time === null || c.time <= asOf)
    .map((c): SourceRef | null =>
      c.auditEventId !== null
        ? { source: 'audit', id: c.auditEventId }
        : c.permissionId !== null
          ? { source: 'permission', id: c.permissionId }
          : c.inboxRuleId !== null
            ? { source: 'inbox_rule', id: c.inboxRuleId }
            : null,
    )
    .filter((r): r is SourceRef => r !== null);
  const rows: EvidenceRowView[] = sourceRows(db, refs.slice(0, limit));
  return { id, rows, total: refs.length };
}
