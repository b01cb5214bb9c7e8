/**
 * The access one principal holds and the access others hold to its mailbox, as the delegation
 * graph has them (the same replay, stateAt, over the same stored changes): what is in place after
 * all evidence, and what was granted and later removed, stated as it stood just before.
 */
import type { PrincipalGrant } from '../../../../shared/requests/principal.js';
import type { DelegationChange } from '../../records/delegation.js';
import type { ReadDb } from '../../store/db.js';
import { delegationChangesOf } from '../../store/graph-reads.js';
import { edgeKey, stateAt, type EdgeState } from './graph.js';

export interface PrincipalAccess {
  held: PrincipalGrant[];
  given: PrincipalGrant[];
  /** Mailboxes it holds access to, current or removed (where a group's members' grants would be). */
  reached: string[];
}

export function principalAccess(db: ReadDb, principal: string): PrincipalAccess {
  const changes = delegationChangesOf(db, principal);
  const current = stateAt(changes, null);
  const present = new Set(current.map((e) => e.key));
  const grants: Array<{ edge: EdgeState; current: boolean }> = current.map((edge) => ({ edge, current: true }));

  // Edges granted at some time but gone at the end: the state just before their last grant's
  // removal, from the same replay cut at that grant.
  const lastGrant = new Map<string, DelegationChange>();
  for (const c of changes)
    if (c.action === 'grant' && c.succeeded && c.time !== null && c.trustee !== '*' && !present.has(edgeKey(c)))
      lastGrant.set(edgeKey(c), c);
  for (const [key, grant] of lastGrant) {
    const own = changes.filter(
      (c) => edgeKey(c) === key || (c.trustee === '*' && c.mailbox === grant.mailbox && c.kind === grant.kind),
    );
    const edge = stateAt(own, grant.time).find((e) => e.key === key);
    if (edge) grants.push({ edge, current: false });
  }

  const view = ({ edge, current: now }: { edge: EdgeState; current: boolean }, other: string): PrincipalGrant => ({
    other,
    kind: edge.kind,
    rights: edge.rights,
    folder: edge.folder,
    since: edge.since,
    grantedBy: edge.grantedBy,
    current: now,
  });
  const order = (a: PrincipalGrant, b: PrincipalGrant) =>
    Number(b.current) - Number(a.current) ||
    (a.since ?? '').localeCompare(b.since ?? '') ||
    a.other.localeCompare(b.other) ||
    a.kind.localeCompare(b.kind);
  const held = grants.filter((g) => g.edge.from === principal);
  return {
    held: held.map((g) => view(g, g.edge.to)).sort(order),
    given: grants
      .filter((g) => g.edge.to === principal && g.edge.from !== principal)
      .map((g) => view(g, g.edge.from))
      .sort(order),
    reached: [...new Set(held.map((g) => g.edge.to))],
  };
}
