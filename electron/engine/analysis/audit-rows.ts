/**
 * Loading audit records for analysis: the normalized columns plus parsed parameters and AuditData.
 */
import type Database from 'better-sqlite3';
import { isFailure, type AuditRow } from './delegation/types.js';

interface Row {
  id: number;
  time: string;
  record_id: string;
  record_type: number | null;
  operation: string;
  actor: string | null;
  user_type: number | null;
  target: string | null;
  client_ip: string | null;
  result_status: string | null;
  parameters: string;
  raw: string;
}

function toAuditRow(r: Row, withData: boolean): AuditRow {
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

export interface AuditRowOptions {
  /** Keep records where the actor is not the mailbox owner: the delegate activity among the (many) owner records. */
  nonOwnerOnly?: boolean;
  /** Parse AuditData into `data` (default true); rules that need only the columns skip it on large cases. */
  withData?: boolean;
  /** Keep records whose AuditData has a non-empty ClientAppId (applications acting with their own identity). */
  withClientAppOnly?: boolean;
}

/** Audit records with one of `operations`, in time order. */
export function loadAuditRows(
  db: Database.Database,
  operations: readonly string[],
  options: AuditRowOptions = {},
): AuditRow[] {
  if (operations.length === 0) return [];
  const filters = [
    options.nonOwnerOnly
      ? "(target IS NULL OR actor IS NULL OR actor <> target OR operation IN ('SendAs', 'SendOnBehalf'))"
      : null,
    options.withClientAppOnly ? "coalesce(json_extract(raw, '$.ClientAppId'), '') <> ''" : null,
  ].filter(Boolean);
  const rows = db
    .prepare(
      `SELECT id, time, record_id, record_type, operation, actor, user_type, target, client_ip, result_status, parameters, ${options.withData === false ? "'' AS raw" : 'raw'}
              FROM audit_event WHERE operation IN (${operations.map(() => '?').join(',')}) ${filters.map((f) => `AND ${f}`).join(' ')} ORDER BY time, id`,
    )
    .all(...operations) as Row[];
  return rows.map((r) => toAuditRow(r, options.withData !== false));
}
