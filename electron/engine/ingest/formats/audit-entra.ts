/**
 * Entra ID (Azure AD) directory audit log, the consent / app-role side of T1098.002 (app role
 * assignments, delegated permission grants, consents):
 * - Graph `directoryAudits` objects (`id, activityDisplayName, activityDateTime, initiatedBy{user,app},
 *   targetResources[{modifiedProperties}]`), e.g. Extractor-Suite `Get-EntraAuditLogs` JSON
 *   (PowerShell `ConvertTo-Json` spacing, BOM);
 * - the Sentinel `AuditLogs` table as JSON lines, where InitiatedBy / TargetResources are JSON *strings*.
 * Normalized as audit records with RecordType 8: operation = activity name as written (Graph omits
 * the UAL trailing period; it is never added), actor = initiating user UPN or app, target = first
 * target resource, parameters = modified property name -> new value.
 */
import { RowError } from '../audit-record.js';
import type { NormalizedAuditEvent } from '../../records/types.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeClientIp, normalizeIdentity } from '../../records/identity.js';
import { readJsonRecords } from '../json-stream.js';
import type { Sniff } from '../sniff.js';
import {
  canonicalId,
  field,
  firstObject,
  headHas,
  isObject,
  jsonField,
  jsonTime,
  text,
  type JsonObject,
} from './audit-common.js';

function detect(s: Sniff): DetectedFormat | null {
  if (!headHas(s, 'activityDisplayName') || !(headHas(s, 'initiatedBy') || headHas(s, 'targetResources'))) return null;
  const first = firstObject(s);
  if (first && !Object.hasOwn(first, 'activityDisplayName') && field(first, 'OperationName') !== undefined) {
    return {
      format: 'entra-audit-sentinel-json',
      label: 'Entra ID audit log (Sentinel AuditLogs table, JSON)',
      notes: [],
    };
  }
  return { format: 'entra-audit-graph-json', label: 'Entra ID audit log (Graph directoryAudits JSON)', notes: [] };
}

/**
 * Graph writes modified-property values JSON-encoded: `"\"User.Read Mail.ReadWrite\""` for a string,
 * `[true]`, `["a","b"]`. A JSON string literal is decoded to its text (the UAL form); others stay as written.
 */
function propertyValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return JSON.stringify(v);
  const t = v.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      const decoded: unknown = JSON.parse(t);
      if (typeof decoded === 'string') return decoded;
    } catch {
      // not a clean literal: keep as written
    }
  }
  return v;
}

function actorOf(initiatedBy: unknown): { actor: string | null; ip: string | null } {
  if (!isObject(initiatedBy)) return { actor: null, ip: null };
  const user = field(initiatedBy, 'user');
  if (isObject(user)) {
    const who = text(field(user, 'userPrincipalName')) ?? text(field(user, 'displayName')) ?? text(field(user, 'id'));
    if (who) return { actor: normalizeIdentity(who), ip: normalizeClientIp(field(user, 'ipAddress')) };
  }
  const app = field(initiatedBy, 'app');
  if (isObject(app)) {
    const who =
      text(field(app, 'displayName')) ??
      text(field(app, 'servicePrincipalName')) ??
      text(field(app, 'appId')) ??
      text(field(app, 'servicePrincipalId'));
    if (who) return { actor: who, ip: normalizeClientIp(field(app, 'ipAddress')) };
  }
  return { actor: null, ip: null };
}

export function entraEvent(rec: JsonObject, raw: string): NormalizedAuditEvent {
  const operation = text(field(rec, 'activityDisplayName', 'OperationName'));
  if (!operation) throw new RowError('record has no activityDisplayName');
  const when = field(rec, 'activityDateTime', 'TimeGenerated');
  const time = jsonTime(when);
  if (!time) throw new RowError(`activityDateTime ${JSON.stringify(when ?? null)} is not an ISO-8601 timestamp`);

  const targets = jsonField(field(rec, 'targetResources'));
  const targetList = Array.isArray(targets) ? targets.filter(isObject) : [];
  const first = targetList[0];
  const target = first
    ? (text(field(first, 'userPrincipalName')) ?? text(field(first, 'displayName')) ?? text(field(first, 'id')))
    : undefined;

  const parameters: Record<string, string> = {};
  for (const t of targetList) {
    const props = field(t, 'modifiedProperties');
    if (!Array.isArray(props)) continue;
    for (const p of props) {
      if (!isObject(p)) continue;
      const name = text(field(p, 'displayName'));
      if (name && !Object.hasOwn(parameters, name)) parameters[name] = propertyValue(field(p, 'newValue'));
    }
  }
  const { actor, ip } = actorOf(jsonField(field(rec, 'initiatedBy')));
  const id = text(field(rec, 'id'));
  return {
    recordId: id ? id.toLowerCase() : canonicalId(rec),
    time,
    recordType: 8,
    workload: 'AzureActiveDirectory',
    operation,
    resultStatus: text(field(rec, 'result')) ?? null,
    actor,
    userType: null,
    target: target ? normalizeIdentity(target) : null,
    clientIp: ip,
    parameters,
    raw,
  };
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  await readJsonRecords(ctx, (r) => {
    if (!isObject(r.value)) throw new RowError('record is not a JSON object');
    sink.audit(r.record, r.line, entraEvent(r.value, r.text));
  });
}

export const auditEntraParser: FormatParser = {
  family: 'Entra ID audit log JSON (Graph directoryAudits, Sentinel AuditLogs)',
  detect,
  parse,
};
