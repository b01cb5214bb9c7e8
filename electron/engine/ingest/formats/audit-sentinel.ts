/**
 * Microsoft Sentinel `OfficeActivity` table rows, exported from Log Analytics as CSV (131 columns, or
 * 129 without TenantId / `TimeGenerated [UTC]`) or as JSON (OTRF datasets). The table is AuditData
 * re-shaped: renamed columns (OfficeId = Id, OfficeWorkload = Workload, OfficeObjectId = ObjectId,
 * Logon_Type = LogonType as a name, Client_IPAddress = ClientIPAddress), `_`-suffixed duplicates,
 * enum names for UserType/RecordType, and nested arrays (Parameters, Folders, Item …) as JSON text,
 * pretty-printed across lines in the CSV. An AuditData-like object is rebuilt for normalization;
 * the row itself is kept verbatim as the raw source.
 */
import { normalizeAuditObject, RowError } from '../audit-record.js';
import { parseCultureDate } from '../culture-dates.js';
import { decideDateOrder, readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { readJsonRecords } from '../json-stream.js';
import type { Sniff } from '../sniff.js';
import { parseIsoUtc, toIso } from '../time.js';
import { field, firstObject, isObject, jsonField, text, type JsonObject } from './audit-common.js';

/** OfficeActivity column (lowercase) -> AuditData property. */
const RENAMED: Record<string, string> = {
  officeid: 'Id',
  officeworkload: 'Workload',
  officeobjectid: 'ObjectId',
  logon_type: 'LogonType',
  client_ipaddress: 'ClientIPAddress',
  azureactivedirectory_eventtype: 'AzureActiveDirectoryEventType',
  sendonbehalfofusermailboxguid: 'SendOnBehalfOfUserMailboxGuid',
  site_url: 'SiteUrl',
  event_data: 'EventData',
};

/** Enum names the table writes where AuditData has integers (Management API schema). */
const USER_TYPES = [
  'regular',
  'reserved',
  'admin',
  'dcadmin',
  'system',
  'application',
  'serviceprincipal',
  'custompolicy',
  'systempolicy',
  'partnertechnician',
  'guest',
];
const LOGON_TYPES = ['owner', 'admin', 'delegated', 'transport', 'systemservice', 'bestaccess', 'delegatedadmin'];

function enumNumber(v: unknown, names: string[]): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (/^\d+$/.test(s)) return Number(s);
  const i = names.indexOf(s);
  return i >= 0 ? i : v;
}

/** The AuditData-like object of one OfficeActivity row; `creationTime` is ISO UTC without `Z`. */
function rebuild(row: JsonObject, creationTime: string | undefined): JsonObject {
  const out: JsonObject = {};
  const lowerKeys = new Set(Object.keys(row).map((k) => k.toLowerCase()));
  for (const [column, value] of Object.entries(row)) {
    if (value === null || value === undefined || value === '') continue;
    let name = column.replace(/ \[UTC\]$/, '');
    // `UserId_`, `ClientIP_` … repeat their base column; use them only when the base is absent or empty.
    if (name.endsWith('_') && name.length > 1) {
      const base = name.slice(0, -1);
      if (lowerKeys.has(base.toLowerCase()) && text(field(row, base)) !== undefined) continue;
      name = base;
    }
    name = RENAMED[name.toLowerCase()] ?? name;
    out[name] = jsonField(value);
  }
  out.UserType = enumNumber(out.UserType, USER_TYPES);
  out.LogonType = enumNumber(out.LogonType, LOGON_TYPES);
  delete out.TimeGenerated;
  if (creationTime !== undefined) out.CreationTime = creationTime;
  return out;
}

/** The header name of the column holding the event time (TimeGenerated, else Start_Time). */
function timeColumn(header: string[]): string | null {
  for (const c of ['timegenerated [utc]', 'timegenerated', 'start_time [utc]', 'start_time']) {
    const found = header.find((h) => h.toLowerCase() === c);
    if (found) return found;
  }
  return null;
}

function startTimeNote(column: string | null): string | null {
  if (column === null) return 'no TimeGenerated or Start_Time column: records cannot be placed in time';
  return column.toLowerCase().startsWith('timegenerated')
    ? null
    : 'no TimeGenerated column: times are Start_Time, when Sentinel processed the record (minutes after the event)';
}

function detectCsv(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'csv') return null;
  const has = (c: string) => s.columns.includes(c);
  if (!has('officeid') || !has('operation') || !(has('officeworkload') || has('recordtype'))) return null;
  const notes = [`${s.columns.length} OfficeActivity columns`];
  const timeNote = startTimeNote(timeColumn(s.header));
  if (timeNote) notes.push(timeNote);
  return {
    format: 'sentinel-officeactivity-csv',
    label: 'Microsoft Sentinel OfficeActivity table export (CSV)',
    notes,
  };
}

async function parseCsv(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const column = ctx.sniff.kind === 'csv' ? timeColumn(ctx.sniff.header) : null;
  const order = column ? await decideDateOrder(ctx, column) : 'MDY';
  await readCsvTable(ctx, (r) => {
    const row: JsonObject = r.record();
    const raw = JSON.stringify(row);
    const value = column ? (r.get(column) ?? '') : '';
    const ms = parseCultureDate(value, order);
    if (ms === null)
      throw new RowError(
        column ? `${column} ${JSON.stringify(value)} is not a readable date` : 'row has no time column',
      );
    sink.audit(r.row, r.line, normalizeAuditObject(rebuild(row, toIso(ms).slice(0, 23)), raw));
  });
}

function detectJson(s: Sniff): DetectedFormat | null {
  const first = firstObject(s);
  if (!first || field(first, 'OfficeId') === undefined || field(first, 'Operation') === undefined) return null;
  if (field(first, 'OfficeWorkload') === undefined && field(first, 'Type') !== 'OfficeActivity') return null;
  return {
    format: 'sentinel-officeactivity-json',
    label: 'Microsoft Sentinel OfficeActivity table export (JSON)',
    notes: [],
  };
}

async function parseJson(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  await readJsonRecords(ctx, (r) => {
    if (!isObject(r.value)) throw new RowError('record is not a JSON object');
    const generated = field(r.value, 'TimeGenerated', 'Start_Time');
    const ms = parseIsoUtc(text(generated) ?? '');
    if (ms === null)
      throw new RowError(`TimeGenerated ${JSON.stringify(generated ?? null)} is not an ISO-8601 timestamp`);
    sink.audit(r.record, r.line, normalizeAuditObject(rebuild(r.value, toIso(ms).slice(0, 23)), r.text));
  });
}

export const auditSentinelCsvParser: FormatParser = {
  family: 'Microsoft Sentinel OfficeActivity table (CSV)',
  detect: detectCsv,
  parse: parseCsv,
};

export const auditSentinelJsonParser: FormatParser = {
  family: 'Microsoft Sentinel OfficeActivity table (JSON)',
  detect: detectJson,
  parse: parseJson,
};
