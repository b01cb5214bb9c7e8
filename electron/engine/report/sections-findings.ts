/** Findings by severity with their citations, the key-event timeline, campaigns and annotations. */
import type { Finding } from '../../../shared/domain.js';
import { esc, join, num, sev, SEVERITY_ORDER, table, type TimeFormat } from './html.js';
import type { ReportData } from './model.js';

/** Details shown elsewhere in a finding's block (or too long to help in print). */
const OWN_ROWS = new Set(['severityReasons', 'correspondsTo', 'relatedFindings', 'linkedFindings', 'publicRuleGap']);

const reasons = (text: string | undefined): string => {
  const parts = (text ?? '').split(/;\s+(?=[+\-=~])/).filter(Boolean);
  return parts.length === 0 ? '–' : `<ul>${parts.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`;
};

function findingBlock(f: Finding, t: TimeFormat): string {
  const facts: Array<[string, string]> = [
    ['Finding id', `<code>${esc(f.id)}</code>`],
    ['Rule', `<code>${esc(f.rule)}</code>`],
    ['Time', t.at(f.time)],
    ['ATT&amp;CK', esc(f.techniques.join(', '))],
    [
      'Triage',
      esc(f.triage ? `${f.triage.state}${f.triage.reason ? `: ${f.triage.reason}` : ''} (${f.triage.by})` : 'new'),
    ],
    ['Principals', f.principals.map((p) => esc(p)).join(', ') || '–'],
    ['Why this severity', reasons(f.details.severityReasons)],
    ['Public rules', esc(f.details.correspondsTo ?? f.details.publicRuleGap)],
    ...Object.entries(f.details)
      .filter(([k]) => !OWN_ROWS.has(k))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]): [string, string] => [
        esc(k),
        esc(v.length > 600 ? `${v.slice(0, 600)}… (${num(v.length)} characters)` : v),
      ]),
  ];
  const cites = table(
    ['Row', 'File and SHA-256', 'Record id'],
    f.evidence.map((e) => [
      num(e.row),
      `${esc(e.file)}<br><code class="h">${esc(e.sha256)}</code>`,
      `<code class="h">${esc(e.recordId || '(dump row)')}</code>`,
    ]),
    { widths: ['7%', '60%', '33%'] },
  );
  return (
    `<div class="finding"><h3>${sev(f.severity)} ${esc(f.title)}</h3><p>${esc(f.summary)}</p>` +
    table(
      ['', ''],
      facts.map(([k, v]) => [k, v]),
      { cls: 'grid kv', widths: ['22%', '78%'] },
    ).replace(/<thead>.*?<\/thead>/, '') +
    `<p class="small"><b>Evidence</b>: ${num(f.evidence.length)} of ${num(f.evidenceTotal)} cited rows shown.</p>${cites}</div>`
  );
}

/** Findings printed in full: medium and above, and any the analyst confirmed or marked for review. */
const inFull = (f: Finding) =>
  f.severity === 'critical' ||
  f.severity === 'high' ||
  f.severity === 'medium' ||
  f.triage?.state === 'confirmed' ||
  f.triage?.state === 'needs-review';
/** Info findings listed at most (routine sharing on a large tenant runs to thousands). */
const INFO_LISTED = 300;

export function findings(d: ReportData, t: TimeFormat): string {
  if (d.findings.length === 0) return '<p class="none">The analysis found nothing.</p>';
  const triageRank = (f: Finding) => ['confirmed', 'needs-review', 'new', 'benign'].indexOf(f.triage?.state ?? 'new');
  const order = (a: Finding, b: Finding) =>
    triageRank(a) - triageRank(b) || (a.time ?? '').localeCompare(b.time ?? '') || a.id.localeCompare(b.id);
  const full = SEVERITY_ORDER.map((s) => {
    const list = d.findings.filter((f) => f.severity === s && inFull(f)).sort(order);
    if (list.length === 0) return '';
    return `<h2>Severity ${esc(s)} (${num(list.length)})</h2>${list.map((f) => findingBlock(f, t)).join('\n')}`;
  }).join('\n');
  const rest = d.findings
    .filter((f) => !inFull(f))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || order(a, b));
  const low = rest.filter((f) => f.severity !== 'info');
  const info = rest.filter((f) => f.severity === 'info');
  const shown = [...low, ...info.slice(0, INFO_LISTED)];
  return join([
    full,
    rest.length > 0 &&
      `<h2>Low and informational findings (${num(rest.length)})</h2>` +
        '<p>Listed one per line with their first citation; <code>dlens findings --json</code> and the app give each in full.' +
        (info.length > INFO_LISTED
          ? ` The first ${num(INFO_LISTED)} of ${num(info.length)} informational findings are listed.`
          : '') +
        '</p>' +
        table(
          ['Severity', 'Time', 'Finding', 'Rule', 'First citation'],
          shown.map((f) => [
            sev(f.severity),
            t.at(f.time),
            esc(f.title),
            `<code>${esc(f.rule)}</code>`,
            f.evidence[0] ? `${esc(f.evidence[0].file)} row ${num(f.evidence[0].row)}` : '–',
          ]),
          { widths: ['10%', '17%', '41%', '16%', '16%'] },
        ),
  ]);
}

