/**
 * The case report in the contract: one HTML document built by the engine from the case (sections the
 * analyst chooses and orders), printed to PDF by Chromium wherever one runs (the desktop shell's
 * printToPDF, `dlens report` through Electron or a system Chromium), downloaded as HTML by the
 * browser host. Also the event rows the exports stream (`dlens export`).
 */
import { z } from 'zod';
import { returns } from './returns.js';

/** Report sections in their default order (cover first; the table of contents follows it). */
export const REPORT_SECTIONS = [
  'cover',
  'summary',
  'scope',
  'method',
  'limits',
  'findings',
  'graph',
  'timeline',
  'volume',
  'campaigns',
  'notes',
  'remediation',
  'appendix',
] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** Each section's title, as the report heads it and the report dialog lists it. */
export const REPORT_SECTION_TITLES: Record<ReportSection, string> = {
  cover: 'Cover',
  summary: 'Executive summary',
  scope: 'Scope and evidence inventory',
  method: 'Methodology',
  limits: 'Completeness and limitations',
  findings: 'Findings by severity',
  graph: 'Delegation graph',
  timeline: 'Key-event timeline',
  volume: 'Send volume of implicated senders',
  campaigns: 'Campaigns',
  notes: 'Analyst annotations',
  remediation: 'Remediation and verification checklist',
  appendix: 'Appendix: cited raw records',
};

/** Traffic Light Protocol 2.0 labels (FIRST). */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

/** One page-starting part of the report: the cover, the contents, or a section. */
export interface ReportPart {
  id: string;
  html: string;
}

export interface ReportDocument {
  /** The whole report: self-contained HTML (strict CSP, no script, nothing fetched). */
  html: string;
  /** Suggested file name without extension (the case's name, made safe). */
  fileName: string;
  /**
   * The same report cut into its page-starting parts (each a complete document), when asked: printing
   * them one by one gives each part's page count, from which the contents' page numbers are filled in
   * (shared/report-paging.ts). Empty otherwise.
   */
  parts: ReportPart[];
  /** Chromium's running header and footer templates (case name, client and TLP; page numbers). */
  header: string;
  footer: string;
}

const instant = z.iso.datetime({ offset: true });

/** What the analyst chooses: sections and their order, graph instants, time zone, marking, names. */
export const reportOptionsSchema = z
  .object({
    /** Sections in the order to print them; default every section in REPORT_SECTIONS order. */
    sections: z
      .array(z.enum(REPORT_SECTIONS))
      .min(1)
      .max(REPORT_SECTIONS.length)
      .refine((s) => new Set(s).size === s.length, 'a section is named twice')
      .optional(),
    /**
     * Instants to draw the delegation graph at (`end`: after all evidence). Default: just before the
     * attack window (the first confirmed, else high or critical, finding) and after all evidence.
     */
    asOf: z
      .array(z.union([instant, z.literal('end')]))
      .min(1)
      .max(6)
      .optional(),
    /** IANA time zone the report shows times in (stored times are UTC). */
    tz: z.string().min(1).max(64).default('UTC'),
    tlp: z.enum(TLP_LEVELS).default('amber'),
    /** Defaults to the analyst name the case records changes with (DLENS_ANALYST, else the OS user). */
    analyst: z.string().max(200).optional(),
    client: z.string().max(200).default(''),
  })
  .strict();

export type ReportOptionsIn = z.input<typeof reportOptionsSchema>;
export type ReportOptions = z.output<typeof reportOptionsSchema>;

export const EXPORT_SOURCES = ['audit', 'message', 'dump'] as const;

/** One event of the case timeline as the exports write it (Timesketch JSONL). */
export interface ExportEvent {
  source: (typeof EXPORT_SOURCES)[number];
  /** Row id in its source table (a dump snapshot: the evidence file's id). */
  id: number;
  /** ISO-8601 UTC. */
  time: string;
  file: string;
  sha256: string;
  /** Data record number in the file (0 for a dump snapshot: the whole file). */
  row: number;
  /** AuditData Id, trace or message id; '' for a dump snapshot. */
  recordId: string;
  operation: string;
  actor: string | null;
  target: string | null;
  clientIp: string | null;
  result: string | null;
  subject: string | null;
  /** Findings citing this row (a dump snapshot: citing any of its entries). */
  findings: string[];
}

export const reportRequests = {
  'report.build': {
    args: reportOptionsSchema.extend({ parts: z.boolean().default(false) }).strict(),
    result: returns<ReportDocument>(),
  },
  'export.events': {
    args: z
      .object({
        /** Continue after this cursor (from the previous page); omitted: from the first event. */
        after: z.string().min(1).max(600).optional(),
        limit: z.number().int().min(1).max(5000).default(2000),
      })
      .strict(),
    /** Events in (time, source, id) order; `after` is null at the end of the stream. */
    result: returns<{ rows: ExportEvent[]; after: string | null }>(),
  },
} as const;
