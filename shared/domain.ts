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
  /** What the file holds: audit records, message-trace rows, or a permission / configuration dump. */
  kind: 'audit' | 'trace' | 'dump';
  /** When the file was collected, as the file itself or its name states; null when it does not say. */
  collectedAt: string | null;
  /** Human label of the format. */
  formatLabel: string;
  encoding: string;
  /** Import time, ISO-8601 UTC. */
  importedAt: string;
  parserVersion: string;
  /** Delegation Lens version that imported the file; null for files imported before it was recorded. */
  appVersion: string | null;
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
  /** What the evidence cannot show (record types absent, no dumps, no trace), for the analyst and the report. */
  warnings: string[];
  /** Whether the stored findings are those of the evidence and settings now in the case. */
  analysis: AnalysisStatus;
  /** Why the case is open for viewing only (a read-only file, folder or medium); null when it can be written. */
  readOnly: string | null;
  /** SHA-256 over the evidence registry and the findings, sealed by the last analysis (`dlens verify` rechecks it). */
  digest: string | null;
}

/** The analysis behind the stored findings, as recorded against the evidence set. */
export interface AnalysisStatus {
  /** Computed from the evidence and settings now in the case, by this version's analysis. */
  current: boolean;
  /** When the stored findings were computed (ISO UTC); null when the case was never analysed. */
  analysedAt: string | null;
  /** Analysis version that computed them; null when never analysed. */
  version: string | null;
  /** Analysis version of this build (a different `version` makes the findings stale). */
  currentVersion: string;
  /** Rules that failed on this evidence: their findings are missing, the other rules' are stored. */
  failures: Array<{ rule: string; error: string }>;
}

export interface Rejection {
  evidenceId: number;
  /** 1-based data record number in the file (header not counted). */
  row: number;
  /** 1-based physical line where the record starts. */
  line: number;
  reason: string;
  /**
   * The rejected record's source text as written. The case keeps it whole up to 1 MiB of text (a
   * longer one is cut and says so); a listing shows the first 64 KiB and says how long it is.
   */
  raw: string;
}

/** A citation of one source record. */
export interface EvidenceRef {
  file: string;
  sha256: string;
  row: number;
  /** AuditData Id, message/trace id, or '' for a dump row (file + row identify it). */
  recordId: string;
}

/** What the analyst concluded about a finding. */
export const TRIAGE_STATES = ['new', 'needs-review', 'confirmed', 'benign'] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];

export interface Triage {
  state: TriageState;
  reason: string;
  /** When it was set (ISO UTC) and by whom (the analyst's name as the case records it). */
  at: string;
  by: string;
}

export interface Finding {
  /** Stable: the same evidence yields the same id. */
  id: string;
  rule: string;
  title: string;
  severity: Severity;
  /** MITRE ATT&CK technique ids. */
  techniques: string[];
  /**
   * ISO-8601 UTC; null when the evidence carries no time for it (a dump without one). How a dump
   * finding's time was decided is in details.timeBasis.
   */
  time: string | null;
  /** Involved identities, lowercase SMTP/UPN where known. */
  principals: string[];
  summary: string;
  /** The first cited rows (up to the limit the request asked for); evidenceTotal counts them all. */
  evidence: EvidenceRef[];
  /** How many rows the finding cites; page through them with findings.evidence. */
  evidenceTotal: number;
  /** Extra key facts (rights, actor IP, public rules this corresponds to, ...). */
  details: Record<string, string>;
  /** The analyst's triage of this finding (kept across recomputation while its id stays); null = new. */
  triage: Triage | null;
}

/** One source row behind a finding, with its provenance: an audit record, a dump row or a message-trace row. */
export interface EvidenceRowView {
  source: 'audit' | 'permission' | 'message' | 'inbox_rule';
  id: number;
  file: string;
  sha256: string;
  row: number;
  line: number;
  /** AuditData Id for audit records, message/trace id for messages, '' for dump rows. */
  recordId: string;
  time: string | null;
  /** Operation (audit), permission kind and rights (dump), or delivery status (message). */
  what: string;
  /** Actor (audit), trustee (dump) or sender (message). */
  who: string | null;
  /** Target object (audit), mailbox (dump) or recipient (message). */
  target: string | null;
  clientIp: string | null;
  /** The source record exactly as stored: AuditData JSON text, or the row's columns as JSON. */
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
export type ImportOutcome = { ok: true; result: ImportFileResult } | { ok: false; file: string; error: string };

export interface ImportProgress {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  rows: number;
  /** Seconds left at the current rate, or null before a rate is known. */
  etaSeconds: number | null;
  /** A large file holds the case alone while it imports: other requests wait until it is in. */
  caseLocked: boolean;
}

/** Progress as one file's import reports it (the engine adds whether the case is held). */
export type FileImportProgress = Omit<ImportProgress, 'caseLocked'>;

/** Per-case analysis settings; findings are recomputed when they change. */
export interface CaseSettings {
  /** Approved delegations: `trustee` (any mailbox) or `trustee -> mailbox`, lowercase addresses. */
  approvedDelegates: string[];
  /** Forwarding to these domains is expected (partners, archive services). */
  allowedForwardingDomains: string[];
  /** Accounts whose admin work is routine (help desk, Exchange admins). */
  knownAdmins: string[];
  /** Tenant mail domains in addition to those derived from the evidence. */
  tenantDomains: string[];
  /** IANA time zone of the organisation, for business hours (e.g. "Europe/Berlin"). */
  timeZone: string;
  /** Business hours in `timeZone`: start and end hour (0-24) and ISO weekdays (1 = Monday). */
  businessHours: { start: number; end: number; days: number[] };
}

export type GraphNodeType = 'mailbox' | 'external' | 'app' | 'pseudo' | 'device' | 'tenant';

export interface GraphNode {
  id: string;
  label: string;
  type: GraphNodeType;
}

export interface GraphEdgeView {
  id: string;
  kind: string;
  /** Holder of the access. */
  from: string;
  /** Mailbox reached (`*` = every mailbox in the tenant). */
  to: string;
  rights: string[];
  folder: string | null;
  since: string | null;
  grantedBy: string | null;
  grantedFrom: string | null;
  origin: 'audit' | 'dump' | 'audit+dump';
  /** The group whose grant gives the holder this access (membership from the evidence), if any. */
  viaGroup: string | null;
  evidence: EvidenceRef[];
}

export interface DelegationGraphView {
  /** The instant shown (ISO UTC), or null for "after all evidence". */
  asOf: string | null;
  nodes: GraphNode[];
  edges: GraphEdgeView[];
  /** Times of the first and last delegation change, for a time slider. */
  changeTimes: { first: string | null; last: string | null };
}
