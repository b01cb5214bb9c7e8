/**
 * Loading audit records for analysis: the normalized columns plus parsed parameters and AuditData.
 */
import { auditEventsByOperation, type AuditEventRow, type AuditRowFilter } from '../store/analysis-reads.js';
import type { ReadDb } from '../store/db.js';
import { isFailure, type AuditRow } from './delegation/types.js';

function toAuditRow(r: AuditEventRow, withData: boolean): AuditRow {
  let data: Record<string, unknown> = {};
  try {
    if (withData) data = nestedJsonDecoded(JSON.parse(r.raw) as Record<string, unknown>);
  } catch {
    /* stored rows were valid JSON at import; a Sentinel-rebuilt row may not be an object */
  }
  return {
    id: r.id,
    time: r.time,
    recordId: r.record_id,
    recordType: r.record_type,
    operation: r.operation,
    actor: r.actor,
    userType: r.user_type,
    target: r.target,
    clientIp: r.client_ip,
    succeeded: !isFailure(r.result_status),
    params: JSON.parse(r.parameters) as Record<string, string>,
    data,
  };
}

/**
 * Flattened containers (Sparrow, Hawk, Sentinel) store nested AuditData fields (ModifiedProperties,
 * Target, Parameters…) as JSON text in one cell; rules read them as the service wrote them.
 */
function nestedJsonDecoded(data: Record<string, unknown>): Record<string, unknown> {
  if (typeof data !== 'object' || data === null) return data;
  for (const key of NESTED_FIELDS) {
    const value = data[key];
    if (typeof value !== 'string' || value.length < 2) continue;
    const c = value.charCodeAt(0);
    if (c !== 91 && c !== 123) continue; // '[' or '{'
    try {
      data[key] = JSON.parse(value) as unknown;
    } catch {
      /* text that merely starts with a bracket */
    }
  }
  return data;
}

/** AuditData fields that are arrays or objects in the service's records. */
const NESTED_FIELDS = [
  'ModifiedProperties',
  'ExtendedProperties',
  'Actor',
  'Target',
  'Parameters',
  'Item',
  'Folders',
  'AffectedItems',
  'AppAccessContext',
  'DeviceProperties',
];

export type AuditRowOptions = AuditRowFilter;

/** Audit records with one of `operations`, in time order. */
export function loadAuditRows(db: ReadDb, operations: readonly string[], options: AuditRowOptions = {}): AuditRow[] {
  return auditEventsByOperation(db, operations, options).map((r) => toAuditRow(r, options.withData !== false));
}
