/**
 * Send volume of the senders the findings name: messages per hour as bars over the sender's active
 * span, the baseline the send-volume rule judged it by (median, with a band of one MAD either side),
 * the spike threshold dashed, and the hours the rule reported in red. Vector images, deterministic.
 */
import type { SenderSeries, SenderSummary } from '../../../shared/requests/volume.js';
import { esc, join, num, table, type TimeFormat } from './html.js';
import type { ReportData } from './model.js';

const W = 660;
const H = 150;
const PAD = { l: 40, r: 10, t: 14, b: 24 };
const HOUR = 3_600_000;

function chart(s: SenderSeries, t: TimeFormat): string {
  if (s.hours.length === 0) return '<p class="none">No mail from this sender in the case.</p>';
  const first = Date.parse(s.hours[0]!.hour);
  const last = Date.parse(s.hours[s.hours.length - 1]!.hour) + HOUR;
  const span = Math.max(last - first, HOUR);
  const peak = Math.max(...s.hours.map((h) => h.messages), s.spikeThreshold, s.baseline.median + s.baseline.mad, 1);
  const top = Math.ceil(peak * 1.1);
  const pw = W - PAD.l - PAD.r;
  const ph = H - PAD.t - PAD.b;
  const x = (ms: number) => PAD.l + ((ms - first) / span) * pw;
  const y = (v: number) => PAD.t + ph - (Math.min(v, top) / top) * ph;
  const bw = Math.max(1.2, (HOUR / span) * pw - 0.4);
  const spikes = new Set(s.spikes.map((p) => p.hour));
  const bars = s.hours
    .map((h) => {
      const x0 = x(Date.parse(h.hour));
      const y0 = y(h.messages);
      return `<rect x="${x0.toFixed(2)}" y="${y0.toFixed(2)}" width="${bw.toFixed(2)}" height="${(PAD.t + ph - y0).toFixed(2)}" fill="${spikes.has(h.hour) ? '#c0392b' : '#2e86c1'}"/>`;
    })
    .join('');
  const lo = Math.max(0, s.baseline.median - s.baseline.mad);
  const hi = s.baseline.median + s.baseline.mad;
  const band = `<rect x="${PAD.l}" y="${y(hi).toFixed(2)}" width="${pw}" height="${Math.max(0.8, y(lo) - y(hi)).toFixed(2)}" fill="#27ae60" fill-opacity="0.25"/>`;
  const median = `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(s.baseline.median).toFixed(2)}" y2="${y(s.baseline.median).toFixed(2)}" stroke="#1e8449" stroke-width="0.8"/>`;
  const thr = `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(s.spikeThreshold).toFixed(2)}" y2="${y(s.spikeThreshold).toFixed(2)}" stroke="#c0392b" stroke-width="0.8" stroke-dasharray="4 3"/>`;
  const axes =
    `<line x1="${PAD.l}" x2="${PAD.l}" y1="${PAD.t}" y2="${PAD.t + ph}" stroke="#333" stroke-width="0.6"/>` +
    `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${PAD.t + ph}" y2="${PAD.t + ph}" stroke="#333" stroke-width="0.6"/>` +
    `<text x="${PAD.l - 4}" y="${PAD.t + 4}" text-anchor="end">${top}</text>` +
    `<text x="${PAD.l - 4}" y="${PAD.t + ph}" text-anchor="end">0</text>` +
    `<text x="${PAD.l}" y="${H - 8}">${t.at(s.hours[0]!.hour)}</text>` +
    `<text x="${W - PAD.r}" y="${H - 8}" text-anchor="end">${t.at(new Date(last).toISOString())}</text>` +
    `<text x="${PAD.l + 4}" y="${PAD.t - 3}">messages per hour; green: baseline median ± MAD; dashed: spike threshold (${num(s.spikeThreshold)}); red: reported hours</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ` +
    `font-family="DejaVu Sans, Arial, sans-serif" font-size="8" role="img" aria-label="send volume of ${esc(s.sender)}">` +
    `${band}${median}${thr}${bars}${axes}</svg>`
  );
}

function sender(summary: SenderSummary, series: SenderSeries, t: TimeFormat): string {
  return join([
    `<div class="figure"><h2>${esc(summary.sender)}</h2>`,
    `<p class="small">${num(summary.messages)} messages in ${num(summary.activeHours)} active hours; peak ` +
      `${num(summary.peakMessages)} at ${t.at(summary.peakHour)} (${summary.peakRatio.toFixed(1)}× the median); baseline ` +
      `median ${summary.median.toFixed(1)}, MAD ${summary.mad.toFixed(1)} (${esc(summary.baselineSource === 'peer' ? 'peer group' : "sender's own history")}` +
      `${summary.bulk ? ', periodic bulk sender' : ''}). Findings: ${summary.findings.map((f) => `<code>${esc(f.id)}</code>`).join(', ') || '–'}</p>`,
    chart(series, t),
    '</div>',
  ]);
}

export function volume(d: ReportData, t: TimeFormat): string {
  if (d.senders.length === 0) return '<p class="none">No send-volume or campaign finding names a sender.</p>';
  return join([
    `<p>${num(d.sendersImplicated)} sender${d.sendersImplicated === 1 ? '' : 's'} named by a send-volume or campaign finding` +
      (d.senders.length < d.sendersImplicated
        ? `; the ${num(d.senders.length)} with the most unusual peak are drawn`
        : '') +
      '.</p>',
    table(
      ['Sender', 'Messages', 'Peak hour', 'Peak / median', 'Baseline'],
      d.senders.map(({ summary: s }) => [
        esc(s.sender),
        num(s.messages),
        `${t.at(s.peakHour)} (${num(s.peakMessages)})`,
        `${s.peakRatio.toFixed(1)}×`,
        esc(`${s.median.toFixed(1)} ± ${s.mad.toFixed(1)} (${s.baselineSource})`),
      ]),
      { widths: ['34%', '11%', '27%', '12%', '16%'] },
    ),
    d.senders.map((s) => sender(s.summary, s.series, t)).join('\n'),
  ]);
}
