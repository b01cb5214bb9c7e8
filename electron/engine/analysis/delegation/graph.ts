/**
 * The delegation graph at any instant: replay audit grants and removals on top of what dumps show
 * existed before the audit window, then answer "who could read or send as whom at time T".
 */
import type { DelegationChange, EdgeKind } from '../../records/delegation.js';

export interface EdgeState {
  key: string;
  kind: EdgeKind;
  /** Holder of the access (see DelegationChange.trustee). */
  from: string;
  /** The mailbox reached, `*` for tenant-wide. */
  to: string;
  folder: string | null;
  rights: string[];
  /** When the access was granted (ISO UTC), null when it predates the evidence. */
  since: string | null;
  grantedBy: string | null;
  grantedFrom: string | null;
  /** Where the edge is known from. */
  origin: 'audit' | 'dump' | 'audit+dump';
  /** Changes behind this edge (audit_event / permission ids), oldest first. */
  changes: DelegationChange[];
}

export const edgeKey = (c: Pick<DelegationChange, 'kind' | 'mailbox' | 'trustee' | 'folder'>): string =>
  [c.kind, c.mailbox, c.trustee, c.folder ?? ''].join('|').toLowerCase();

/** Audit changes in time order; dump observations (time unknown) count as "at collection", after all of them. */
function ordered(changes: readonly DelegationChange[]): DelegationChange[] {
  return [...changes].sort((a, b) => (a.time ?? '\uffff').localeCompare(b.time ?? '\uffff'));
}

/**
 * State at `asOf` (ISO UTC; null = after all evidence). Edges a dump shows and no audit record
 * grants are taken to predate the audit window (origin 'dump', since null).
 */
export function stateAt(changes: readonly DelegationChange[], asOf: string | null): EdgeState[] {
  const byKey = new Map<string, DelegationChange[]>();
  for (const c of ordered(changes)) {
    if (!c.succeeded) continue;
    const k = edgeKey(c);
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(c);
  }
  // A removal with trustee `*` (e.g. GrantSendOnBehalfTo cleared) ends every edge of that kind on the mailbox.
  const wildcardRemovals = ordered(changes).filter((c) => c.action === 'remove' && c.trustee === '*' && c.succeeded);

  const out: EdgeState[] = [];
  for (const [key, list] of byKey) {
    const first = list[0]!;
    if (first.trustee === '*') continue;
    const audited = list.filter((c) => c.action !== 'observed');
    const observed = list.filter((c) => c.action === 'observed');
    // Present before the window when a dump shows it and the audit log never granted it first.
    const preexisting = observed.length > 0 && (audited.length === 0 || audited[0]!.action === 'remove');
    let present = preexisting;
    let rights = new Set<string>(preexisting ? observed.flatMap((c) => c.rights) : []);
    let since: string | null = null;
    let grant: DelegationChange | null = null;
    const timeline = [
      ...audited,
      ...wildcardRemovals.filter((w) => w.kind === first.kind && w.mailbox === first.mailbox),
    ].sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
    for (const c of timeline) {
      if (asOf !== null && c.time !== null && c.time > asOf) break;
      if (c.action === 'grant') {
        if (!present) {
          since = c.time;
          grant = c;
          rights = new Set();
        }
        present = true;
        if (first.kind === 'folder')
          rights = new Set(c.rights); // folder grants replace the role
        else for (const r of c.rights) rights.add(r);
      } else if (c.action === 'remove') {
        if (c.trustee === '*' || c.rights.length === 0 || first.kind !== 'mailbox') rights.clear();
        else for (const r of c.rights) rights.delete(r);
        if (rights.size === 0) {
          present = false;
          grant = null;
          since = null;
        }
      }
    }
    if (!present) continue;
    if (rights.size === 0) for (const c of observed) for (const r of c.rights) rights.add(r);
    out.push({
      key,
      kind: first.kind,
      from: first.trustee,
      to: first.mailbox,
      folder: first.folder,
      rights: [...rights].sort(),
      since,
      grantedBy: grant?.actor ?? null,
      grantedFrom: grant?.clientIp ?? null,
      origin: audited.length > 0 && observed.length > 0 ? 'audit+dump' : audited.length > 0 ? 'audit' : 'dump',
      changes: list,
    });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
