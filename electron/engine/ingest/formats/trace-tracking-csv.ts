/**
 * `Get-MessageTrackingLog | Export-Csv` (on-premises Exchange): the tracking log's fields without
 * dashes, `Timestamp`, `Recipients` and `Sender` renamed, one row per event. Two traps:
 * - Timestamp is the **local time** of the machine that ran the cmdlet, in its culture, with no
 *   offset. The file often carries UTC next to it: RECEIVE events name the submit time in
 *   SourceContext (`ClientSubmitTime:2024-03-04T11:40:06.950Z`), SEND events start MessageInfo
 *   with it. The offset is inferred from those rows (rounded to 15 minutes: events follow their
 *   submission by seconds) and applied hour by hour from the nearest such row, so a daylight-saving
 *   change inside the file is followed. Without any, times are stored as written and a note says so.
 * - Recipients / RecipientStatus / Reference are arrays: a plain Export-Csv writes their type name.
 *   Then the recipients are lost (noted); rows are still kept, one per event.
 */
import { RowError } from '../audit-record.js';
import { readCsvTable, scanCsvRows, type CsvRow } from '../csv-table.js';
import { DateFormatDecider, parseCultureDate, type DateOrder } from '../culture-dates.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeClientIp, normalizeIdentity } from '../../records/identity.js';
import { isTypeNameLeak } from '../type-names.js';
import type { Sniff } from '../sniff.js';
import { toIso } from '../time.js';
import { csvFormat, hasAny, hasColumns, splitIdentities } from './dump-common.js';
import { cellOrNull, sizeOrNull } from './trace-common.js';

const HOUR = 3_600_000;
const QUARTER_HOUR = 900_000;
/** A submit time more than this before its event is not a usable anchor (queued or retried mail). */
const MAX_LATENCY = 7 * 60_000;
const MAX_ANCHORS = 100_000;
const UTC_STAMP = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)/;

function detect(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'timestamp', 'eventid', 'sender', 'recipients') || !hasAny(s, 'messageid', 'internalmessageid'))
    return null;
  return csvFormat(
    s,
    'message-tracking-log-csv',
    'Get-MessageTrackingLog CSV export (on-premises Exchange, local times)',
  );
}

/** The UTC submit time a row names, when it has one. */
function utcAnchor(r: CsvRow): number | null {
  const context = r.get('SourceContext') ?? '';
  const submit = /ClientSubmitTime:(\S+Z)/.exec(context)?.[1] ?? UTC_STAMP.exec(r.get('MessageInfo') ?? '')?.[1];
  if (!submit) return null;
  const ms = Date.parse(submit);
  return Number.isNaN(ms) ? null : ms;
}

/** Local-time offsets learned per local hour; each row takes the offset of the nearest hour known. */
class OffsetMap {
  private readonly votes = new Map<number, Map<number, number>>();
  private hours: number[] = [];
  private offsets: number[] = [];
  anchors = 0;

  observe(localMs: number, utcMs: number): void {
    const offset = Math.round((localMs - utcMs) / QUARTER_HOUR) * QUARTER_HOUR;
    // The event follows its submission: the remainder is latency, and must be small and positive.
    const latency = localMs - utcMs - offset;
    if (latency < -60_000 || latency > MAX_LATENCY || Math.abs(offset) > 14 * HOUR) return;
    const hour = Math.floor(localMs / HOUR);
    let v = this.votes.get(hour);
    if (!v) this.votes.set(hour, (v = new Map<number, number>()));
    v.set(offset, (v.get(offset) ?? 0) + 1);
    this.anchors++;
  }

  seal(): void {
    this.hours = [...this.votes.keys()].sort((a, b) => a - b);
    this.offsets = this.hours.map((h) => [...this.votes.get(h)!].sort((a, b) => b[1] - a[1])[0]![0]);
  }

  distinct(): number[] {
    return [...new Set(this.offsets)];
  }

