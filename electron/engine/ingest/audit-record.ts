/**
 * One unified-audit-log record, normalized. Every UAL container (portal CSV, cmdlet CSV, JSON) carries
 * the same AuditData object; this module reads that object and treats wrapper columns only as
 * fall-backs (each container names and types its record type, user and operation columns differently).
 */
import { normalizeClientIp, normalizeIdentity } from '../records/identity.js';
import { lookup, nameValueMap } from '../records/parameters.js';
import type { NormalizedAuditEvent } from '../records/types.js';
import { jsonTextDepth, MAX_JSON_DEPTH, tooDeepReason } from './json-depth.js';
import { isoUtcText, parseCultureUtc, toIso } from './time.js';

/** Values the container (CSV columns, JSON wrapper) carries beside AuditData. */
export interface WrapperHints {
  recordId?: string | undefined;
  creationDate?: string | undefined;
  recordType?: string | undefined;
  operation?: string | undefined;
  userId?: string | undefined;
}

/** A record that cannot be normalized; the message is the rejection reason shown to the examiner. */
export class RowError extends Error {}

/** RecordType names as Search-UnifiedAuditLog writes them, mapped to the AuditData integers. */
const RECORD_TYPES: Record<string, number> = {
  exchangeadmin: 1,
  exchangeitem: 2,
  exchangeitemgroup: 3,
  sharepoint: 4,
  sharepointfileoperation: 6,
  azureactivedirectory: 8,
  azureactivedirectoryaccountlogon: 9,
  datacentersecuritycmdlet: 10,
  compliancedlpsharepoint: 11,
  sway: 12,
  compliancedlpexchange: 13,
  sharepointsharingoperation: 14,
  azureactivedirectorystslogon: 15,
  securitycompliancecenteredcmdlet: 18,
  exchangeaggregatedoperation: 19,
  powerbiaudit: 20,
  microsoftteams: 25,
  threatintelligence: 28,
  exchangeitemaggregated: 50,
};

export function recordTypeNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const s = value.trim();
  if (/^\d+$/.test(s)) return Number(s);
  return RECORD_TYPES[s.toLowerCase()] ?? null;
}

const MAILBOX_RECORD_TYPES = new Set([2, 3, 50]);

/** Parse and normalize one AuditData JSON text. Throws RowError with a reason the examiner can act on. */
export function normalizeAuditData(raw: string, hints: WrapperHints = {}): NormalizedAuditEvent {
  if (raw.trim() === '') throw new RowError('AuditData is empty');
  const depth = jsonTextDepth(raw);
  if (depth > MAX_JSON_DEPTH) throw new RowError(`AuditData is ${tooDeepReason(depth)}`);
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    throw new RowError(`AuditData is not valid JSON (${(err as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new RowError('AuditData is not a JSON object');
  return normalizeAuditObject(data as Record<string, unknown>, raw, hints);
}

export function normalizeAuditObject(
  d: Record<string, unknown>,
  raw: string,
  hints: WrapperHints = {},
): NormalizedAuditEvent {
  const operation = str(d.Operation) ?? str(hints.operation);
  if (!operation) throw new RowError('record has no Operation');

  const recordId = str(d.Id) ?? str(hints.recordId);
  if (!recordId) throw new RowError('record has no Id');

  let time: string | null;
  const creationTime = str(d.CreationTime);
  if (creationTime) {
    time = isoUtcText(creationTime);
    if (time === null) throw new RowError(`CreationTime ${JSON.stringify(creationTime)} is not an ISO-8601 timestamp`);
  } else if (hints.creationDate) {
    const ms = parseCultureUtc(hints.creationDate);
    if (ms === null)
      throw new RowError(
        `record has no CreationTime and CreationDate ${JSON.stringify(hints.creationDate)} is ambiguous or unreadable`,
      );
    time = toIso(ms);
  } else throw new RowError('record has no CreationTime');

  const recordType = recordTypeNumber(d.RecordType) ?? recordTypeNumber(hints.recordType);
  const parameters = nameValueMap(d.Parameters);
  const isMailboxRecord = recordType !== null && MAILBOX_RECORD_TYPES.has(recordType);
  const identityParam = lookup(parameters, 'Identity');
  const target = isMailboxRecord
    ? (normalizeIdentity(d.MailboxOwnerUPN) ?? normalizeIdentity(d.ObjectId))
    : (normalizeIdentity(identityParam) ?? normalizeIdentity(d.ObjectId));

  return {
    recordId: recordId.toLowerCase(),
    time,
    recordType,
    workload: str(d.Workload),
    operation,
    resultStatus: str(d.ResultStatus),
    actor: normalizeIdentity(d.UserId) ?? normalizeIdentity(hints.userId),
    userType: typeof d.UserType === 'number' ? d.UserType : null,
    target,
    clientIp:
      normalizeClientIp(d.ClientIP) ?? normalizeClientIp(d.ClientIPAddress) ?? normalizeClientIp(d.ActorIpAddress),
    parameters,
    raw,
  };
}

function str(v: unknown): string | null {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return String(v);
  return null;
}
