/**
 * `Get-MessageTrace | Export-Csv` (with or without the remote-session PS* columns) and
 * `Get-MessageTraceV2` exports (Extractor-Suite, Hawk), `,` or `;` delimited. One row per
 * recipient. Received is UTC written in the collector's culture: the day/month order is decided per
 * file from every value. V2 paging re-queries from the last row, so boundary rows repeat: they are
 * given the same natural key (trace id, recipient, time, status) and counted as duplicates.
 */
import { RowError } from '../audit-record.js';
import { decideDateOrder, readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeClientIp, normalizeIdentity } from '../../records/identity.js';
import type { Sniff } from '../sniff.js';
import { csvFormat, hasAny, hasColumns } from './dump-common.js';
import { cellOrNull, cultureIso, sizeOrNull } from './trace-common.js';

function detect(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'received', 'senderaddress', 'recipientaddress') || !hasAny(s, 'messagetraceid', 'messageid'))
    return null;
  const notes: string[] = [];
  if (hasAny(s, 'pscomputername', 'runspaceid'))
    notes.push('remote PowerShell session columns (PSComputerName, RunspaceId, PSShowComputerName) ignored');
  // V1 echoes the query (Organization, StartDate, EndDate, Index); V2 output lacks those columns.
  if (hasAny(s, 'startdate', 'enddate', 'index'))
    return csvFormat(s, 'message-trace-csv', 'Get-MessageTrace CSV export', notes);
  return csvFormat(s, 'message-trace-v2-csv', 'Get-MessageTraceV2 CSV export', notes);
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const order = await decideDateOrder(ctx, 'Received');
  await readCsvTable(ctx, (r) => {
    const received = r.get('Received') ?? '';
    const time = cultureIso(received, order);
    if (!time)
      throw new RowError(
        received.trim() === '' ? 'Received is empty' : `Received ${JSON.stringify(received)} is not a date`,
      );
    const fromIp = normalizeClientIp(r.get('FromIP'));
    sink.message(r.row, r.line, {
      time,
      sender: normalizeIdentity(r.get('SenderAddress')),
      recipient: normalizeIdentity(r.get('RecipientAddress')),
      subject: cellOrNull(r.get('Subject')),
      status: cellOrNull(r.get('Status')),
      messageId: cellOrNull(r.get('MessageId')),
      traceId: cellOrNull(r.get('MessageTraceId')),
      size: sizeOrNull(r.get('Size')),
      direction: null, // the trace has no direction column
      clientIp: fromIp,
      raw: r.record(),
    });
  });
}

export const messageTraceParser: FormatParser = {
  family: 'Get-MessageTrace / Get-MessageTraceV2 CSV',
  detect,
  parse,
};
