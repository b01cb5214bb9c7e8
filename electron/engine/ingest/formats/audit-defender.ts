/**
 * Microsoft Defender XDR advanced-hunting results exported as JSON lines (CloudAppEvents,
 * IdentityDirectoryEvents, IdentityQueryEvents … columns merged; OTRF datasets).
 * - A row whose `RawEventData` holds a UAL record is that record: it is normalized as AuditData, so
 *   it deduplicates against the same record from any other container (same Id). Defender renders its
 *   nested arrays PowerShell-style (`"@{Value=Bind; Name=MailAccessType}"`); those are parsed back.
 * - Any other row becomes an audit record with operation = ActionType. CloudAppEvents `ReportId`s end
 *   in the UAL record Id (`<n>_<appId>_<guid>`, checked against RawEventData.Id in the OTRF sample),
 *   which is then the record id; other rows get a hash of their content.
 * Raw: for a UAL row, the UAL record (re-serialised, PowerShell strings parsed), so it is AuditData
 * like every container's; for other rows, the row's source text.
 */
import { normalizeAuditObject, RowError } from '../audit-record.js';
import type { NormalizedAuditEvent } from '../../records/types.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeClientIp, normalizeIdentity } from '../../records/identity.js';
import { readJsonRecords } from '../json-stream.js';
import type { Sniff } from '../sniff.js';
import {
  canonicalId,
  field,
  headHas,
  isObject,
  jsonField,
  jsonTime,
  repairPsStrings,
  text,
  type JsonObject,
} from './audit-common.js';

function detect(s: Sniff): DetectedFormat | null {
  if (!headHas(s, 'Timestamp', 'ActionType')) return null;
  return { format: 'defender-hunting-json', label: 'Microsoft Defender XDR advanced hunting export (JSON)', notes: [] };
}

const REPORT_ID_WITH_UAL_ID = /^\d+_\d+_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** AdditionalFields (an object, or `AdditionalFields_string` JSON text) flattened to strings. */
function additionalFields(rec: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  const extra = jsonField(field(rec, 'AdditionalFields') ?? field(rec, 'AdditionalFields_string'));
  if (isObject(extra)) {
    for (const [k, v] of Object.entries(extra)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  for (const k of ['Permissions', 'PermissionsAddedTo', 'ObjectName', 'ObjectType', 'QueryTarget', 'Query']) {
    const v = text(field(rec, k));
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function hunting(rec: JsonObject, raw: string): NormalizedAuditEvent {
  const operation = text(field(rec, 'ActionType'));
  if (!operation) throw new RowError('row has no ActionType');
  const when = field(rec, 'Timestamp');
  const time = jsonTime(when);
  if (!time) throw new RowError(`Timestamp ${JSON.stringify(when ?? null)} is not an ISO-8601 timestamp`);
  const parameters = additionalFields(rec);
  const reportId = text(field(rec, 'ReportId'));
  const ualId = reportId ? REPORT_ID_WITH_UAL_ID.exec(reportId)?.[1] : undefined;
  const actor =
    text(field(rec, 'UserId')) ??
    text(field(rec, 'AccountUpn')) ??
    text(field(rec, 'InitiatingProcessAccountUpn')) ??
    text(field(rec, 'AccountDisplayName')) ??
    text(field(rec, 'AccountName'));
  const target =
    text(field(rec, 'PermissionsAddedTo')) ??
    text(field(rec, 'DestinationDeviceName')) ??
    parameters.DistinguishedName ??
    text(field(rec, 'ObjectName')) ??
    text(field(rec, 'TargetAccountUpn')) ??
    text(field(rec, 'DeviceName'));
  return {
    recordId: ualId ? ualId.toLowerCase() : canonicalId(rec),
    time,
    recordType: null,
    workload: text(field(rec, 'Application')) ?? null,
    operation,
    resultStatus: null,
    actor: normalizeIdentity(actor),
    userType: null,
    target: normalizeIdentity(target),
    clientIp: normalizeClientIp(field(rec, 'IPAddress')),
    parameters,
    raw,
  };
}

export function defenderEvent(rec: JsonObject, raw: string): NormalizedAuditEvent {
  // RawEventData is an object in the export, or JSON text when re-exported through a CSV-like step.
  const embedded = jsonField(field(rec, 'RawEventData'));
  if (
    isObject(embedded) &&
    field(embedded, 'Operation') !== undefined &&
    field(embedded, 'CreationTime') !== undefined
  ) {
    // Stored raw = the UAL record (repaired), like AuditData from any other container.
    const auditData = repairPsStrings(embedded);
    return normalizeAuditObject(auditData, JSON.stringify(auditData));
  }
  return hunting(rec, raw);
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  await readJsonRecords(ctx, (r) => {
    if (!isObject(r.value)) throw new RowError('record is not a JSON object');
    sink.audit(r.record, r.line, defenderEvent(r.value, r.text));
  });
}

export const auditDefenderParser: FormatParser = {
  family: 'Microsoft Defender XDR advanced hunting JSON (CloudAppEvents RawEventData, identity events)',
  detect,
  parse,
};
