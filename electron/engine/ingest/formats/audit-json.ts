/**
 * Unified audit log records as JSON or JSON lines, in the layouts collection tools write (several
 * documents may be concatenated in one file):
 * - raw AuditData objects, one per line or in arrays: DFIR-O365RC, Mandiant `Get-BulkUAL`,
 *   Extractor-Suite SOF-ELK and `-AuditDataOnly`, Untitled Goose (Python spacing, `/` unescaped),
 *   Management Activity API content blobs;
 * - Search-UnifiedAuditLog result objects with AuditData as a nested object or as a string:
 *   Extractor-Suite `Get-UAL` JSON / JSONL, Hawk `ConvertTo-Json` arrays (PowerShell 5.1 may write
 *   `\/Date(…)\/` wrapper dates);
 * - Graph `auditLogRecord` objects with a camelCase `auditData` (Get-UALGraph JSON, DFIR-O365RC
 *   Purview mode);
 * - a JSON string holding AuditData text;
 * - Hawk flattened records (ParameterString / Param_*) written as JSON.
 * Each record is read by its own shape, so mixed files work. The stored raw is the AuditData: the
 * record's source text, the AuditData string, or the nested AuditData object re-serialised (so it
 * stays a JSON object that analysis can query, like the CSV containers' AuditData cell).
 */
import { normalizeAuditData, normalizeAuditObject, RowError, type WrapperHints } from '../audit-record.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { readJsonRecords } from '../json-stream.js';
import type { Sniff } from '../sniff.js';
import {
  field,
  firstObject,
  headHas,
  isObject,
  jsonHead,
  jsonTime,
  repairPsStrings,
  text,
  type JsonObject,
} from './audit-common.js';
import { unflattenHawk } from './audit-hawk-simple.js';

function detect(s: Sniff): DetectedFormat | null {
  const head = jsonHead(s);
  if (!head) return null;
  const first = head.records[0];
  const obj = firstObject(s);
  const notes: string[] = [];
  if (typeof first === 'string' && /"CreationTime"/.test(first) && /"Operation"/.test(first)) {
    return { format: 'ual-auditdata-json', label: 'Unified audit log AuditData as JSON strings', notes };
  }
  const wrapped = obj ? field(obj, 'AuditData') : undefined;
  if (wrapped !== undefined || (head.records.length === 0 && head.keys.has('auditdata'))) {
    if (obj ? field(obj, 'auditLogRecordType', 'createdDateTime') !== undefined : head.keys.has('auditlogrecordtype')) {
      return {
        format: 'ual-graph-json',
        label:
          'Purview audit search via Graph ' +
          '(auditLogRecord JSON: Extractor-Suite Get-UALGraph, DFIR-O365RC Purview mode)',
        notes,
      };
    }
    return {
      format: 'ual-wrapper-json',
      label: 'Search-UnifiedAuditLog results as JSON (Extractor-Suite Get-UAL JSON/JSONL, Hawk)',
      notes,
    };
  }
  if (headHas(s, 'CreationTime', 'Operation')) {
    if (obj && (field(obj, 'ParameterString') !== undefined || Object.keys(obj).some((k) => /^param_/i.test(k)))) {
      return { format: 'hawk-simple-json', label: 'Hawk flattened audit records as JSON', notes };
    }
    return {
      format: 'ual-auditdata-json',
      label:
        'Unified audit log AuditData records as JSON / JSON lines ' +
        '(DFIR-O365RC, Mandiant, Extractor-Suite SOF-ELK, Goose, Management API)',
      notes,
    };
  }
  return null;
}

/** Wrapper fields (cmdlet result or Graph auditLogRecord) as fall-back hints for AuditData. */
function wrapperHints(rec: JsonObject): WrapperHints {
  const created = field(rec, 'CreationDate', 'createdDateTime');
  return {
    recordId: text(field(rec, 'Identity', 'RecordId', 'id')),
    creationDate: jsonTime(created) ?? text(created),
    recordType: text(field(rec, 'RecordType', 'auditLogRecordType')),
    operation: text(field(rec, 'Operations', 'Operation')),
    userId: text(field(rec, 'UserIds', 'UserId', 'userPrincipalName')),
  };
}

/** One JSON record of any UAL shape, normalized; `raw` is its source text (kept when it is the AuditData). */
export function auditFromJson(value: unknown, raw: string): ReturnType<typeof normalizeAuditObject> {
  // A JSON string holding AuditData: its decoded text is the verbatim AuditData.
  if (typeof value === 'string') return normalizeAuditData(value);
  if (!isObject(value)) throw new RowError('record is not a JSON object');
  const auditData = field(value, 'AuditData');
  if (auditData !== undefined) {
    const hints = wrapperHints(value);
    if (typeof auditData === 'string') return normalizeAuditData(auditData, hints);
    if (!isObject(auditData)) throw new RowError('AuditData is neither an object nor a JSON string');
    // The stored raw is the AuditData itself (as for every container), re-serialised from the nested object.
    const repaired = repairPsStrings(auditData);
    return normalizeAuditObject(repaired, JSON.stringify(repaired), hints);
  }
  if (
    field(value, 'ParameterString') !== undefined ||
    (!Array.isArray(value.Parameters) && Object.keys(value).some((k) => /^param_/i.test(k)))
  ) {
    return normalizeAuditObject(unflattenHawk(value, jsonTime(value.CreationTime)?.slice(0, 19)), raw);
  }
  if (field(value, 'CreationTime') === undefined && field(value, 'Operation') === undefined) {
    throw new RowError('record is not an audit record (no AuditData, CreationTime or Operation)');
  }
  return normalizeAuditObject(repairPsStrings(value), raw);
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  await readJsonRecords(ctx, (r) => sink.audit(r.record, r.line, auditFromJson(r.value, r.text)));
}

export const auditJsonParser: FormatParser = {
  family:
    'Unified audit log JSON / JSON lines: raw AuditData (DFIR-O365RC, Mandiant, Goose, SOF-ELK, Management API), ' +
    'Extractor-Suite Get-UAL, Hawk, Graph auditLogRecord',
  detect,
  parse,
};
