/**
 * Sign-ins from an address no account in the case had used before, by an account with history
 * elsewhere (T1078.004): the entry point of most delegation abuse. Low on its own; raised when the
 * same address then changes permissions, rules or mail, or signs in to several accounts.
 */
import crypto from 'node:crypto';
import type { AnalysisContext } from '../analysis/context.js';
import type { Rule } from './rule.js';
import type { FindingDraft } from '../records/findings.js';
import { SeverityScore } from './severity.js';
import { activityFromAddress, firstAuditTime } from '../store/analysis-reads.js';

const DAY = 86_400_000;
const SIGN_INS = ['UserLoggedIn'];
/** Operations that, from the same address soon after, turn a sign-in into the start of an intrusion. */
const FOLLOW_UPS = new Set([
  'Add-MailboxPermission',
  'Add-RecipientPermission',
  'Set-Mailbox',
  'Add-MailboxFolderPermission',
  'Set-MailboxFolderPermission',
  'New-InboxRule',
  'Set-InboxRule',
  'Set-CASMailbox',
  'MailItemsAccessed',
  'MailboxLogin',
  'SendAs',
  'SendOnBehalf',
  'Consent to application.',
  'Add app role assignment to service principal.',
  'Add service principal.',
  'AddFolderPermissions',
  'ModifyFolderPermissions',
]);

const OWNER_OPERATIONS = new Set(['MailItemsAccessed', 'MailboxLogin']);

export const signInNewAddress: Rule = {
  id: 'sign-in-from-new-address',
  title: 'Sign-in from an address new to the tenant',
  techniques: ['T1078.004'],
  correspondsTo: ['Elastic / Sentinel new_terms sign-in rules (source.ip per user)', 'Hawk: sign-in IP review'],
  run(ctx: AnalysisContext): FindingDraft[] {
    // Nothing can be new during the first day of evidence: that is when every office address first appears.
    const caseStart = firstAuditTime(ctx.db);
    if (caseStart === null) return [];
    const quietUntil = Date.parse(caseStart) + DAY;
    const firstByIp = ctx.addressFirstSeen();
    const firstActivity = ctx.accountFirstSeen();

    const seenPair = new Set<string>();
    const accountsByIp = new Map<string, Set<string>>();
    const candidates: Array<ReturnType<AnalysisContext['audit']>[number]> = [];
    // Sign-ins are numerous and only their columns matter here: skip parsing AuditData.
    for (const row of ctx.audit(SIGN_INS, { withData: false })) {
      if (!row.actor || !row.clientIp || !row.succeeded) continue;
      const pair = `${row.actor}|${row.clientIp}`;
      const accounts = accountsByIp.get(row.clientIp) ?? new Set<string>();
      accounts.add(row.actor);
      accountsByIp.set(row.clientIp, accounts);
      if (seenPair.has(pair)) continue;
      // An account's first appearance in any record: a sign-in is "by an account with history" when later.
      const prior = firstActivity.get(row.actor);
      seenPair.add(pair);
      // New to the tenant (first used by any account in the last 24 h), by an account already seen from elsewhere.
      const ipFirst = firstByIp.get(row.clientIp);
      if (
        prior &&
        prior < row.time &&
        ipFirst !== undefined &&
        Date.parse(ipFirst) >= quietUntil &&
        Date.parse(row.time) - Date.parse(ipFirst) <= DAY
      )
        candidates.push(row);
    }
    const out: FindingDraft[] = [];
    for (const row of candidates) {
      const until = new Date(Date.parse(row.time) + DAY).toISOString();
      // An owner reading their own mail is not a follow-up; reading someone else's is.
      const follow = activityFromAddress(ctx.db, row.clientIp!, row.time, until, 500).filter(
        (f) => FOLLOW_UPS.has(f.operation) && !(OWNER_OPERATIONS.has(f.operation) && f.actor === f.target),
      );
      const accounts = accountsByIp.get(row.clientIp!)!;
      const s = new SeverityScore('low');
      if (follow.length)
        s.raise(
          `followed from the same address by ${[...new Set(follow.map((f) => f.operation))].slice(0, 6).join(', ')} ` +
            'within 24 h',
          2,
        );
      if (accounts.size > 1)
        s.raise(`${accounts.size} accounts signed in from this address: ${[...accounts].sort().join(', ')}`);
      out.push({
        id:
          'sign-in-from-new-address:' +
          crypto.createHash('sha256').update(`${row.actor}|${row.clientIp}`).digest('hex').slice(0, 16),
        rule: this.id,
        title: `${row.actor} signed in from ${row.clientIp}, an address new to the tenant`,
        severity: s.severity,
        techniques: this.techniques,
        time: row.time,
        principals: [row.actor!],
        summary:
          `${row.actor} signed in from ${row.clientIp} at ${row.time}; ` +
          'no account in the case had used that address more than a day earlier' +
          (follow.length
            ? `, and ${follow.length} mailbox or permission operations followed from it within 24 h`
            : '') +
          '.',
        details: {
          account: row.actor!,
          clientIp: row.clientIp!,
          followUps: String(follow.length),
          severityReasons: s.reasons.join('; '),
          correspondsTo: this.correspondsTo.join('; '),
        },
        refs: [
          { source: 'audit', id: row.id },
          ...follow.slice(0, 10).map((f) => ({ source: 'audit' as const, id: f.id })),
        ],
      });
    }
    return out;
  },
};
