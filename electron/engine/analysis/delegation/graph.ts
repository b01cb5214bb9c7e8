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

/** One state of an edge: from `time` (null = before the evidence) until its next step. */
export interface EdgeStep {
  time: string | null;
  present: boolean;
  rights: string[];
  since: string | null;
  grantedBy: string | null;
  grantedFrom: string | null;
}

/** An edge's whole history: every state it went through, oldest first. */
export interface EdgeHistory extends Omit<EdgeState, 'rights' | 'since' | 'grantedBy' | 'grantedFrom'> {
  steps: EdgeStep[];
}

/**
 * Every edge's history over the evidence. Edges a dump shows and no audit record grants are taken
 * to predate the audit window (origin 'dump', present from the start). The graph at any instant and
 * its replay step by step are both read from these histories, so they cannot disagree.
 */
export function edgeHistories(changes: readonly DelegationChange[]): EdgeHistory[] {
  const sorted = ordered(changes);
  const byKey = new Map<string, DelegationChange[]>();
  for (const c of sorted) {
    if (!c.succeeded) continue;
    const k = edgeKey(c);
    let list = byKey.get(k);
    if (!list) byKey.set(k, (list = []));
    list.push(c);
  }
  // A removal with trustee `*` (e.g. GrantSendOnBehalfTo cleared) ends every edge of that kind on the mailbox.
  const wildcardRemovals = sorted.filter((c) => c.action === 'remove' && c.trustee === '*' && c.succeeded);

  const out: EdgeHistory[] = [];
  for (const [key, list] of byKey) {
    const first = list[0]!;
    if (first.trustee === '*') continue;
    const audited = list.filter((c) => c.action !== 'observed');
    const observed = list.filter((c) => c.action === 'observed');
    const observedRights = [...new Set(observed.flatMap((c) => c.rights))];
    // Present before the window when a dump shows it and the audit log never granted it first.
    const preexisting = observed.length > 0 && (audited.length === 0 || audited[0]!.action === 'remove');
    let present = preexisting;
    let rights = new Set<string>(preexisting ? observedRights : []);
    let since: string | null = null;
    let grant: DelegationChange | null = null;
    const step = (time: string | null): EdgeStep => ({
      time,
      present,
      // Rights a dump shows fill in when the log names none (the grant's rights were lost at export).
      rights: present ? (rights.size > 0 ? [...rights].sort() : [...observedRights].sort()) : [],
      since,
      grantedBy: grant?.actor ?? null,
      grantedFrom: grant?.clientIp ?? null,
    });
    const steps: EdgeStep[] = [step(null)];
    const timeline = [
      ...audited,
      ...wildcardRemovals.filter((w) => w.kind === first.kind && w.mailbox === first.mailbox),
    ].sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
    for (const c of timeline) {
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
      } else continue;
      steps.push(step(c.time));
    }
    out.push({
      key,
      kind: first.kind,
      from: first.trustee,
      to: first.mailbox,
      folder: first.folder,
      origin: audited.length > 0 && observed.length > 0 ? 'audit+dump' : audited.length > 0 ? 'audit' : 'dump',
      changes: list,
      steps,
    });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/** The step of a history in force at `asOf` (null = after all evidence). */
export function stepAt(history: EdgeHistory, asOf: string | null): EdgeStep {
  let current = history.steps[0]!;
  for (const s of history.steps) {
    if (asOf !== null && s.time !== null && s.time > asOf) break;
    current = s;
  }
  return current;
}

/** State at `asOf` (ISO UTC; null = after all evidence): the edges present then. */
export function stateAt(changes: readonly DelegationChange[], asOf: string | null): EdgeState[] {
  const out: EdgeState[] = [];
  for (const h of edgeHistories(changes)) {
    const s = stepAt(h, asOf);
    if (!s.present) continue;
    const { steps: _steps, ...edge } = h;
    out.push({ ...edge, rights: s.rights, since: s.since, grantedBy: s.grantedBy, grantedFrom: s.grantedFrom });
  }
  return out;
}
