/**
 * What the canvas draws, decided once per filter setting over every edge ever present (so nodes keep
 * their places while the analyst steps through time): routine calendar and contacts shares folded
 * into a count on their mailbox, a principal reaching very many mailboxes folded into one node, and
 * a hard cap that drops whole edges with their nodes (never an edge without both ends). What was
 * folded is said, not hidden.
 */
import type { GraphNode } from '../../../../shared/domain';
import type { GraphReplay, ReplayEdge } from '../../../../shared/requests/graph';

/** A holder with more edges of one kind than this is folded into one "N mailboxes" node. */
export const FAN_OUT_FOLD = 40;
/** Above this many nodes the least telling edges are left out (Cytoscape's canvas stays fluid below it). */
export const MAX_NODES = 1500;

export interface DisplayNode {
  id: string;
  label: string;
  type: string;
  /** Routine shares folded into this node. */
  routine: number;
  /** A folded fan-out: how many mailboxes it stands for. */
  folded: number;
}

export interface DisplayEdge {
  id: string;
  source: string;
  target: string;
  kind: string;
  /** Replay edge ids this display edge stands for (one, or a folded fan-out's members). */
  members: string[];
}

export interface Display {
  nodes: DisplayNode[];
  edges: DisplayEdge[];
  /** Display edge id of each replay edge drawn (folded members map to their fold). */
  edgeOf: Map<string, string>;
  notes: string[];
}

export interface DisplayOptions {
  kinds: Set<string> | null;
  nodeTypes: Set<string> | null;
  showRoutine: boolean;
  /** Holders whose fan-out is shown edge by edge. */
  expanded: Set<string>;
}

const everPresent = (e: ReplayEdge) => e.segments.some((s) => s.present);
/** What an examiner looks at first when something must be left out. */
const priority = (e: ReplayEdge, nodes: Map<string, GraphNode>) =>
  (e.origin === 'dump' ? 0 : 4) +
  (nodes.get(e.from)?.type === 'external' || nodes.get(e.to)?.type === 'external' ? 3 : 0) +
  (e.from.startsWith('app:') ? 3 : 0) +
  (e.kind === 'forwarding' ? 2 : 0);

export function buildDisplay(replay: GraphReplay, o: DisplayOptions): Display {
  const nodeById = new Map(replay.nodes.map((n) => [n.id, n]));
  const notes: string[] = [];
  const routine = new Map<string, number>();
  let candidates = replay.edges.filter(
    (e) =>
      everPresent(e) &&
      (!o.kinds || o.kinds.has(e.kind)) &&
      (!o.nodeTypes ||
        (o.nodeTypes.has(nodeById.get(e.from)?.type ?? '') && o.nodeTypes.has(nodeById.get(e.to)?.type ?? ''))),
  );
  if (!o.showRoutine) {
    const kept = candidates.filter((e) => !e.routine);
    for (const e of candidates) if (e.routine) routine.set(e.to, (routine.get(e.to) ?? 0) + 1);
    if (kept.length < candidates.length)
      notes.push(
        `${candidates.length - kept.length} routine calendar, contacts and group shares folded into counts on their mailboxes`,
      );
    candidates = kept;
  }

  // Fan-out folding: one holder, one kind, very many mailboxes.
  const groups = new Map<string, ReplayEdge[]>();
  for (const e of candidates)
    groups.set(`${e.from}\u0000${e.kind}`, [...(groups.get(`${e.from}\u0000${e.kind}`) ?? []), e]);
  const edges: DisplayEdge[] = [];
  const foldNodes: DisplayNode[] = [];
  const edgeOf = new Map<string, string>();
  for (const [key, list] of groups) {
    const [holder, kind] = key.split('\u0000') as [string, string];
    if (list.length > FAN_OUT_FOLD && !o.expanded.has(holder)) {
      const id = `fold:${key}`;
      foldNodes.push({ id, label: `${list.length} mailboxes`, type: 'fold', routine: 0, folded: list.length });
      edges.push({ id: `${id}:edge`, source: holder, target: id, kind, members: list.map((e) => e.id) });
      for (const e of list) edgeOf.set(e.id, `${id}:edge`);
      notes.push(`${holder}: ${list.length} ${kind} grants folded into one node (open it to expand)`);
    } else
      for (const e of list) {
        // Access points from the holder to the mailbox; forwarding points the way the mail flows.
        const [source, target] = e.kind === 'forwarding' ? [e.to, e.from] : [e.from, e.to];
        edges.push({ id: e.id, source, target, kind: e.kind, members: [e.id] });
        edgeOf.set(e.id, e.id);
      }
  }

  // The cap: keep the most telling edges whole, with both their nodes.
  const replayById = new Map(replay.edges.map((e) => [e.id, e]));
  const score = (d: DisplayEdge) => Math.max(...d.members.map((m) => priority(replayById.get(m)!, nodeById)));
  edges.sort((a, b) => score(b) - score(a));
  const kept: DisplayEdge[] = [];
  const used = new Set<string>();
  for (const d of edges) {
    const extra = (used.has(d.source) ? 0 : 1) + (used.has(d.target) ? 0 : 1);
    if (used.size + extra > MAX_NODES) continue;
    used.add(d.source);
    used.add(d.target);
    kept.push(d);
  }
  if (kept.length < edges.length) {
    notes.push(
      `${edges.length - kept.length} of ${edges.length} edges left out to keep the graph readable: narrow it with a question, a search or the filters`,
    );
    const keptIds = new Set(kept.map((d) => d.id));
    for (const d of edges) if (!keptIds.has(d.id)) for (const m of d.members) edgeOf.delete(m);
  }
  const folds = new Map(foldNodes.map((f) => [f.id, f]));
  const nodes: DisplayNode[] = [...used].map((id) => {
    const fold = folds.get(id);
    if (fold) return fold;
    const n = nodeById.get(id);
    return { id, label: n?.label ?? id, type: n?.type ?? 'mailbox', routine: routine.get(id) ?? 0, folded: 0 };
  });
  return { nodes, edges: kept, edgeOf, notes };
}
