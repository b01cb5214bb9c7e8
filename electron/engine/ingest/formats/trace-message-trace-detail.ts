/**
 * `Get-MessageTraceDetail[V2] | Export-Csv`: one row per event of a (MessageTraceId,
 * RecipientAddress) pair — Date, Event (Receive, Deliver, Send, Redirect, …), Action, Detail, Data
 * (URI-escaped XML). Each event is one message row whose status is the Event;
 * Date is UTC in the collector's culture, decided per file like Get-MessageTrace's Received.
 */
import { RowError } from '../audit-record.js';
import { decideDateOrder, readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import type { Sniff } from '../sniff.js';
import { csvFormat, hasAny, hasColumns } from './dump-common.js';
import { cellOrNull, cultureIso } from './trace-common.js';

function detect(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'date', 'messagetraceid', 'event') || !hasAny(s, 'detail', 'action')) return null;
  return csvFormat(s, 'message-trace-detail-csv', 'Get-MessageTraceDetail CSV export');
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const order = await decideDateOrder(ctx, 'Date');
  await readCsvTable(ctx, (r) => {
    const date = r.get('Date') ?? '';
    const time = cultureIso(date, order);
    if (!time) throw new RowError(date.trim() === '' ? 'Date is empty' : `Date ${JSON.stringify(date)} is not a date`);
    sink.message(r.row, r.line, {
      time,
      sender: normalizeIdentity(r.get('SenderAddress')),
      recipient: normalizeIdentity(r.get('RecipientAddress')),
      subject: cellOrNull(r.get('Subject')),
      status: cellOrNull(r.get('Event')),
      messageId: cellOrNull(r.get('MessageId')),
      traceId: cellOrNull(r.get('MessageTraceId')),
      size: null,
      direction: null,
      clientIp: null,
      raw: r.record(),
    });
  });
}

export const messageTraceDetailParser: FormatParser = {
  family: 'Get-MessageTraceDetail CSV',
  detect,
  parse,
};
