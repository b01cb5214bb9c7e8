/** The case-level sections: cover, executive summary, scope and evidence inventory, limitations. */
import type { Finding } from '../../../shared/domain.js';
import { bytes, esc, join, num, sev, SEVERITY_ORDER, table, type TimeFormat } from './html.js';
import type { ReportData } from './model.js';

const tlpClass = (tlp: string) => `tlp tlp-${tlp.replace('+', '-')}`;

export function cover(d: ReportData, t: TimeFormat): string {
  const a = d.info.analysis;
  const rows: Array<[string, string]> = [
    ['Case', esc(d.caseName)],
    ['Client', esc(d.client || '–')],
    ['Analyst', esc(d.analyst)],
    ['Marking', `<span class="${tlpClass(d.tlp)}">TLP:${esc(d.tlp.toUpperCase())}</span>`],
    ['Times shown in', esc(d.tz)],
    ['Generated', `${t.at(d.generatedAt)} <span class="muted">(${esc(d.generatedAt)})</span>`],
    [
      'Case digest (SHA-256)',
      `<code class="h">${esc(d.info.digest ?? 'not sealed: the case was never analysed')}</code>`,
    ],
    [
      'Analysis',
      `${a.current ? 'current' : '<b>stale</b>'}, ${a.analysedAt ? t.at(a.analysedAt) : 'never run'}, version ${esc(a.version)}`,
    ],
    ['Evidence files', num(d.info.evidence.length)],
    ['Findings', num(d.findings.length)],
  ];
  return (
    '<div class="cover"><div class="title">Mailbox delegation investigation</div>' +
    `<div class="subtitle">Case report: ${esc(d.caseName)}${d.client ? ` for ${esc(d.client)}` : ''}</div>` +
    table(
      ['Item', 'Value'],
      rows.map(([k, v]) => [esc(k), v]),
      { cls: 'grid kv', widths: ['28%', '72%'] },
    ) +
    '<p class="small muted">Every statement in this report cites the evidence file (by name and SHA-256), the data ' +
    'row and the record id it stands on. Evidence text is reproduced inert: control, bidirectional and invisible ' +
    'characters are shown as &lt;U+XXXX&gt;. The case digest is rechecked by <code>dlens verify</code>.</p></div>'
  );
}

const triageOf = (f: Finding) => f.triage?.state ?? 'new';
const bySeverity = (a: Finding, b: Finding) =>
  SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
  (a.time ?? '').localeCompare(b.time ?? '') ||
  a.id.localeCompare(b.id);

/** Findings the summary stands on: confirmed ones, else (nothing confirmed yet) untriaged high and critical. */
export function headlineFindings(findings: readonly Finding[]): { list: Finding[]; confirmed: boolean } {
  const confirmed = findings.filter((f) => triageOf(f) === 'confirmed');
  if (confirmed.length > 0) return { list: [...confirmed].sort(bySeverity), confirmed: true };
  const open = findings.filter((f) => triageOf(f) !== 'benign' && (f.severity === 'critical' || f.severity === 'high'));
  return { list: [...open].sort(bySeverity), confirmed: false };
}

export function summary(d: ReportData, t: TimeFormat): string {
  const count = (s: string) => d.findings.filter((f) => triageOf(f) === s).length;
  const { list, confirmed } = headlineFindings(d.findings);
  const benign = d.findings.filter((f) => triageOf(f) === 'benign').sort(bySeverity);
  const times = list
    .map((f) => f.time)
    .filter((x): x is string => x !== null)
    .sort();
  const principals = [...new Set(list.flatMap((f) => f.principals))].sort();
  const stats = [
    ['Confirmed', count('confirmed')],
    ['Needs review', count('needs-review')],
    ['Not yet triaged', count('new')],
    ['Ruled out (benign)', count('benign')],
  ]
    .map(([k, v]) => `<div class="stat"><b>${num(v as number)}</b>${esc(k as string)}</div>`)
    .join('');
  const sevCounts = SEVERITY_ORDER.map(
    (s) => `${sev(s)} ${num(d.findings.filter((f) => f.severity === s).length)}`,
  ).join(' &nbsp; ');
  const intro = confirmed
    ? `<p>The analyst confirmed <b>${num(list.length)}</b> finding${list.length === 1 ? '' : 's'}. ` +
      (times.length ? `The confirmed activity spans ${t.at(times[0])} to ${t.at(times[times.length - 1])}.` : '') +
      '</p>'
    : `<p><b>No finding has been confirmed yet.</b> The ${num(list.length)} high and critical findings not ruled ` +
      'out are listed below as the leads that need review; they are not conclusions.' +
      (times.length ? ` They span ${t.at(times[0])} to ${t.at(times[times.length - 1])}.` : '') +
      '</p>';
  return join([
    `<div>${stats}</div>`,
    `<p>Findings by severity: ${sevCounts}</p>`,
    intro,
    `<h2>${confirmed ? 'Confirmed findings' : 'Leads awaiting review'}</h2>`,
    table(
      ['Severity', 'Time', 'Finding', 'Triage'],
      list.map((f) => [
        sev(f.severity),
        t.at(f.time),
        esc(f.title),
        esc(f.triage ? `${f.triage.state}${f.triage.reason ? `: ${f.triage.reason}` : ''}` : 'new'),
      ]),
      { widths: ['11%', '19%', '50%', '20%'] },
    ),
    principals.length > 0 &&
      `<h2>Accounts and objects involved</h2><p class="mono">${principals.map((p) => esc(p)).join(', ')}</p>`,
    '<h2>Ruled out</h2>',
    benign.length === 0
      ? '<p class="none">No finding has been triaged as benign.</p>'
      : table(
          ['Finding', 'Reason', 'By'],
          benign.map((f) => [esc(f.title), esc(f.triage?.reason), `${esc(f.triage?.by)}, ${t.at(f.triage?.at)}`]),
          { widths: ['50%', '30%', '20%'] },
        ),
  ]);
}

