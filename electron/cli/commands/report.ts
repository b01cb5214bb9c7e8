import fs from 'node:fs';
import { REPORT_SECTIONS, TLP_LEVELS, type ReportSection } from '../../../shared/requests/report.js';
import { flag, listOption, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openEngine } from '../open-case.js';
import { err, inert, out } from '../output.js';
import { printReport } from '../report-print.js';

export const reportCommand: Command = {
  name: 'report',
  arguments: '<case.db>',
  summary: 'Write the case report as PDF or HTML',
  description:
    'Write the case report: cover, contents, summary, evidence inventory, method, limitations, findings, ' +
    'delegation graph, timeline, send volume, campaigns, annotations, remediation checklist and cited ' +
    'records. PDF through a system Chromium (DLENS_CHROMIUM, else /usr/bin/chromium; nothing is downloaded); ' +
    '--html writes one self-contained HTML file (strict CSP, no script, nothing fetched).',
  options: {
    output: { type: 'string', short: 'o', value: 'FILE', description: 'where to write the report (required)' },
    html: { type: 'boolean', description: 'write HTML instead of PDF' },
    sections: {
      type: 'string',
      value: 'LIST',
      description: `sections in the order to print them, comma-separated: ${REPORT_SECTIONS.join(', ')}`,
    },
    'as-of': {
      type: 'string',
      multiple: true,
      value: 'ISO|end',
      description: 'instant to draw the delegation graph at (default: before the attack window, and end)',
    },
    tz: { type: 'string', value: 'ZONE', description: 'IANA time zone to show times in (default UTC)' },
    tlp: { type: 'string', value: 'LEVEL', description: `TLP marking: ${TLP_LEVELS.join(', ')} (default amber)` },
    analyst: {
      type: 'string',
      value: 'NAME',
      description: 'analyst named on the cover (default DLENS_ANALYST or user)',
    },
    client: { type: 'string', value: 'NAME', description: 'client named on the cover and in the header' },
  },
  examples: [
    'dlens report case.db -o report.pdf --tz Europe/Berlin --client Contoso',
    'dlens report case.db -o report.html --html --sections cover,findings',
    'dlens report case.db -o g.pdf --sections graph --as-of 2024-03-03T00:00Z',
  ],
  async run(args) {
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError('give exactly one case file');
    const output = stringOption(args, 'output');
    if (!output) throw new UsageError('give the file to write with -o FILE');
    const sections = listOption(args, 'sections');
    for (const s of sections)
      if (!REPORT_SECTIONS.includes(s as ReportSection))
        throw new UsageError(`--sections: unknown section ${JSON.stringify(s)} (one of ${REPORT_SECTIONS.join(', ')})`);
    const asOf = listOption(args, 'as-of').map((a) => {
      if (a === 'end') return a;
      if (Number.isNaN(Date.parse(a)))
        throw new UsageError(`--as-of: ${JSON.stringify(a)} is neither an ISO-8601 instant nor end`);
      return new Date(a).toISOString();
    });
    const tlp = stringOption(args, 'tlp');
    if (tlp !== undefined && !TLP_LEVELS.includes(tlp as never))
      throw new UsageError(`--tlp must be one of ${TLP_LEVELS.join(', ')}`);
    const html = flag(args, 'html');
    const engine = openEngine(casePath, { create: false });
    try {
      const analyst = stringOption(args, 'analyst');
      const client = stringOption(args, 'client');
      const tz = stringOption(args, 'tz');
      const started = Date.now();
      const doc = await engine.call('report.build', {
        ...(sections.length > 0 ? { sections: sections as ReportSection[] } : {}),
        ...(asOf.length > 0 ? { asOf } : {}),
        ...(tz !== undefined ? { tz } : {}),
        ...(tlp !== undefined ? { tlp: tlp as (typeof TLP_LEVELS)[number] } : {}),
        ...(analyst !== undefined ? { analyst } : {}),
        ...(client !== undefined ? { client } : {}),
        parts: !html,
      });
      if (html) {
        fs.writeFileSync(output, doc.html);
        out(
          `report written to ${inert(output)} (HTML, ${Math.round(doc.html.length / 1024)} KiB, ${Date.now() - started} ms)`,
        );
        return 0;
      }
      const printed = await printReport(doc);
      fs.writeFileSync(output, printed.pdf);
      out(`report written to ${inert(output)} (PDF, ${printed.pages} pages, ${Date.now() - started} ms)`);
      if (printed.warning) {
        err(`dlens: ${inert(output)}: ${printed.warning}`);
        return 1;
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};
