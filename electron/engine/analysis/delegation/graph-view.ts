/**
 * The delegation graph as the UI and `dlens graph` show it: edges present at an instant, their
 * holders and mailboxes as typed nodes, and the evidence rows behind every edge.
 */
import type Database from 'better-sqlite3';
import type { DelegationGraphView, EvidenceRef, GraphNode, GraphNodeType } from '../../../../shared/domain.js';
import { loadSettings } from '../settings.js';
import { TenantProfile } from '../tenant.js';
import { stateAt } from './graph.js';
import type { DelegationChange, EdgeKind } from './types.js';

interface ChangeRow {
  time: string | null;
  action: DelegationChange['action'];
  kind: EdgeKind;
  mailbox: string;
  trustee: string;
  rights: string;
  folder: string | null;
  actor: string | null;
  client_ip: string | null;
  succeeded: number;
  audit_event_id: number | null;
  permission_id: number | null;
  detail: string;
}

export function loadChanges(db: Database.Database): DelegationChange[] {
  const rows = db.prepare('SELECT * FROM delegation_change ORDER BY id').all() as ChangeRow[];
  return rows.map((r) => ({
    time: r.time,
    action: r.action,
    kind: r.kind,
    mailbox: r.mailbox,
    trustee: r.trustee,
    rights: r.rights ? r.rights.split(', ') : [],
    folder: r.folder,
    actor: r.actor,
    clientIp: r.client_ip,
    succeeded: r.succeeded === 1,
    auditEventId: r.audit_event_id,
    permissionId: r.permission_id,
    detail: JSON.parse(r.detail) as Record<string, string>,
  }));
}

function nodeType(id: string, kind: EdgeKind, tenant: TenantProfile): GraphNodeType {
  if (id === '*') return 'tenant';
  if (id.startsWith('app:')) return 'app';
  if (kind === 'activesync-device') return 'device';
  if (/^(default|anonymous|everyone)$/i.test(id)) return 'pseudo';
  return tenant.isExternal(id) ? 'external' : 'mailbox';
}

/** Derive the tenant profile the graph view types nodes with (cacheable until the case changes). */
export const graphTenant = (db: Database.Database): TenantProfile =>
  TenantProfile.derive(db, loadSettings(db).tenantDomains);

export function buildGraphView(
  db: Database.Database,
  asOf: string | null,
  tenant: TenantProfile = graphTenant(db),
): DelegationGraphView {
  const changes = loadChanges(db);
  const at = asOf === null ? null : new Date(asOf).toISOString();
  const edges = stateAt(changes, at);

  const auditRef = db.prepare(
    'SELECT ev.file_name AS file, ev.sha256, ae.row, ae.record_id AS recordId FROM audit_event ae JOIN evidence ev ON ev.id = ae.evidence_id WHERE ae.id = ?',
  );
  const dumpRef = db.prepare(
    "SELECT ev.file_name AS file, ev.sha256, p.row, '' AS recordId FROM permission p JOIN evidence ev ON ev.id = p.evidence_id WHERE p.id = ?",
  );
  const nodes = new Map<string, GraphNode>();
  const addNode = (id: string, kind: EdgeKind, asHolder: boolean) => {
    if (nodes.has(id)) return;
    const type = asHolder
      ? nodeType(id, kind, tenant)
      : id === '*'
        ? 'tenant'
        : tenant.isExternal(id)
          ? 'external'
          : 'mailbox';
    nodes.set(id, { id, label: id === '*' ? 'All mailboxes' : id.replace(/^app:/, ''), type });
  };
  const view = edges.map((e) => {
    addNode(e.from, e.kind, true);
    addNode(e.to, e.kind, false);
    const evidence: EvidenceRef[] = [];
    for (const c of e.changes) {
      if (at !== null && c.time !== null && c.time > at) continue;
      const ref =
        c.auditEventId !== null
          ? auditRef.get(c.auditEventId)
          : c.permissionId !== null
            ? dumpRef.get(c.permissionId)
            : undefined;
      if (ref) evidence.push(ref as EvidenceRef);
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
