/**
 * The questions responders ask of a delegation graph, answered on the state shown: what a principal
 * can reach, who can reach a mailbox, outside trustees, applications with tenant-wide mail access,
 * grants made in a window, principals reaching many mailboxes. Each answer is a set of edge ids to
 * show (and the nodes they touch).
 */
import type { GraphNode } from '../../../../shared/domain';
import type { EdgeNow } from './replay';

export type Question =
  | { kind: 'reach'; principal: string; hops: number }
  | { kind: 'reachedBy'; mailbox: string; hops: number }
  | { kind: 'external' }
  | { kind: 'apps' }
  | { kind: 'window'; from: string; to: string }
  | { kind: 'fanOut'; min: number };

const APP_KINDS = new Set(['app-role', 'delegated-grant', 'impersonation']);

/** Follow edges from `start` (holder -> mailbox when forward, mailbox <- holder when backward) up to `hops`. */
function walk(state: Map<string, EdgeNow>, start: string, hops: number, forward: boolean): Set<string> {
  const out = new Set<string>();
  let frontier = new Set([start.toLowerCase()]);
  for (let h = 0; h < hops && frontier.size > 0; h++) {
    const next = new Set<string>();
    for (const [id, { edge }] of state) {
      const from = (forward ? edge.from : edge.to).toLowerCase();
      if (!frontier.has(from) || out.has(id)) continue;
      out.add(id);
      next.add((forward ? edge.to : edge.from).toLowerCase());
    }
    frontier = next;
  }
  return out;
}

export function answer(q: Question, state: Map<string, EdgeNow>, nodes: Map<string, GraphNode>): Set<string> {
  switch (q.kind) {
    case 'reach':
      return walk(state, q.principal, q.hops, true);
    case 'reachedBy':
      return walk(state, q.mailbox, q.hops, false);
    case 'external':
      return new Set(
        [...state]
          .filter(
            ([, { edge }]) => nodes.get(edge.from)?.type === 'external' || nodes.get(edge.to)?.type === 'external',
          )
          .map(([id]) => id),
      );
    case 'apps':
      return new Set(
        [...state].filter(([, { edge }]) => APP_KINDS.has(edge.kind) || edge.from.startsWith('app:')).map(([id]) => id),
      );
    case 'window':
      return new Set(
        [...state]
          .filter(([, { segment }]) => segment.since !== null && segment.since >= q.from && segment.since <= q.to)
          .map(([id]) => id),
      );
    case 'fanOut': {
      const out = new Map<string, string[]>();
      for (const [id, { edge }] of state) {
        if (edge.kind === 'forwarding') continue;
        out.set(edge.from, [...(out.get(edge.from) ?? []), id]);
      }
      return new Set([...out.values()].filter((ids) => ids.length >= q.min).flat());
    }
  }
}

export function describe(q: Question): string {
  switch (q.kind) {
    case 'reach':
      return `What ${q.principal} can reach (${q.hops} hop${q.hops === 1 ? '' : 's'})`;
    case 'reachedBy':
      return `Who can reach ${q.mailbox} (${q.hops} hop${q.hops === 1 ? '' : 's'})`;
    case 'external':
      return 'Outside trustees and destinations';
    case 'apps':
      return 'Applications with mail access';
    case 'window':
      return `Grants made ${q.from.slice(0, 16)} – ${q.to.slice(0, 16)} UTC`;
    case 'fanOut':
      return `Principals reaching ${q.min} or more mailboxes`;
  }
}
