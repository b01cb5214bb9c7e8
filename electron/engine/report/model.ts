/**
 * What the report is built from: plain data the report handler reads from the case through the same
 * reads the app uses (handlers/report-data.ts). The renderer in this folder never touches the case,
 * so the same data and options always give the same document (apart from the generation time).
 */
import type { CaseInfo, CaseSettings, DelegationGraphView, EvidenceRowView, Finding } from '../../../shared/domain.js';
import type { ReportOptions, ReportSection, TlpLevel } from '../../../shared/requests/report.js';
import type { Annotation } from '../../../shared/requests/triage.js';
import type { TimelineHistogram } from '../../../shared/requests/timeline.js';
import type { CampaignView, SenderSeries, SenderSummary } from '../../../shared/requests/volume.js';

export interface GraphSnapshot {
  /** Why this instant: "before the attack window", "after all evidence", "as asked". */
  label: string;
  view: DelegationGraphView;
}

/** A cited source record for the appendix, with the findings that cite it. */
export interface CitedRecord {
  record: EvidenceRowView;
  findings: string[];
}

export interface ReportData {
  caseName: string;
  /** ISO UTC; the only value that differs between two builds of the same case with the same options. */
  generatedAt: string;
  sections: ReportSection[];
  tz: string;
  tlp: TlpLevel;
  analyst: string;
  client: string;
  info: CaseInfo;
  settings: CaseSettings;
  /** Every finding, citations cut at `citationLimit` each (evidenceTotal counts them all). */
  findings: Finding[];
  citationLimit: number;
  graphs: GraphSnapshot[];
  /** Senders a finding names, with their hourly series (at most `seriesLimit`). */
  senders: Array<{ summary: SenderSummary; series: SenderSeries }>;
  sendersImplicated: number;
  campaigns: CampaignView[];
  annotations: Annotation[];
  gaps: TimelineHistogram['gaps'];
  gapMinMs: number;
  /** Cited records for the appendix (a bounded number per finding) and how many citations exist in all. */
  records: CitedRecord[];
  recordsPerFinding: number;
}

export type { ReportOptions };
