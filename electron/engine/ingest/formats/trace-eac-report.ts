/**
 * Exchange admin center / Start-HistoricalSearch message trace reports, usually UTF-16LE:
 * - enhanced summary: one row per message, every recipient packed into `recipient_status` as
 *   `a@x##Receive, Deliver;b@x##Receive, Fail`; unpacked into one message row per recipient whose
 *   status is that recipient's event list as written;
 * - extended report: one row per tracking event (date_time_utc, event_id, …), the on-prem tracking
 *   log's fields with `_` for `-`; one message row per recipient of the event.
 */
import { RowError } from '../audit-record.js';
import { decideDateOrder, readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeClientIp, normalizeIdentity } from '../../records/identity.js';
import type { Sniff } from '../sniff.js';
import type { DateOrder } from '../culture-dates.js';
import { csvFormat, hasAny, hasColumns } from './dump-common.js';
import { cellOrNull, cultureIso, sizeOrNull, trackingEventMessages } from './trace-common.js';

function detectSummary(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'sender_address', 'recipient_status') || !hasAny(s, 'origin_timestamp_utc', 'origin_timestamp'))
    return null;
  return csvFormat(s, 'eac-trace-enhanced-summary-csv', 'Exchange admin center message trace, enhanced summary report');
}

function detectExtended(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'date_time_utc', 'event_id', 'recipient_address', 'sender_address')) return null;
  return csvFormat(s, 'eac-trace-extended-csv', 'Exchange admin center message trace, extended report');
}

/**
 * Report timestamps are ISO UTC (`2024-03-04T11:40:07.1234567Z`); a file re-saved by Excel holds the
 * saving machine's culture form (`04/03/2024 11:40`), whose day/month order is decided per file.
 */
function reportTime(value: string | undefined, column: string, order: DateOrder): string {
  const v = value?.trim() ?? '';
  if (v === '') throw new RowError(`${column} is empty`);
  const iso = cultureIso(v, order);
  if (iso === null) throw new RowError(`${column} ${JSON.stringify(v)} is not a timestamp`);
  return iso;
}

export interface RecipientStatus {
  address: string;
  events: string;
}

/**
 * Unpack `recipient_status`. Addresses may contain quotes, angle brackets or even `;`
 * (`"Fname LName<fname.lname"@domain.com`), events never contain `;` or `#`: so each entry is
 * found from its `##`, and only the `;` after the events ends it.
 */
export function unpackRecipientStatus(value: string): RecipientStatus[] {
  const out: RecipientStatus[] = [];
  let pos = 0;
  while (pos < value.length) {
    const hash = value.indexOf('##', pos);
    if (hash < 0) {
      const rest = value.slice(pos).trim();
      if (rest !== '') out.push({ address: rest, events: '' });
      break;
    }
    const semi = value.indexOf(';', hash + 2);
    const end = semi < 0 ? value.length : semi;
    out.push({ address: value.slice(pos, hash).trim(), events: value.slice(hash + 2, end).trim() });
    pos = end + 1;
  }
  return out.filter((r) => r.address !== '');
}

async function parseSummary(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const column =
    ctx.sniff.kind === 'csv' && ctx.sniff.columns.includes('origin_timestamp_utc')
      ? 'origin_timestamp_utc'
      : 'origin_timestamp';
  const order = await decideDateOrder(ctx, column);
  await readCsvTable(ctx, (r) => {
    const time = reportTime(r.get(column), column, order);
    const recipients = unpackRecipientStatus(r.get('recipient_status') ?? '');
    if (recipients.length === 0) throw new RowError('recipient_status holds no recipient');
    const raw = r.record();
    for (const rs of recipients) {
      sink.message(r.row, r.line, {
        time,
        sender: normalizeIdentity(r.get('sender_address')),
        recipient: normalizeIdentity(rs.address),
        subject: cellOrNull(r.get('message_subject')),
        status: rs.events === '' ? null : rs.events,
        messageId: cellOrNull(r.get('message_id')),
        traceId: cellOrNull(r.get('network_message_id')),
        size: sizeOrNull(r.get('total_bytes')),
        // Microsoft documents 1/2, real files say Originating/Incoming: kept as written.
        direction: cellOrNull(r.get('directionality')),
        clientIp: normalizeClientIp(r.get('original_client_ip')),
        raw,
      });
    }
  });
}

async function parseExtended(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const order = await decideDateOrder(ctx, 'date_time_utc');
  await readCsvTable(ctx, (r) => {
    const time = reportTime(r.get('date_time_utc'), 'date_time_utc', order);
    const raw = r.record();
    for (const m of trackingEventMessages((name) => r.get(name.replaceAll('-', '_')), time, raw))
      sink.message(r.row, r.line, m);
  });
}

export const eacSummaryParser: FormatParser = {
  family: 'Exchange admin center message trace enhanced summary report',
  detect: detectSummary,
  parse: parseSummary,
};

export const eacExtendedParser: FormatParser = {
  family: 'Exchange admin center message trace extended report',
  detect: detectExtended,
  parse: parseExtended,
};
