import fs from 'node:fs';
import { csvCell } from '../../../shared/csv-export.js';
import type { Finding } from '../../../shared/domain.js';
import { inertJson } from '../../../shared/inert-text.js';
import type { ExportEvent } from '../../../shared/requests/report.js';
import { flag, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { FINDING_CSV_COLUMNS, findingCsvCells } from '../finding-csv.js';
import { openEngine } from '../open-case.js';
import { inert, out } from '../output.js';
import type { Engine } from '../../engine/engine.js';

const TIMESTAMP_DESC: Record<ExportEvent['source'], string> = {
  audit: 'Audit record time',
  message: 'Message trace time',
  dump: 'Dump collection time',
};

/** One event as a Timesketch JSONL object: message, datetime, timestamp_desc, normalized fields, tags. */
export function timesketchEvent(e: ExportEvent, findings: ReadonlyMap<string, Finding>): Record<string, unknown> {
  const cited = e.findings.map((id) => findings.get(id)).filter((f): f is Finding => f !== undefined);
  const tags = [
    ...(cited.length > 0 ? ['dlens-finding'] : []),
    ...new Set(cited.map((f) => `severity:${f.severity}`)),
    ...new Set(cited.map((f) => `rule:${f.rule}`)),
  ];
  const who = e.actor ? ` by ${e.actor}` : '';
  const what = e.target ? ` on ${e.target}` : '';
  const subject = e.subject ? `: ${e.subject}` : '';
  return {
    message: `${e.operation}${who}${what}${subject}`,
    datetime: e.time,
    timestamp_desc: TIMESTAMP_DESC[e.source],
    data_type: `dlens:${e.source}`,
    source: e.source,
    operation: e.operation,
    actor: e.actor ?? '',
    target: e.target ?? '',
    client_ip: e.clientIp ?? '',
    result: e.result ?? '',
    subject: e.subject ?? '',
    file: e.file,
    sha256: e.sha256,
    row: e.row,
    record_id: e.recordId,
    tag: tags,
    findings: e.findings,
    finding_titles: cited.map((f) => f.title),
  };
}

const EVENT_COLUMNS = [
  'datetime',
  'source',
  'operation',
  'actor',
  'target',
  'client_ip',
  'result',
  'subject',
  'file',
  'sha256',
  'row',
  'record_id',
  'findings',
];
const eventCells = (e: ExportEvent) => [
  e.time,
  e.source,
  e.operation,
  e.actor ?? '',
  e.target ?? '',
  e.clientIp ?? '',
  e.result ?? '',
  e.subject ?? '',
  e.file,
  e.sha256,
  String(e.row),
  e.recordId,
  e.findings.join(' '),
];
const csvLine = (cells: readonly string[]) => `${cells.map(csvCell).join(',')}\r\n`;

async function* events(engine: Engine): AsyncGenerator<ExportEvent[]> {
  let after: string | undefined;
  for (;;) {
    const page = await engine.call('export.events', { limit: 5000, ...(after ? { after } : {}) });
    yield page.rows;
    if (page.after === null) return;
    after = page.after;
  }
}

export const exportCommand: Command = {
  name: 'export',
  arguments: '<case.db>',
  summary: 'Export the timeline or findings (Timesketch, CSV, JSON)',
  description:
    'Export the whole case timeline as Timesketch JSONL (message, datetime, timestamp_desc, normalized ' +
    'fields, finding tags), or the timeline or (--findings) the findings as CSV or JSON. Evidence text ' +
    'stays inert: JSON escapes bidi and invisible characters, CSV neutralizes formulas.',
  options: {
    timesketch: { type: 'string', value: 'FILE', description: 'write the timeline as Timesketch JSONL' },
    csv: { type: 'string', value: 'FILE', description: 'write CSV (formulas neutralized)' },
    json: { type: 'string', value: 'FILE', description: 'write JSON' },
    findings: { type: 'boolean', description: 'export the findings with their citations, not the timeline' },
    cited: { type: 'boolean', description: 'only the events a finding cites' },
  },
  examples: ['dlens export case.db --timesketch timeline.jsonl', 'dlens export case.db --csv findings.csv --findings'],
  async run(args) {
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError('give exactly one case file');
    const targets = (['timesketch', 'csv', 'json'] as const).filter((k) => stringOption(args, k) !== undefined);
    if (targets.length !== 1) throw new UsageError('choose one of --timesketch FILE, --csv FILE and --json FILE');
    const kind = targets[0]!;
    const file = stringOption(args, kind)!;
    const onlyFindings = flag(args, 'findings');
    const cited = flag(args, 'cited');
    if (cited && onlyFindings) throw new UsageError('choose one of --findings and --cited');
    if (kind === 'timesketch' && onlyFindings) throw new UsageError('--findings goes with --csv or --json');
    const engine = openEngine(casePath, { create: false });
    let fd: number | null = null;
    let n = 0;
    try {
      fd = fs.openSync(file, 'w');
      const all = await engine.call('findings.list', { evidenceLimit: onlyFindings ? 1_000_000 : 0 });
      if (onlyFindings) {
        fs.writeSync(
          fd,
          kind === 'csv'
            ? csvLine(FINDING_CSV_COLUMNS) + all.map((f) => csvLine(findingCsvCells(f))).join('')
            : `${inertJson(all, 2)}\n`,
        );
        n = all.length;
      } else {
        const byId = new Map(all.map((f) => [f.id, f]));
        if (kind === 'csv') fs.writeSync(fd, csvLine(EVENT_COLUMNS));
        if (kind === 'json') fs.writeSync(fd, '[');
        for await (const page of events(engine)) {
          const rows = cited ? page.filter((e) => e.findings.length > 0) : page;
          const text =
            kind === 'timesketch'
              ? rows.map((e) => `${inertJson(timesketchEvent(e, byId))}\n`).join('')
              : kind === 'csv'
                ? rows.map((e) => csvLine(eventCells(e))).join('')
                : rows.map((e, i) => `${n + i > 0 ? ',' : ''}\n${inertJson(e)}`).join('');
          fs.writeSync(fd, text);
          n += rows.length;
        }
        if (kind === 'json') fs.writeSync(fd, '\n]\n');
      }
    } finally {
      if (fd !== null) fs.closeSync(fd);
      await engine.close();
    }
    out(`${n} ${onlyFindings ? 'findings' : 'events'} written to ${inert(file)}`);
    return 0;
  },
};
