/**
 * Message trace as JSON, one object per recipient: the Reporting Web Service `MessageTrace`
 * `value` elements (one per line in the Elastic sample) and `Get-MessageTrace | ConvertTo-Json`
 * objects (Hawk writes a `.json` beside its CSV). Keys: Organization, MessageId, Received,
 * SenderAddress, RecipientAddress, Subject, Status, ToIP, FromIP, Size, MessageTraceId, StartDate,
 * EndDate, Index. `Received` is ISO UTC or Windows PowerShell's `\/Date(ms)\/`. StartDate/EndDate
 * echo the query window and are not message times. Registered with the audit group because it shares
 * the JSON reader; the CSV message-trace parsers live in trace-*.ts.
 */
import { RowError } from '../audit-record.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeClientIp, normalizeIdentity } from '../../records/identity.js';
import { readJsonRecords } from '../json-stream.js';
import type { NormalizedMessage } from '../../records/types.js';
import type { Sniff } from '../sniff.js';
import { field, headHas, isObject, jsonTime, text, type JsonObject } from './audit-common.js';

function detect(s: Sniff): DetectedFormat | null {
  if (!headHas(s, 'Received', 'SenderAddress', 'RecipientAddress')) return null;
  if (!headHas(s, 'MessageTraceId') && !headHas(s, 'MessageId')) return null;
  return {
    format: 'message-trace-json',
    label: 'Message trace JSON (Reporting Web Service / Get-MessageTrace ConvertTo-Json)',
    notes: [],
  };
}

/** The record as column -> text, for the stored raw source (null becomes ''). */
function flat(rec: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec))
    out[k] = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

export function traceMessage(rec: JsonObject): NormalizedMessage {
  const received = field(rec, 'Received');
  const time = jsonTime(received);
  if (!time)
    throw new RowError(`Received ${JSON.stringify(received ?? null)} is not an ISO-8601 or \\/Date()\\/ timestamp`);
  const size = field(rec, 'Size');
  const sizeNumber =
    typeof size === 'number' ? size : typeof size === 'string' && /^\d+$/.test(size.trim()) ? Number(size) : null;
  return {
    time,
    sender: normalizeIdentity(field(rec, 'SenderAddress')),
    recipient: normalizeIdentity(field(rec, 'RecipientAddress')),
    subject: text(field(rec, 'Subject')) ?? null,
    status: text(field(rec, 'Status')) ?? null,
    messageId: text(field(rec, 'MessageId')) ?? null,
    traceId: text(field(rec, 'MessageTraceId')) ?? null,
    size: sizeNumber,
    direction: null,
    clientIp: normalizeClientIp(field(rec, 'FromIP')),
    raw: flat(rec),
  };
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  await readJsonRecords(ctx, (r) => {
    if (!isObject(r.value)) throw new RowError('record is not a JSON object');
    sink.message(r.record, r.line, traceMessage(r.value));
  });
}

export const traceJsonParser: FormatParser = {
  family: 'Message trace JSON (Reporting Web Service, Get-MessageTrace | ConvertTo-Json)',
  detect,
  parse,
};