  offsetAt(localMs: number): number | null {
    const n = this.hours.length;
    if (n === 0) return null;
    const hour = Math.floor(localMs / HOUR);
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.hours[mid]! < hour) lo = mid + 1;
      else hi = mid;
    }
    const before = lo > 0 ? lo - 1 : lo;
    return Math.abs(this.hours[before]! - hour) < Math.abs(this.hours[lo]! - hour)
      ? this.offsets[before]!
      : this.offsets[lo]!;
  }
}

const formatOffset = (ms: number): string => {
  const m = Math.abs(ms) / 60_000;
  return `UTC${ms < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  // First pass: the culture's day/month order from every Timestamp, then the UTC anchors.
  const decider = new DateFormatDecider('Timestamp');
  let anchors: Array<[local: string, utc: number]> = [];
  let stride = 1;
  let seen = 0;
  await scanCsvRows(ctx, (r) => {
    const stamp = r.get('Timestamp');
    decider.observe(stamp);
    const utc = utcAnchor(r);
    if (utc === null || !stamp || seen++ % stride !== 0) return;
    anchors.push([stamp, utc]);
    // An even sample across the file bounds memory on large logs.
    if (anchors.length >= MAX_ANCHORS) {
      anchors = anchors.filter((_, i) => i % 2 === 0);
      stride *= 2;
    }
  });
  const decision = decider.decide();
  const order: DateOrder = decision?.order ?? 'MDY';
  if (decision) sink.note(decision.note);
  const offsets = new OffsetMap();
  for (const [local, utc] of anchors) {
    const ms = parseCultureDate(local, order);
    if (ms !== null) offsets.observe(ms, utc);
  }
  offsets.seal();
  const distinct = offsets.distinct();
  if (distinct.length === 0) {
    sink.note(
      'Timestamp is the local time of the machine that ran Get-MessageTrackingLog, ' +
        'and no row names a UTC submit time to infer its offset: times are stored as written, not shifted ' +
        "(they may be off by that machine's UTC offset)",
    );
  } else {
    sink.note(
      `Timestamp is the collecting machine's local time: offset ${distinct.map(formatOffset).join(' and ')} ` +
        `inferred from ${offsets.anchors} rows whose SourceContext or MessageInfo carries the UTC submit time` +
        (distinct.length > 1 ? ' (a daylight-saving change: each row takes the offset of the nearest hour)' : '') +
        '; times stored in UTC',
    );
  }

  let recipientsLost = 0;
  await readCsvTable(ctx, (r) => {
    const stamp = r.get('Timestamp') ?? '';
    const local = parseCultureDate(stamp, order);
    if (local === null)
      throw new RowError(
        stamp.trim() === '' ? 'Timestamp is empty' : `Timestamp ${JSON.stringify(stamp)} is not a date`,
      );
    const time = toIso(local - (offsets.offsetAt(local) ?? 0));
    const recipientsCell = r.get('Recipients') ?? '';
    const recipients = splitIdentities(recipientsCell);
    if (recipients.valuesLost || isTypeNameLeak(recipientsCell)) recipientsLost++;
    const base = {
      time,
      sender: normalizeIdentity(r.get('Sender')),
      recipient: null as string | null,
      subject: cellOrNull(r.get('MessageSubject')),
      status: cellOrNull(r.get('EventId')),
      messageId: cellOrNull(r.get('MessageId')),
      traceId: cellOrNull(r.get('NetworkMessageId')),
      size: sizeOrNull(r.get('TotalBytes')),
      direction: cellOrNull(r.get('Directionality')),
      clientIp: normalizeClientIp(r.get('OriginalClientIp')) ?? normalizeClientIp(r.get('ClientIp')),
      raw: r.record(),
    };
    if (recipients.values.length === 0) sink.message(r.row, r.line, base);
    for (const rcpt of recipients.values) sink.message(r.row, r.line, { ...base, recipient: normalizeIdentity(rcpt) });
  });
  if (recipientsLost > 0)
    sink.note(
      `${recipientsLost} rows have Recipients written as a .NET type name: ` +
        'their recipients were lost at export time (one row kept per event, recipient unknown)',
    );
}

export const trackingLogCsvParser: FormatParser = {
  family: 'Get-MessageTrackingLog CSV export (on-premises Exchange)',
  detect,
  parse,
};
