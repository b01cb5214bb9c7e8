/**
 * The report as one self-contained HTML document: a strict CSP (no script, nothing fetched: SVG is
 * inline, the stylesheet too), the cover, the contents with page-number slots, then the chosen
 * sections in the chosen order, each a part that starts on a new page. The same parts as separate
 * documents let a printer count each part's pages and fill in the contents (shared/report-paging.ts).
 */
import type { ReportDocument, ReportPart, ReportSection } from '../../../shared/requests/report.js';
import { TOC_PLACEHOLDER } from '../../../shared/report-paging.js';
import { esc, TimeFormat } from './html.js';
import type { ReportData } from './model.js';
import { REPORT_SECTION_TITLES } from '../../../shared/requests/report.js';
import { renderSection } from './sections.js';
import { REPORT_CSS } from './style.js';

export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const tlpLabel = (tlp: string) => `TLP:${tlp.toUpperCase()}`;

function page(title: string, body: string): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<title>${title}</title><style>${REPORT_CSS}</style></head>\n<body>\n${body}\n</body></html>\n`
  );
}

/** The numbered sections after the cover (the contents list them). */
function numbered(sections: readonly ReportSection[]): Array<{ id: ReportSection; n: number }> {
  return sections.filter((s) => s !== 'cover').map((id, i) => ({ id, n: i + 1 }));
}

function contents(data: ReportData): string {
  const rows = numbered(data.sections)
    .map(
      ({ id, n }) =>
        `<tr><td class="n">${n}</td><td>${esc(REPORT_SECTION_TITLES[id])}</td>` +
        `<td class="pgc"><span class="pg" data-toc="${id}">${TOC_PLACEHOLDER}</span></td></tr>`,
    )
    .join('');
  return `<h1>Contents</h1><table class="toc"><tbody>${rows}</tbody></table>`;
}

/** The report file's name without extension: the case's name made safe. */
export function reportFileName(caseName: string): string {
  const base = caseName
    .replace(/\.(dlens\.)?db$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+/, '');
  return `${base.slice(0, 80) || 'case'}-report`;
}

export function buildReportDocument(data: ReportData, withParts: boolean): ReportDocument {
  const t = new TimeFormat(data.tz);
  const title = `${esc(data.caseName)} – Delegation Lens report`;
  const parts: ReportPart[] = [];
  const numbers = new Map(numbered(data.sections).map(({ id, n }) => [id, n]));
  const wrap = (id: string, inner: string) => `<section class="part" id="part-${id}">\n${inner}\n</section>`;
  const add = (id: string, inner: string) => parts.push({ id, html: wrap(id, inner) });
  for (const id of data.sections) {
    if (id === 'cover') {
      add('cover', renderSection('cover', data, t, 0));
      add('contents', contents(data));
    } else {
      if (parts.length === 0) add('contents', contents(data));
      add(
        id,
        `<h1>${numbers.get(id) ?? 0}. ${esc(REPORT_SECTION_TITLES[id])}</h1>\n${renderSection(id, data, t, numbers.get(id) ?? 0)}`,
      );
    }
  }
  const header =
    '<div style="font-size:7pt;font-family:sans-serif;color:#444;width:100%;margin:0 16mm;display:flex;' +
    `justify-content:space-between"><span>${esc(data.caseName)}${data.client ? ` – ${esc(data.client)}` : ''}</span>` +
    `<span style="font-weight:bold">${esc(tlpLabel(data.tlp))}</span></div>`;
  const footer =
    '<div style="font-size:7pt;font-family:sans-serif;color:#444;width:100%;margin:0 16mm;display:flex;' +
    `justify-content:space-between"><span>${esc(tlpLabel(data.tlp))} · Delegation Lens case report</span>` +
    '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>';
  return {
    html: page(title, parts.map((p) => p.html).join('\n')),
    fileName: reportFileName(data.caseName),
    parts: withParts ? parts.map((p) => ({ id: p.id, html: page(title, p.html) })) : [],
    header,
    footer,
  };
}
