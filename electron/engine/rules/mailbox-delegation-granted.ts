/**
 * B1 — mailbox-level delegation granted (T1098.002): FullAccess and other mailbox rights
 * (Add-MailboxPermission), Send As (Add-RecipientPermission, on-prem Add-ADPermission) and
 * Send on Behalf (Set-Mailbox -GrantSendOnBehalfTo). docs/peers-and-detections.md (b) B1.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Severity } from '../../../shared/domain.js';
import { lookup } from '../ingest/audit-record.js';
import { normalizeIdentity } from '../ingest/identity.js';
import type { FindingDraft, Rule } from './rule.js';
import { isDiscoveryProvisioningGrant, isSystemActor } from './system-actors.js';

export const RULE_ID = 'mailbox-delegation-granted';

const CORRESPONDS_TO = [
  'Elastic: M365 Exchange Mailbox High-Risk Permission Delegated',
  'Splunk: O365 Elevated Mailbox Permission Assigned',
  'Sentinel: Rare and potentially high-risk Office operations',
  'Hawk: Get-HawkTenantAdminMailboxPermissionChange',
].join('; ');

interface Candidate {
  id: number; record_id: string; time: string; operation: string; result_status: string | null; actor: string | null;
  user_type: number | null; target: string | null; client_ip: string | null; parameters: string;
}

interface Grant {
  mailbox: string | null;
  trustee: string | null;
  rights: string[];
  autoMappingOff: boolean;
}

/** Rights that let the holder take over the mailbox's permissions outright. */
const OWNERSHIP_RIGHTS = new Set(['changepermission', 'changeowner']);

function readGrant(c: Candidate): Grant | null {
  const p = JSON.parse(c.parameters) as Record<string, string>;
  const mailbox = normalizeIdentity(lookup(p, 'Identity')) ?? c.target;
  switch (c.operation) {
    case 'Add-MailboxPermission': {
      if (/^true$/i.test(lookup(p, 'Deny') ?? '')) return null; // a Deny entry takes access away
      const rights = splitList(lookup(p, 'AccessRights'));
      return { mailbox, trustee: normalizeIdentity(lookup(p, 'User')), rights: rights.length ? rights : ['(unspecified)'], autoMappingOff: /^false$/i.test(lookup(p, 'AutoMapping') ?? '') };
    }
    case 'Add-RecipientPermission':
      return { mailbox, trustee: normalizeIdentity(lookup(p, 'Trustee')), rights: ['SendAs'], autoMappingOff: false };
    case 'Add-ADPermission': {
      const ext = lookup(p, 'ExtendedRights') ?? '';
      if (!/send-?as|receive-?as/i.test(ext)) return null;
      return { mailbox, trustee: normalizeIdentity(lookup(p, 'User')), rights: splitList(ext), autoMappingOff: false };
    }
    case 'Set-Mailbox': {
      const sob = lookup(p, 'GrantSendOnBehalfTo');
      if (sob === undefined || sob.trim() === '' || /^\$?null$/i.test(sob.trim())) return null; // cleared, not granted
      return { mailbox, trustee: normalizeIdentity(sob), rights: ['SendOnBehalf'], autoMappingOff: false };
    }
    default:
      return null;
  }
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(/[,;\s]+/).map((s) => s.trim()).filter(Boolean);
}

function severityOf(g: Grant, succeeded: boolean): Severity {
  if (!succeeded) return 'low';
  if (g.rights.some((r) => OWNERSHIP_RIGHTS.has(r.toLowerCase()))) return 'high';
  // AutoMapping False keeps the mailbox out of the delegate's Outlook: a grant meant not to be seen.
  if (g.autoMappingOff) return 'high';
  return 'medium';
}

export const mailboxDelegationGranted: Rule = {
  id: RULE_ID,
  title: 'Mailbox delegation granted',
  run(db: Database.Database): FindingDraft[] {
    const candidates = db
      .prepare(`SELECT id, record_id, time, operation, result_status, actor, user_type, target, client_ip, parameters
                FROM audit_event
                WHERE operation IN ('Add-MailboxPermission', 'Add-RecipientPermission', 'Add-ADPermission', 'Set-Mailbox')
                ORDER BY time, id`)
      .all() as Candidate[];
    const drafts: FindingDraft[] = [];
    for (const c of candidates) {
      const grant = readGrant(c);
      if (!grant) continue;
      if (isSystemActor(c.actor, c.user_type)) continue;
      if (isDiscoveryProvisioningGrant(grant.mailbox, grant.trustee)) continue;
      const succeeded = !/^(false|failed|failure)$/i.test(c.result_status ?? '');
      const rights = grant.rights.join(', ');
      const mailbox = grant.mailbox ?? '(unknown mailbox)';
      const trustee = grant.trustee ?? '(unknown trustee)';
      const actor = c.actor ?? '(unknown actor)';
      const verb = succeeded ? 'granted' : 'attempted to grant (failed)';
      const principals = [...new Set([c.actor, grant.mailbox, grant.trustee].filter((x): x is string => !!x))];
      drafts.push({
        id: `${RULE_ID}:${crypto.createHash('sha256').update(c.record_id).digest('hex').slice(0, 16)}`,
        rule: RULE_ID,
        title: `${rights} on ${mailbox} ${succeeded ? 'granted' : 'grant failed'} to ${trustee}`,
        severity: severityOf(grant, succeeded),
        techniques: ['T1098.002'],
        time: c.time,
        principals,
        summary:
          `${actor} ${verb} ${rights} on ${mailbox} to ${trustee} with ${c.operation}` +
          (grant.autoMappingOff ? ' with AutoMapping False (the mailbox will not appear in the delegate\'s Outlook)' : '') +
          (c.client_ip ? ` from ${c.client_ip}` : '') +
          '.',
        details: {
          operation: c.operation,
          rights,
          mailbox,
          trustee,
          actor,
          ...(c.client_ip ? { clientIp: c.client_ip } : {}),
          ...(grant.autoMappingOff ? { autoMapping: 'False' } : {}),
          result: succeeded ? 'succeeded' : 'failed',
          correspondsTo: CORRESPONDS_TO,
        },
        auditEventIds: [c.id],
      });
    }
    return drafts;
  },
};
