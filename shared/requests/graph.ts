/**
 * The delegation graph's replay: every edge with its whole history (the states it went through and
 * when), the nodes of every edge ever present, the instants at which anything changed, dump snapshot
 * times and the audit window. The renderer steps through it locally (no request per step) and asks
 * for one edge's evidence rows when the analyst opens it.
 */
import { z } from 'zod';
import type { EvidenceRowView, GraphNode } from '../domain.js';
import { returns } from './returns.js';

export interface ReplaySegment {
  /** From this instant (null: before the evidence) until the next segment's start. */
  at: string | null;
  present: boolean;
  rights: string[];
  since: string | null;
  grantedBy: string | null;
  grantedFrom: string | null;
}

export interface ReplayEdge {
  id: string;
  kind: string;
  from: string;
  to: string;
  folder: string | null;
  origin: 'audit' | 'dump' | 'audit+dump';
  viaGroup: string | null;
  /** A calendar or contacts share, or a group's own members: routine, summarised in large graphs. */
  routine: boolean;
  segments: ReplaySegment[];
}

export interface GraphReplay {
  nodes: GraphNode[];
  edges: ReplayEdge[];
  /** Every instant at which an edge changed, ascending. */
  steps: string[];
  /** When each dump was collected (its edges stand from before the audit window). */
  snapshots: Array<{ time: string; file: string }>;
  /** First and last audit record of the case. */
  window: { from: string | null; to: string | null };
}

export interface GraphEdgeEvidence {
  id: string;
  /** The records behind the edge up to `asOf` (a later removal is not evidence of the state then). */
  rows: EvidenceRowView[];
  total: number;
}

export const graphRequests = {
  'graph.replay': {
    args: z.object({}).strict(),
    result: returns<GraphReplay>(),
  },
  'graph.edgeEvidence': {
    args: z
      .object({
        id: z.string().min(1).max(2000),
        asOf: z.iso.datetime({ offset: true }).nullable().default(null),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    result: returns<GraphEdgeEvidence>(),
  },
} as const;
