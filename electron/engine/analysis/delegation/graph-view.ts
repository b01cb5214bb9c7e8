/**
 * The delegation graph as the UI and `dlens graph` show it: edges present at an instant, their
 * holders and mailboxes as typed nodes, and the evidence rows behind every edge.
 */
import type { DelegationGraphView, EvidenceRef, GraphNode, GraphNodeType } from '../../../../shared/domain.js';
import { isGroupPseudoPrincipal, isPseudoPrincipal } from '../../exchange/folders.js';
import type { ReadDb } from '../../store/db.js';
import { citations, storedDelegationChanges } from '../../store/graph-reads.js';
import { storedTenantDomains } from '../../store/analysis-state.js';
import { loadSettings } from '../settings.js';
import { TenantProfile } from '../tenant.js';
import { stateAt } from './graph.js';
import type { DelegationChange, EdgeKind } from '../../records/delegation.js';

function nodeType(id: string, kind: EdgeKind, tenant: TenantProfile): GraphNodeType {
  if (id === '*') return 'tenant';
  if (id.startsWith('app:')) return 'app';
  if (kind === 'activesync-device') return 'device';
  if (isPseudoPrincipal(id) || isGroupPseudoPrincipal(id)) return 'pseudo';
  return tenant.isExternal(id) ? 'external' : 'mailbox';
}

/** A principal as a typed node: as a holder of access it may be an app, a device or a pseudo-principal. */
export function nodeOf(id: string, kind: EdgeKind, asHolder: boolean, tenant: TenantProfile): GraphNode {
  const type = asHolder
    ? nodeType(id, kind, tenant)
    : id === '*'
      ? 'tenant'
      : tenant.isExternal(id)
        ? 'external'
        : 'mailbox';
  return { id, label: id === '*' ? 'All mailboxes' : id.replace(/^app:/, ''), type };
}

/** Derive the tenant profile the graph view types nodes with (cacheable until the case changes). */
/** The tenant as the current analysis derived it (kept with it), else derived now (a scan of the audit table). */
export function graphTenant(db: ReadDb): TenantProfile {
  const stored = storedTenantDomains(db);
  return stored ? new TenantProfile(new Set(stored)) : TenantProfile.derive(db, loadSettings(db).tenantDomains);
}

export function buildGraphView(
  db: ReadDb,
  asOf: string | null,
  tenant: TenantProfile = graphTenant(db),
): DelegationGraphView {
  const changes = storedDelegationChanges(db);
  const at = asOf === null ? null : new Date(asOf).toISOString();
  const edges = stateAt(changes, at);

  // Only the changes up to the instant are cited (a later removal is not evidence of the state).
  const shown = (c: DelegationChange) => at === null || c.time === null || c.time <= at;
  const cited = edges.flatMap((e) => e.changes.filter(shown));
  const refs = citations(db, {
    audit: cited.map((c) => c.auditEventId).filter((id): id is number => id !== null),
    permission: cited
      .filter((c) => c.auditEventId === null)
      .map((c) => c.permissionId)
      .filter((id): id is number => id !== null),
  });
  const nodes = new Map<string, GraphNode>();
  const addNode = (id: string, kind: EdgeKind, asHolder: boolean) => {
    if (!nodes.has(id)) nodes.set(id, nodeOf(id, kind, asHolder, tenant));
  };
  const view = edges.map((e) => {
    addNode(e.from, e.kind, true);
    addNode(e.to, e.kind, false);
    const evidence: EvidenceRef[] = [];
    for (const c of e.changes.filter(shown)) {
      const ref =
        c.auditEventId !== null
          ? refs.audit.get(c.auditEventId)
          : c.permissionId !== null
            ? refs.permission.get(c.permissionId)
            : undefined;
      if (ref) evidence.push(ref);
    }
    return {
      id: e.key,
      kind: e.kind,
      from: e.from,
      to: e.to,
      rights: e.rights,
      folder: e.folder,
      since: e.since,
      grantedBy: e.grantedBy,
      grantedFrom: e.grantedFrom,
      origin: e.origin,
      evidence,
      viaGroup: e.changes.find((c) => c.detail.viaGroup)?.detail.viaGroup ?? null,
    };
  });
  const times = changes
    .map((c) => c.time)
    .filter((t): t is string => t !== null)
    .sort();
  return {
    asOf: at,
    nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)),
    edges: view,
    changeTimes: { first: times[0] ?? null, last: times[times.length - 1] ?? null },
  };
}
