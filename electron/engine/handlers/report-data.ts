/**
 * What the case report is built from, read through the same handlers the app uses (case.info,
 * findings, graph.asOf, volume, campaigns, annotations, the timeline's gaps) so the report says what
 * the app shows. Only the sections asked for are read: a findings-only report of a large case never
 * replays the graph.
 */
import { ApiError } from '../../../shared/contract.js';
import type { Finding } from '../../../shared/domain.js';
import { REPORT_SECTIONS, type ReportOptions } from '../../../shared/requests/report.js';
import { isTimeZone } from '../../../shared/time-format.js';
import type { CitedRecord, GraphSnapshot, ReportData } from '../report/model.js';
import { analystName } from './analyst.js';
import { caseHandlers } from './case.js';
import type { HandlerContext } from './context.js';
import { findingHandlers } from './findings.js';
import { graphHandlers } from './graph.js';
import { settingsHandlers } from './settings.js';
import { timelineHandlers } from './timeline.js';
import { triageHandlers } from './triage.js';
import { volumeHandlers } from './volume.js';
import path from 'node:path';

/** Citations printed per finding (the count of all is stated). */
export const CITATIONS_PER_FINDING = 12;
/** Raw records reproduced per finding in the appendix, and at most in all. */
export const RECORDS_PER_FINDING = 2;
const RECORDS_MAX = 400;
/** Senders charted in the send-volume section. */
const SERIES_MAX = 8;

const SEVERITY_RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

/** The default graph instants: a second before the attack window opens (if any finding marks it), and the end. */
function defaultInstants(findings: readonly Finding[]): Array<{ at: string | null; label: string }> {
  const confirmed = findings.filter((f) => f.triage?.state === 'confirmed' && f.time);
  const marking =
    confirmed.length > 0
      ? confirmed
      : findings.filter(
          (f) => f.triage?.state !== 'benign' && (f.severity === 'critical' || f.severity === 'high') && f.time,
        );
  const first = marking.map((f) => f.time as string).sort()[0];
  const out: Array<{ at: string | null; label: string }> = [];
  if (first) out.push({ at: new Date(Date.parse(first) - 1000).toISOString(), label: 'Before the attack window' });
  out.push({ at: null, label: 'After all evidence' });
  return out;
}

export async function gatherReport(
  ctx: HandlerContext,
  options: ReportOptions,
  generatedAt: string,
): Promise<ReportData> {
  if (!isTimeZone(options.tz))
    throw new ApiError('invalid_args', `report: unknown time zone ${JSON.stringify(options.tz)}`);
  const sections = options.sections ?? [...REPORT_SECTIONS];
  const wants = (s: (typeof REPORT_SECTIONS)[number]) => sections.includes(s);
  const info = await caseHandlers(ctx)['case.info']({});
  const settings = await settingsHandlers(ctx)['settings.get']({});
  const findingsApi = findingHandlers(ctx);
  const findings = await findingsApi['findings.list']({ evidenceLimit: CITATIONS_PER_FINDING });

  const graphs: GraphSnapshot[] = [];
  if (wants('graph')) {
    const instants = options.asOf
      ? options.asOf.map((a) => ({
          at: a === 'end' ? null : new Date(a).toISOString(),
          label: a === 'end' ? 'After all evidence' : 'As of',
        }))
      : defaultInstants(findings);
    const asOf = graphHandlers(ctx)['graph.asOf'];
    for (const i of instants) graphs.push({ label: i.label, view: await asOf({ asOf: i.at }) });
  }

  const senders: ReportData['senders'] = [];
  let sendersImplicated = 0;
  if (wants('volume')) {
    const volume = volumeHandlers(ctx);
    const all = await volume['volume.senders']({ sort: 'ratio', limit: 5000 });
    const named = all.senders.filter((s) => s.findings.length > 0);
    sendersImplicated = named.length;
    for (const summary of named.slice(0, SERIES_MAX))
      senders.push({ summary, series: await volume['volume.series']({ sender: summary.sender }) });
  }
  const campaigns = wants('campaigns') ? await volumeHandlers(ctx)['campaigns.list']({}) : [];
  const annotations = wants('notes') ? await triageHandlers(ctx)['annotations.list']({}) : [];
  let gaps: ReportData['gaps'] = [];
  let gapMinMs = 0;
  if (wants('limits')) {
    const h = await timelineHandlers(ctx)['timeline.histogram']({ bins: 400 });
    gaps = h.gaps;
    gapMinMs = h.gapMinMs;
  }

  const records: CitedRecord[] = [];
  if (wants('appendix')) {
    const byKey = new Map<string, CitedRecord>();
    // The records behind the findings the report prints in full (medium and above, or triaged for review).
    const full = findings.filter(
      (f) => SEVERITY_RANK[f.severity] <= 2 || f.triage?.state === 'confirmed' || f.triage?.state === 'needs-review',
    );
    const order = [...full].sort(
      (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.id.localeCompare(b.id),
    );
    for (const f of order) {
      if (byKey.size >= RECORDS_MAX) break;
      const page = await findingsApi['findings.evidence']({ findingId: f.id, offset: 0, limit: RECORDS_PER_FINDING });
      for (const record of page.rows) {
        const key = `${record.source}:${record.id}`;
        const had = byKey.get(key);
        if (had) had.findings.push(f.id);
        else byKey.set(key, { record, findings: [f.id] });
      }
    }
    records.push(
      ...[...byKey.values()].sort(
        (a, b) =>
          a.record.file.localeCompare(b.record.file) || a.record.row - b.record.row || a.record.id - b.record.id,
      ),
    );
  }

  return {
    caseName: path.basename(ctx.casePath),
    generatedAt,
    sections,
    tz: options.tz,
    tlp: options.tlp,
    analyst: options.analyst ?? analystName(),
    client: options.client,
    info,
    settings,
    findings,
    citationLimit: CITATIONS_PER_FINDING,
    graphs,
    senders,
    sendersImplicated,
    campaigns,
    annotations,
    gaps,
    gapMinMs,
    records,
    recordsPerFinding: RECORDS_PER_FINDING,
  };
}
