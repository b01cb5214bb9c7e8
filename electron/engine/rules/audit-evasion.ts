/**
 * Switching off the evidence: mailbox audit bypass, audit logging disabled for the
 * organisation or a mailbox (T1562.008). Such a change explains gaps in everything else.
 */
import crypto from 'node:crypto';
import type { AnalysisContext } from '../analysis/context.js';
import { lookup } from '../records/parameters.js';
import type { Rule } from './rule.js';
import type { FindingDraft } from '../records/findings.js';
import { SeverityScore } from './severity.js';
import { isSystemActor } from '../exchange/system-actors.js';

interface Check {
  operation: string;
  /** What the change did, or null when the record is not an evasion (e.g. auditing turned on). */
  read(params: Record<string, string>): string | null;
}

const isFalse = (v: string | undefined) => v !== undefined && /^(false|\$false|0)$/i.test(v.trim());
const isTrue = (v: string | undefined) => v !== undefined && /^(true|\$true|1)$/i.test(v.trim());

const checks: Check[] = [
  {
    operation: 'Set-MailboxAuditBypassAssociation',
    read: (p) =>
      isTrue(lookup(p, 'AuditBypassEnabled'))
        ? `mailbox audit bypass enabled for ${lookup(p, 'Identity') ?? '?'}`
        : null,
  },
  {
    operation: 'Set-AdminAuditLogConfig',
    read: (p) =>
      isFalse(lookup(p, 'UnifiedAuditLogIngestionEnabled'))
        ? 'unified audit log ingestion disabled'
        : isFalse(lookup(p, 'AdminAuditLogEnabled'))
          ? 'admin audit logging disabled'
          : null,
  },
  {
    operation: 'Set-Mailbox',
    read: (p) =>
      isFalse(lookup(p, 'AuditEnabled')) ? `mailbox auditing disabled on ${lookup(p, 'Identity') ?? '?'}` : null,
  },
  {
    operation: 'Set-OrganizationConfig',
    read: (p) => (isTrue(lookup(p, 'AuditDisabled')) ? 'mailbox auditing disabled for the organisation' : null),
  },
];

export const auditEvasion: Rule = {
  id: 'audit-logging-weakened',
  title: 'Audit logging disabled or bypassed',
  techniques: ['T1562.008'],
  correspondsTo: [
    'Elastic: M365 Exchange Mailbox Audit Logging Bypass Added',
    'Sentinel: Exchange AuditLog disabled',
    'CrowdStrike CRT: AuditBypassEnabled users',
  ],
  run(ctx: AnalysisContext): FindingDraft[] {
    const out: FindingDraft[] = [];
    for (const check of checks) {
      for (const row of ctx.audit([check.operation])) {
        const what = check.read(row.params);
        if (!what || isSystemActor(row.actor, row.userType)) continue;
        const s = new SeverityScore('high');
        if (!row.succeeded) s.cap('low', 'the cmdlet failed');
        out.push({
          id: `audit-logging-weakened:${crypto.createHash('sha256').update(row.recordId).digest('hex').slice(0, 16)}`,
          rule: this.id,
          title: what.charAt(0).toUpperCase() + what.slice(1),
          severity: s.severity,
          techniques: this.techniques,
          time: row.time,
          principals: [row.actor, row.target].filter((x): x is string => !!x),
          summary:
            `${row.actor ?? 'Someone'} ran ${row.operation}: ${what}` +
            `${row.clientIp ? ` (from ${row.clientIp})` : ''}. Evidence after this time may be incomplete.`,
          details: {
            operation: row.operation,
            change: what,
            severityReasons: s.reasons.join('; '),
            correspondsTo: this.correspondsTo.join('; '),
          },
          refs: [{ source: 'audit', id: row.id }],
        });
      }
    }
    return out;
  },
};
