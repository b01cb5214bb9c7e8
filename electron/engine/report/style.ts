/**
 * The report's one stylesheet (inline: the CSP allows inline style and nothing else). Every part
 * starts on a new page and the first page of a part is styled like any other (shared/report-paging.ts
 * relies on it); tables repeat their header on each page and never cut a row; long unbroken values
 * (hashes, addresses, raw JSON) wrap instead of running off the page.
 */
export const REPORT_CSS = `
@page { size: A4; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 9pt;
  line-height: 1.35; color: #1a1a1a; }
.part { break-before: page; }
h1 { font-size: 16pt; margin: 0 0 8pt; padding-bottom: 3pt; border-bottom: 1.5pt solid #1f3a5f; color: #1f3a5f; }
h2 { font-size: 12pt; margin: 12pt 0 5pt; color: #1f3a5f; break-after: avoid; }
h3 { font-size: 10pt; margin: 9pt 0 4pt; break-after: avoid; }
p { margin: 0 0 5pt; }
.none { color: #666; font-style: italic; }
.muted { color: #555; }
.small { font-size: 7.5pt; }
code, .mono { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 7.5pt;
  overflow-wrap: anywhere; word-break: break-word; }
code.h { font-size: 6.8pt; }
pre { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 7pt; white-space: pre-wrap;
  overflow-wrap: anywhere; word-break: break-word; margin: 2pt 0; background: #f5f5f5; padding: 3pt; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 3pt 0 8pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { background: #e8edf3; text-align: left; font-weight: bold; }
th, td { border: 0.5pt solid #b8c2cc; padding: 2pt 3pt; vertical-align: top; overflow-wrap: anywhere;
  word-break: break-word; }
table.kv th { width: 28%; }
.sev { display: inline-block; padding: 0 3pt; border-radius: 2pt; font-weight: bold; font-size: 7.5pt;
  text-transform: uppercase; color: #fff; }
.sev-critical { background: #7a0019; } .sev-high { background: #c0392b; } .sev-medium { background: #d68910; }
.sev-low { background: #2e86c1; } .sev-info { background: #7f8c8d; }
.finding { break-inside: avoid-page; border-left: 2.5pt solid #1f3a5f; padding: 0 0 0 6pt; margin: 0 0 10pt; }
.finding h3 { margin-top: 0; }
.tlp { display: inline-block; padding: 1pt 6pt; font-weight: bold; background: #000; font-family: monospace; }
.tlp-red { color: #ff2b2b; } .tlp-amber, .tlp-amber-strict { color: #ffc000; } .tlp-green { color: #33ff00; }
.tlp-clear { color: #fff; }
.cover { padding-top: 40mm; }
.cover .title { font-size: 26pt; color: #1f3a5f; font-weight: bold; margin-bottom: 4pt; }
.cover .subtitle { font-size: 13pt; margin-bottom: 24pt; }
.toc { width: 100%; border: 0; }
.toc td { border: 0; border-bottom: 0.5pt dotted #999; padding: 3pt 0; }
.toc td.n { width: 8%; } .toc td.pgc { width: 10%; text-align: right; }
.check { font-size: 11pt; }
svg { display: block; margin: 4pt 0 8pt; break-inside: avoid; max-width: 100%; height: auto; }
body { max-width: 100%; overflow-wrap: anywhere; }
.figure { break-inside: avoid; }
.caption { font-size: 7.5pt; color: #444; margin-bottom: 8pt; }
.stat { display: inline-block; min-width: 22%; margin: 0 8pt 6pt 0; padding: 4pt 6pt; border: 0.5pt solid #b8c2cc; }
.stat b { display: block; font-size: 14pt; }
`;
