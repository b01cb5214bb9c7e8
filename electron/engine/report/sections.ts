/** Each report section's renderer (titles: REPORT_SECTION_TITLES in shared/requests/report.ts). */
import type { ReportSection } from '../../../shared/requests/report.js';
import { appendix } from './appendix.js';
import { graph } from './graph-svg.js';
import type { TimeFormat } from './html.js';
import { method } from './method.js';
import type { ReportData } from './model.js';
import { remediation } from './remediation.js';
import { cover, limits, scope, summary } from './sections-case.js';
import { campaigns, findings, notes, timeline } from './sections-findings.js';
import { volume } from './volume-svg.js';

const RENDER: Record<ReportSection, (d: ReportData, t: TimeFormat) => string> = {
  cover,
  summary,
  scope,
  method,
  limits,
  findings,
  graph,
  timeline,
  volume,
  campaigns,
  notes,
  remediation,
  appendix,
};

export function renderSection(id: ReportSection, d: ReportData, t: TimeFormat, _n: number): string {
  return RENDER[id](d, t);
}