export function scope(d: ReportData, t: TimeFormat): string {
  const ev = [...d.info.evidence].sort((a, b) => a.id - b.id);
  const c = d.info.counts;
  return join([
    `<p>${num(ev.length)} evidence file${ev.length === 1 ? '' : 's'}: ${num(c.auditEvents)} audit events, ` +
      `${num(c.messages)} message-trace rows, ${num(c.permissions)} permission and configuration entries, ` +
      `${num(c.principals)} principals.</p>`,
    '<h2>Files and hashes</h2>',
    table(
      ['#', 'File', 'SHA-256'],
      ev.map((e) => [String(e.id), esc(e.file), `<code class="h">${esc(e.sha256)}</code>`]),
      { widths: ['5%', '37%', '58%'] },
    ),
    '<h2>Formats and sizes</h2>',
    table(
      ['#', 'Format', 'Kind', 'Encoding', 'Size'],
      ev.map((e) => [
        String(e.id),
        `${esc(e.formatLabel)} <span class="muted small">(${esc(e.format)})</span>`,
        esc(e.kind),
        esc(e.encoding),
        esc(bytes(e.size)),
      ]),
      { widths: ['5%', '40%', '12%', '15%', '28%'] },
    ),
    '<h2>Time coverage and records</h2>',
    table(
      ['#', 'First record', 'Last record', 'Collected', 'Accepted', 'Rejected', 'Duplicates'],
      ev.map((e) => [
        String(e.id),
        t.at(e.firstTime),
        t.at(e.lastTime),
        t.at(e.collectedAt),
        num(e.accepted),
        num(e.rejected),
        num(e.duplicates),
      ]),
      { widths: ['5%', '20%', '20%', '20%', '12%', '11%', '12%'] },
    ),
    '<h2>Import provenance</h2>',
    table(
      ['#', 'Imported', 'Parser', 'Application'],
      ev.map((e) => [String(e.id), t.at(e.importedAt), esc(e.parserVersion), esc(e.appVersion ?? 'not recorded')]),
      { widths: ['5%', '35%', '30%', '30%'] },
    ),
  ]);
}

const duration = (ms: number) => {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.round((ms % 3_600_000) / 60_000);
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
};

export function limits(d: ReportData, t: TimeFormat): string {
  const notes = d.info.evidence.flatMap((e) => e.notes.map((n) => [esc(e.file), esc(n)]));
  const lost = d.findings.filter((f) => Object.values(f.details).some((v) => v.includes('values lost at export')));
  const cut = d.findings.filter((f) => f.evidenceTotal > f.evidence.length);
  return join([
    '<h2>What the evidence cannot show</h2>',
    d.info.warnings.length === 0
      ? '<p class="none">No coverage warning.</p>'
      : `<ul>${d.info.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`,
    !d.info.analysis.current &&
      '<p><b>The findings are stale</b>: they were computed from other evidence or settings than the case now holds.</p>',
    d.info.analysis.failures.length > 0 &&
      '<h2>Rules that failed</h2>' +
        table(
          ['Rule', 'Error'],
          d.info.analysis.failures.map((f) => [esc(f.rule), esc(f.error)]),
          { widths: ['30%', '70%'] },
        ),
    `<h2>Collection gaps</h2><p>Stretches of at least ${duration(d.gapMinMs)} inside a source's covered span with no event.</p>`,
    table(
      ['Source', 'From', 'To', 'Length'],
      d.gaps.map((g) => [
        esc(g.source),
        t.at(g.from),
        t.at(g.to),
        esc(duration(Date.parse(g.to) - Date.parse(g.from))),
      ]),
      { widths: ['16%', '30%', '30%', '24%'] },
    ),
    '<h2>Parser decisions and export caps</h2>',
    table(['File', 'Note'], notes, { widths: ['30%', '70%'] }),
    '<h2>Values lost at export</h2>',
    lost.length === 0
      ? '<p class="none">No finding stands on a value the export did not keep.</p>'
      : `<p>${num(lost.length)} finding${lost.length === 1 ? '' : 's'} stand on rows whose export lost values ` +
        '(for example rights written as a type name): ' +
        lost.map((f) => `<code>${esc(f.id)}</code>`).join(', ') +
        '.</p>',
    '<h2>Limits of this report</h2>',
    `<ul><li>Each finding lists its first ${num(d.citationLimit)} citations; ${num(cut.length)} finding${cut.length === 1 ? '' : 's'} cite more ` +
      '(the count is stated; <code>dlens findings --json</code> and the app list every one).</li>' +
      `<li>The appendix reproduces up to ${num(d.recordsPerFinding)} cited records per finding; fields longer than ` +
      'the cut are shortened with their full length and SHA-256 stated.</li>' +
      `<li>Send-volume charts are drawn for up to ${num(d.senders.length)} of ${num(d.sendersImplicated)} senders a finding names.</li></ul>`,
  ]);
}
