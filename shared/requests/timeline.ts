/**
 * The case timeline in the contract: every event of the case in one time-ordered stream (audit
 * records, message-trace rows, and each dump file as one snapshot event at its collection time),
 * filtered by the search language (search-query.ts), paged by keyset cursors (never OFFSET), with a
 * histogram from buckets precomputed at import.
 */
import { z } from 'zod';
import type { EvidenceRowView, Severity } from '../domain.js';
import { returns } from './returns.js';

export const TIMELINE_SOURCES = ['audit', 'message', 'dump'] as const;
export type TimelineSource = (typeof TIMELINE_SOURCES)[number];

export interface TimelineRow {
  /** `<source>:<id>`, unique in the case. */
  key: string;
  source: TimelineSource;
  /** Row id in its source table (a dump snapshot: the evidence file's id). */
  id: number;
  /** ISO-8601 UTC. */
  time: string;
  file: string;
  evidenceId: number;
  /** Data record number in the file (0 for a dump snapshot: the whole file). */
  row: number;
  /** Audit operation; "message <status>" for a trace row; "<format> snapshot (N entries)" for a dump. */
  operation: string;
  /** Audit actor, message sender. */
  actor: string | null;
  /** Audit target, message recipient. */
  target: string | null;
  clientIp: string | null;
  /** Audit result status, message delivery status. */
  result: string | null;
  /** Message subject (trace rows only). */
  subject: string | null;
  /**
   * The audit record's session id (AuditData SessionId, else AppAccessContext.AADSessionId),
   * lowercase; null for other rows. The "same session" pivot searches `session:<this>`.
   */
  session: string | null;
  /** Findings citing this row, so the grid marks them in place. */
  findings: Array<{ id: string; severity: Severity }>;
}

export interface TimelinePage {
  rows: TimelineRow[];
  /** Cursor for the rows before the first one (null at the start of the stream). */
  before: string | null;
  /** Cursor for the rows after the last one (null at the end of the stream). */
  after: string | null;
  /**
   * A search no index serves (free text, wildcards, NOT, file:…) tests a bounded number of rows per
   * request: true when that bound ended this page before `limit` rows were found. Fewer rows then do
   * not mean the end; the cursor in the paging direction (`after`, or `before` for a backward page)
   * continues the search from the last row tested, and its time says how far the search has got.
   */
  partial: boolean;
}

export interface HistogramBin {
  /** Bin start, ISO-8601 UTC; bins are `binMs` wide. */
  start: string;
  audit: number;
  message: number;
  dump: number;
}

export interface TimelineHistogram {
  /** The range the bins cover (the case's whole span when none was asked). */
  from: string | null;
  to: string | null;
  binMs: number;
  bins: HistogramBin[];
  /** Events in the range matching the query. */
  total: number;
  /** Stretches of at least `gapMinMs` inside a source's covered span with no event: possible collection gaps. */
  gaps: Array<{ source: TimelineSource; from: string; to: string }>;
  gapMinMs: number;
  /** From the precomputed buckets (true) or counted from the matching rows (a search narrows the histogram). */
  precomputed: boolean;
  /**
   * A searched histogram counts a bounded number of rows per source (a search no index serves tests
   * at most 200,000; an indexed one counts at most 2,000,000 matches). When a bound was reached, every
   * source is counted up to this instant (a bin start) and the later bins are not counted: their 0
   * means unknown. Null when every matching event of the range is counted (always without `q`).
   */
  countedTo: string | null;
}

/** One timeline event's source record with its provenance (a dump snapshot: the file and its first entries). */
export interface TimelineRecord {
  row: TimelineRow;
  /** The source rows: one for an audit record or trace row, the first entries for a dump snapshot. */
  evidence: EvidenceRowView[];
  /** Source rows behind the event: 1 for an audit record or trace row; a dump snapshot's entries (`evidence` holds the first 50). */
  entries: number;
}

const iso = z.iso.datetime({ offset: true });
const sources = z.array(z.enum(TIMELINE_SOURCES)).min(1).max(3).optional();
/** A search in the timeline's language (AND / OR / NOT, field:value, "phrases", wildcards *). */
const query = z.string().max(2000).optional();
const cursor = z.string().min(1).max(600);

export const timelineRequests = {
  'timeline.histogram': {
    args: z
      .object({
        from: iso.optional(),
        to: iso.optional(),
        q: query,
        sources,
        /** How many bins the caller wants at most (the bin width is rounded to a whole minute, hour or day). */
        bins: z.number().int().min(10).max(2000).default(400),
      })
      .strict(),
    result: returns<TimelineHistogram>(),
  },
  'timeline.page': {
    args: z
      .object({
        from: iso.optional(),
        to: iso.optional(),
        q: query,
        sources,
        /** Rows strictly after this cursor (forward), or */
        after: cursor.optional(),
        /** rows strictly before it (backward; returned oldest first). */
        before: cursor.optional(),
        /** Without a cursor: the rows from this instant on (a jump); without either: from the start. */
        at: iso.optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    result: returns<TimelinePage>(),
  },
  'timeline.record': {
    args: z.object({ source: z.enum(TIMELINE_SOURCES), id: z.number().int().positive() }).strict(),
    result: returns<TimelineRecord>(),
  },
} as const;
