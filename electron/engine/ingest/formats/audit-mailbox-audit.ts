/**
 * Mailbox audit log entries from `Search-MailboxAuditLog -ShowDetails | ConvertTo-Json` (DFIR-O365RC
 * `Exchange_mailbox_audit_logs/…/MailboxAuditLog_*.json`, one JSON array per file; on-prem
 * scripts write the same objects). They are the events the unified log carries as ExchangeItem
 * records, in another shape: `LastAccessed` instead of CreationTime, `LogonType` as a name or number,
 * the logon user as a SID and display name (no UPN), and no record Id.
 * Each becomes an audit record (RecordType 2): id = hash of the record's content (re-imports and
 * overlapping collections dedupe), actor = the owner's UPN for owner logons, otherwise the logon
 * user's SID as written (the identity resolver maps SIDs it learns from other records). The
 * owner's SID and resolved name are recorded as aliases of the owner's UPN. Raw = the record's text.
 */
import { normalizeAuditObject, RowError } from '../audit-record.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import { readJsonRecords } from '../json-stream.js';
import type { Sniff } from '../sniff.js';
import { canonicalId, field, headHas, isObject, jsonTime, text } from './audit-common.js';

/** LogonType as the unified log numbers it. */
const LOGON_TYPES: Record<string, number> = {
  owner: 0,
  admin: 1,
  delegate: 2,
  transport: 3,
  systemservice: 4,
  bestaccess: 5,
};

function detect(s: Sniff): DetectedFormat | null {
  if (!headHas(s, 'Operation', 'LastAccessed', 'LogonType')) return null;
  return {
    format: 'mailbox-audit-json',
    label: 'Mailbox audit log entries as JSON (Search-MailboxAuditLog -ShowDetails; DFIR-O365RC)',
    notes: [],
  };
}

function logonType(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  const t = text(v);
  if (t === undefined) return null;
  if (/^\d+$/.test(t)) return Number(t);
  return LOGON_TYPES[t.toLowerCase()] ?? null;
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  let offsetless = 0;
  await readJsonRecords(ctx, (r) => {
    const rec = r.value;
    if (!isObject(rec)) throw new RowError('record is not a JSON object');
    const operation = text(field(rec, 'Operation'));
    if (!operation) throw new RowError('record has no Operation');
    const accessed = field(rec, 'LastAccessed');
    const time = jsonTime(accessed);
    if (!time) throw new RowError(`LastAccessed ${JSON.stringify(accessed ?? null)} is not a timestamp`);
    if (
      typeof accessed === 'string' &&
      /^\d{4}-.*\d$/.test(accessed.trim()) &&
      !/(Z|[+-]\d{2}:?\d{2})$/i.test(accessed.trim())
    )
      offsetless++;
    const owner = normalizeIdentity(field(rec, 'MailboxOwnerUPN'));
    const type = logonType(field(rec, 'LogonType'));
    const logonUser = text(field(rec, 'LogonUserSid')) ?? text(field(rec, 'LogonUserDisplayName'));
    const actor = type === 0 && owner ? owner : logonUser;
    if (owner) {
      for (const alias of [text(field(rec, 'MailboxOwnerSid')), text(field(rec, 'MailboxResolvedOwnerName'))])
        if (alias) sink.alias(owner, alias);
    }
    const event = normalizeAuditObject(
      {
        Id: canonicalId(rec),
        CreationTime: time,
        Operation: operation,
        RecordType: 2,
        ResultStatus: text(field(rec, 'OperationResult')),
        Workload: 'Exchange',
        UserId: actor,
        MailboxOwnerUPN: owner ?? text(field(rec, 'MailboxResolvedOwnerName')),
        ClientIPAddress: text(field(rec, 'ClientIPAddress')),
      },
      r.text,
    );
    sink.audit(r.record, r.line, event);
  });
  if (offsetless > 0)
    sink.note(
      `${offsetless} LastAccessed values carry no UTC offset: taken as UTC ` +
        "(Exchange Online writes UTC; an on-premises export may hold the server's local time)",
    );
}

export const mailboxAuditJsonParser: FormatParser = {
  family: 'Mailbox audit log JSON (Search-MailboxAuditLog -ShowDetails, DFIR-O365RC Exchange_mailbox_audit_logs)',
  detect,
  parse,
};
