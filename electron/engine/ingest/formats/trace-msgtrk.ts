/**
 * Exchange on-premises message tracking logs, MSGTRK*.LOG (UTF-8 with BOM, CRLF): `#Software`,
 * `#Version`, `#Log-type`, `#Date` and `#Fields` header lines, then comma-separated events (fields
 * with commas quoted). The field list differs by version (21 fields in 2007, 26 in 2010, 27 in 2013,
 * 30 in 2016+), so columns are always mapped by the `#Fields` line, never by position; a
 * concatenated file may repeat the header block, which re-maps from there on. Multi-recipient
 * fields use `;`: each event gives one message row per recipient, status = event-id.
 */
import { CsvReader } from '../csv.js';
import { feedCsv } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import type { Sniff } from '../sniff.js';
import { parseIsoUtc, toIso } from '../time.js';
import { trackingEventMessages } from './trace-common.js';

const REQUIRED_FIELDS = ['date-time', 'event-id', 'recipient-address', 'sender-address'];

function fieldsOf(line: string): string[] {
  return line
    .slice('#Fields:'.length)
    .split(',')
    .map((f) => f.trim().toLowerCase());
}

function detect(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'text' || !/^#Software: Microsoft Exchange/i.test(s.firstLine)) return null;
  const lines = s.lines ?? [];
  // Other Exchange logs (SMTP protocol, connectivity, agent logs) share the #Software line.
  if (!lines.some((l) => /^#Log-type: Message Tracking Log/i.test(l))) return null;
  const fieldsLine = lines.find((l) => /^#Fields:/i.test(l));
  if (!fieldsLine) return null;
  const fields = fieldsOf(fieldsLine);
  if (!REQUIRED_FIELDS.every((f) => fields.includes(f))) return null;
  const version =
    lines
      .find((l) => /^#Version:/i.test(l))
      ?.slice('#Version:'.length)
      .trim() ?? 'unknown';
  return {
    format: 'msgtrk-log',
    label: 'Exchange message tracking log (MSGTRK)',
    notes: [`#Version ${version}, ${fields.length} fields mapped by the #Fields line`],
  };
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  let columns: string[] | null = null;
  let row = 0;
  let headerBlocks = 0;

  const reader = new CsvReader(
    { delimiter: ',' },
    {
      onRecord(fields, line, source) {
        const first = fields[0] ?? '';
        if (first.startsWith('#')) {
          // A `#Fields:` line parses as CSV too: its first field carries the directive prefix.
          if (/^#Fields:/i.test(first)) {
            columns = fieldsOf(fields.join(','));
            headerBlocks++;
          }
          return;
        }
        row++;
        const cols: string[] | null = columns;
        if (cols === null) {
          sink.reject(row, line, 'event before any #Fields line: columns unknown', source());
          return;
        }
        if (fields.length < cols.length) {
          sink.reject(row, line, `line has ${fields.length} fields, #Fields lists ${cols.length}`, source());
          return;
        }
        const record: Record<string, string> = Object.fromEntries(cols.map((c, i) => [c, fields[i] ?? '']));
        const stamp = record['date-time'] ?? '';
        const ms = parseIsoUtc(stamp);
        if (ms === null) {
          sink.reject(row, line, `date-time ${JSON.stringify(stamp)} is not an ISO UTC timestamp`, source());
          return;
        }
        for (const m of trackingEventMessages((name) => record[name], toIso(ms), record)) sink.message(row, line, m);
      },
      onError(line, reason, raw) {
        row++;
        sink.reject(row, line, reason, raw);
      },
    },
  );
  await feedCsv(ctx, reader, () => row);
  if (headerBlocks > 1)
    sink.note(
      `${headerBlocks} #Fields header blocks (concatenated logs); each block's events mapped by its own #Fields line`,
    );
}

export const msgtrkParser: FormatParser = {
  family: 'Exchange on-premises message tracking log (MSGTRK*.LOG)',
  detect,
  parse,
};
