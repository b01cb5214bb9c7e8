/**
 * Domain types shared by the engine, the shell, the browser host and the renderer.
 * Plain data only: everything here crosses a process boundary as JSON (or structured clone).
 */

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One evidence file as registered in the case. */
export interface EvidenceFile {
  id: number;
  /** Original file name (not the path: paths leak the analyst's machine layout into reports). */
  file: string;
  sha256: string;
  size: number;
  /** Stable format id, e.g. `purview-csv-8`, `sual-csv-exo-v3`. */
  format: string;
  /** Human label of the format. */
  formatLabel: string;
  encoding: string;
  /** Import time, ISO-8601 UTC. */
  importedAt: string;
  parserVersion: string;
  accepted: number;
  rejected: number;
  /** Records already in the case (same record id from an overlapping export). */
  duplicates: number;
  firstTime: string | null;
  lastTime: string | null;
  /** Decisions the parser made that an examiner must be able to see (date format, delimiter, caps). */
  notes: string[];
}

export interface CaseCounts {
  auditEvents: number;
  messages: number;
  permissions: number;
  principals: number;
}

export interface CaseInfo {
  /** File name of the case (no directory). */
  name: string;
  schemaVersion: number;
  evidence: EvidenceFile[];
  counts: CaseCounts;
}

export interface Rejection {
  evidenceId: number;
  /** 1-based data record number in the file (header not counted). */
  row: number;
  /** 1-based physical line where the record starts. */
  line: number;
  reason: string;
  /** Start of the raw source text of the rejected record (capped). */
  raw: string;
}

/** A citation of one source record. */
export interface EvidenceRef {
  file: string;
  sha256: string;
  row: number;
  recordId: string;
}

export interface Finding {
  /** Stable: the same evidence yields the same id. */
  id: string;
  rule: string;
  title: string;
  severity: Severity;
  /** MITRE ATT&CK technique ids. */
  techniques: string[];
  /** ISO-8601 UTC. */
  time: string;
  /** Involved identities, lowercase SMTP/UPN where known. */
  principals: string[];
  summary: string;
  evidence: EvidenceRef[];
  /** Extra key facts (rights, actor IP, public rules this corresponds to, ...). */
  details: Record<string, string>;
}

/** One normalized audit record with its provenance, as shown behind a finding. */
export interface AuditEventView {
  id: number;
  file: string;
  sha256: string;
  row: number;
  line: number;
  recordId: string;
  time: string;
  recordType: number | null;
  operation: string;
  actor: string | null;
  target: string | null;
  clientIp: string | null;
  resultStatus: string | null;
  parameters: Record<string, string>;
  /** The AuditData JSON exactly as it stood in the file. */
  raw: string;
}

export interface ImportFileResult {
  file: string;
  sha256: string;
  size: number;
  format: string;
  formatLabel: string;
  accepted: number;
  rejected: number;
  duplicates: number;
  /** The same bytes were imported before: nothing changed. */
  alreadyImported: boolean;
  /** First rejections (the full list is stored in the case). */
  rejections: Array<{ row: number; line: number; reason: string }>;
  notes: string[];
}

/** What became of one file of an import request: imported (or already there), or refused whole. */
export type ImportOutcome =
  | { ok: true; result: ImportFileResult }
  | { ok: false; file: string; error: string };

export interface ImportProgress {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  rows: number;
  /** Seconds left at the current rate, or null before a rate is known. */
  etaSeconds: number | null;
}
