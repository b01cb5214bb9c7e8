/**
 * Exchange on-premises admin audit log as XML, the report `New-AdminAuditLogSearch` mails as an
 * attachment:
 * `<SearchResults><Event Caller=… Cmdlet=… ObjectModified=… RunDate="2015-10-18T15:48:15-07:00"
 * Succeeded=… Error=… OriginatingServer=…><CmdletParameters><Parameter Name=… Value=…/>…
 * </CmdletParameters><ModifiedProperties><Property Name=… OldValue=… NewValue=…/></ModifiedProperties></Event>`.
 * RunDate is the server's local time with its offset: converted to UTC. Events have no id, so the
 * record id is a hash of the event's canonical content (attributes and parameters, order-independent).
 * Events are cut from the stream one at a time. The stored raw is JSON (analysis reads raw as
 * AuditData): the event in AuditData terms with the event's XML verbatim in `SourceXml`.
 */
import { RowError } from '../audit-record.js';
import type { NormalizedAuditEvent } from '../../records/types.js';
import { readText } from '../decode.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import type { Sniff } from '../sniff.js';
import { parseIsoUtc, toIso } from '../time.js';
import { canonicalId } from './audit-common.js';

const MAX_EVENT_CHARS = 32 * 1024 * 1024;

function detect(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'text' || !s.lines?.some((l) => /<SearchResults[\s>]/.test(l))) return null;
  return {
    format: 'exchange-admin-audit-xml',
    label: 'Exchange on-premises admin audit log XML (New-AdminAuditLogSearch)',
    notes: [],
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]!] = decodeXml(m[2] ?? m[3] ?? '');
  return out;
}

/** Index just past the `>` that closes the tag opened at `from`, skipping quoted `>`; -1 if not yet read. */
function tagEnd(buf: string, from: number): number {
  let quote = 0;
  for (let i = from; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i + 1;
  }
  return -1;
}

interface AdminEvent {
  event: NormalizedAuditEvent;
  /** RunDate carried no UTC offset and was read as UTC. */
  noOffset: boolean;
}

export function adminAuditEvent(xml: string): AdminEvent {
  const startEnd = tagEnd(xml, 0);
  const attrs = attributes(xml.slice(0, startEnd));
  const operation = (attrs.Cmdlet ?? attrs.CmdletName ?? '').trim();
  if (!operation) throw new RowError('event has no Cmdlet');
  const runDate = (attrs.RunDate ?? '').trim();
  const ms = parseIsoUtc(runDate);
  if (ms === null) throw new RowError(`RunDate ${JSON.stringify(runDate)} is not an ISO-8601 timestamp`);

  const params: Array<[string, string]> = [];
  const parameters: Record<string, string> = {};
  for (const m of xml.matchAll(/<Parameter\b[^>]*?\/?>/g)) {
    const a = attributes(m[0]);
    if (!a.Name) continue;
    const value = a.Value ?? '';
    params.push([a.Name, value]);
    // A multi-valued parameter appears once per value; keep them all, `;`-separated as Hawk does.
    parameters[a.Name] = Object.hasOwn(parameters, a.Name) ? `${parameters[a.Name]};${value}` : value;
  }
  const properties = [...xml.matchAll(/<Property\b[^>]*?\/?>/g)].map((m) => attributes(m[0]));
  const identity = Object.entries(parameters).find(([k]) => k.toLowerCase() === 'identity')?.[1];
  return {
    noOffset: !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(runDate),
    event: {
      recordId: canonicalId({ attrs, params, properties }),
      time: toIso(ms),
      recordType: 1,
      workload: 'Exchange',
      operation,
      resultStatus: attrs.Succeeded ?? null,
      actor: normalizeIdentity(attrs.Caller),
      userType: null,
      target: normalizeIdentity(identity) ?? normalizeIdentity(attrs.ObjectModified),
      clientIp: null,
      parameters,
      // Stored raw stays JSON (analysis queries it as AuditData): the event in AuditData terms, plus its XML verbatim.
      raw: JSON.stringify({
        CreationTime: toIso(ms).slice(0, 19),
        Operation: operation,
        RecordType: 1,
        Workload: 'Exchange',
        UserId: attrs.Caller,
        ObjectId: attrs.ObjectModified,
        ResultStatus: attrs.Succeeded,
        Error: attrs.Error,
        OriginatingServer: attrs.OriginatingServer,
        RunDate: runDate,
        Parameters: params.map(([Name, Value]) => ({ Name, Value })),
        ModifiedProperties: properties,
        SourceXml: xml,
      }),
    },
  };
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  let buf = '';
  let pos = 0; // events before pos are done; the buffer is trimmed once per chunk, not per event
  let line = 1;
  let row = 0;
  let noOffset = 0;
  const advance = (to: number) => {
    for (let i = buf.indexOf('\n', pos); i >= 0 && i < to; i = buf.indexOf('\n', i + 1)) line++;
    pos = to;
  };
  const take = (final: boolean): void => {
    const eventTag = /<Event[\s/>]/g;
    for (;;) {
      eventTag.lastIndex = pos;
      const found = eventTag.exec(buf);
      if (!found) {
        advance(Math.max(pos, buf.length - 6)); // keep a tail that may be a split `<Event`
        return;
      }
      advance(found.index);
      const open = tagEnd(buf, pos);
      let end = -1;
      if (open > 0 && buf[open - 2] === '/') end = open;
      else if (open > 0) {
        const close = buf.indexOf('</Event>', open);
        if (close >= 0) end = close + '</Event>'.length;
      }
      if (end < 0) {
        if (final) {
          row++;
          sink.reject(row, line, 'the file ends inside this event (truncated?)', buf.slice(pos));
          advance(buf.length);
        } else if (buf.length - pos > MAX_EVENT_CHARS) {
          row++;
          sink.reject(row, line, `event longer than ${MAX_EVENT_CHARS} characters`, buf.slice(pos));
          advance(buf.length);
        }
        return;
      }
      const xml = buf.slice(pos, end);
      row++;
      try {
        const e = adminAuditEvent(xml);
        if (e.noOffset) noOffset++;
        sink.audit(row, line, e.event);
      } catch (err) {
        if (!(err instanceof RowError)) throw err;
        sink.reject(row, line, err.message, xml);
      }
      advance(end);
    }
  };
  for await (const chunk of readText(ctx.path, ctx.encoding)) {
    buf = buf.slice(pos) + chunk.text;
    pos = 0;
    take(false);
    ctx.progress(chunk.bytesRead, row);
  }
  take(true);
  if (noOffset > 0)
    sink.note(`${noOffset} RunDate value(s) carry no UTC offset; read as UTC (check the server's time zone)`);
  if (row === 0) sink.note('no <Event> elements found');
}

export const auditAdminXmlParser: FormatParser = {
  family: 'Exchange on-premises admin audit log XML (New-AdminAuditLogSearch)',
  detect,
  parse,
};