export function timeline(d: ReportData, t: TimeFormat): string {
  const rows = d.findings
    .filter((f) => f.time !== null && f.triage?.state !== 'benign' && inFull(f))
    .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '') || a.id.localeCompare(b.id));
  const ev = d.info.evidence
    .map((e) => [e.firstTime, e.lastTime])
    .flat()
    .filter((x): x is string => !!x)
    .sort();
  return join([
    ev.length > 0 &&
      `<p>The evidence covers ${t.at(ev[0])} to ${t.at(ev[ev.length - 1])}. Events behind the findings of medium severity and above and those the analyst confirmed (triaged benign left out), in time order:</p>`,
    table(
      ['Time', 'Severity', 'Event', 'First cited record'],
      rows.map((f) => [
        t.at(f.time),
        sev(f.severity),
        esc(f.title),
        f.evidence[0] ? `${esc(f.evidence[0].file)} row ${num(f.evidence[0].row)}` : '–',
      ]),
      { widths: ['19%', '11%', '48%', '22%'] },
    ),
  ]);
}

export function campaigns(d: ReportData, t: TimeFormat): string {
  if (d.campaigns.length === 0) return '<p class="none">The analysis found no internal phishing campaign.</p>';
  return d.campaigns
    .map((c) =>
      join([
        `<h2>${sev(c.severity)} ${esc(c.title)}</h2>`,
        table(
          ['', ''],
          [
            ['Finding', `<code>${esc(c.findingId)}</code>`],
            ['Normalised subject', esc(c.normalizedSubject)],
            ['Sample subjects', c.sampleSubjects.map((s) => esc(s)).join('<br>')],
            ['Window', `${t.at(c.first)} to ${t.at(c.last)}`],
            ['Messages / recipients', `${num(c.messages)} / ${num(c.recipients)}`],
          ],
          { cls: 'grid kv', widths: ['22%', '78%'] },
        ).replace(/<thead>.*?<\/thead>/, ''),
        table(
          ['Sender', 'Messages', 'Recipients'],
          c.senders.map((s) => [esc(s.sender), num(s.messages), num(s.recipients)]),
          { widths: ['60%', '20%', '20%'] },
        ),
        c.grants.length > 0 &&
          "<h3>Delegation on the senders' mailboxes before the campaign</h3>" +
            table(
              ['Time', 'Mailbox', 'Trustee', 'Rights', 'Granted by'],
              c.grants.map((g) => [
                t.at(g.time),
                esc(g.mailbox),
                esc(g.trustee),
                esc(`${g.kind}: ${g.rights.join(', ')}`),
                esc(g.grantedBy),
              ]),
              { widths: ['18%', '22%', '22%', '20%', '18%'] },
            ),
      ]),
    )
    .join('\n');
}

export function notes(d: ReportData, t: TimeFormat): string {
  const list = [...d.annotations].sort((a, b) => a.kind.localeCompare(b.kind) || a.target.localeCompare(b.target));
  const triaged = d.findings.filter((f) => f.triage && f.triage.reason);
  return join([
    '<h2>Annotations</h2>',
    table(
      ['On', 'Starred / tags', 'Comment', 'By'],
      list.map((a) => [
        `${esc(a.kind)}: <code>${esc(a.target)}</code>`,
        esc([a.starred ? '★' : '', a.tags.join(', ')].filter(Boolean).join(' ')),
        esc(a.comment),
        `${esc(a.by)}, ${t.at(a.updatedAt)}`,
      ]),
      { widths: ['28%', '16%', '36%', '20%'] },
    ),
    '<h2>Triage reasons</h2>',
    table(
      ['Finding', 'State', 'Reason', 'By'],
      triaged.map((f) => [
        esc(f.title),
        esc(f.triage?.state),
        esc(f.triage?.reason),
        `${esc(f.triage?.by)}, ${t.at(f.triage?.at)}`,
      ]),
      { widths: ['38%', '12%', '30%', '20%'] },
    ),
  ]);
}
