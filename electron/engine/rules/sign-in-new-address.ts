/**
 * Addresses new to the tenant that accounts sign in from (T1078.004), one finding per address: the
 * entry point of most delegation abuse. An address counts when it is not one much of the tenant
 * uses day after day (the office egress) and first appears after the first day of the log window
 * (on that day every address is new). It is reported when something follows from it (grants, inbox rules,
 * forwarding, reads of other people's mail, consents, sharing links) or when several accounts sign
 * in from it; every account seen from the address is a principal, and every row is cited.
 */
import type { AnalysisContext } from '../analysis/context.js';
import type { FindingDraft } from '../records/findings.js';
import { isFailure } from '../analysis/delegation/types.js';
import { activityFromAddress, firstAuditTime, operationsFromAddress } from '../store/analysis-reads.js';
import type { Rule } from './rule.js';
import { stableId } from './send-common.js';
import { SeverityScore } from './severity.js';
import { plural } from './wording.js';

const DAY = 86_400_000;
const SIGN_INS = ['UserLoggedIn'];
/** Follow-ups are gathered for this long after the address first appears. */
const FOLLOW_WINDOW = 7 * DAY;
/** Operations that, from the same address, turn a sign-in into the start of an intrusion. */
export const FOLLOW_UPS = new Set([
  'Add-MailboxPermission',
  'Add-RecipientPermission',
  'Add-ADPermission',
  'Set-Mailbox',
  'Add-MailboxFolderPermission',
  'Set-MailboxFolderPermission',
  'AddFolderPermissions',
  'ModifyFolderPermissions',
  'UpdateCalendarDelegation',
  'New-InboxRule',
  'Set-InboxRule',
  'UpdateInboxRules',
  'New-TransportRule',
  'Set-TransportRule',
  'Set-CASMailbox',
  'New-ManagementRoleAssignment',
  'MailItemsAccessed',
  'MailboxLogin',
  'SendAs',
  'SendOnBehalf',
  'Consent to application.',
  'Add app role assignment to service principal.',
  'Add delegated permission grant.',
  'Add service principal.',
  'AnonymousLinkCreated',
  'AnonymousLinkUsed',
  'SharingInvitationCreated',
  'SecureLinkCreated',
  'AddedToSecureLink',
  'CompanyLinkCreated',
]);
/** Owners reading their own mailbox is not a follow-up; reading someone else's is. */
const OWNER_OPERATIONS = new Set(['MailItemsAccessed', 'MailboxLogin']);

export const signInNewAddress: Rule = {
  id: 'sign-in-from-new-address',
  title: 'Sign-in from an address new to the tenant',
  techniques: ['T1078.004'],
  correspondsTo: ['Elastic / Sentinel new_terms sign-in rules (source.ip per user)', 'Hawk: sign-in IP review'],
  run(ctx: AnalysisContext): FindingDraft[] {
    const caseStart = firstAuditTime(ctx.db);
    if (caseStart === null) return [];
    const quietUntil = Date.parse(caseStart) + DAY;
    const firstByIp = ctx.addressFirstSeen();
    const accountsByIp = ctx.accountsByAddress();
    const accountFirst = ctx.accountFirstSeen();
    const out: FindingDraft[] = [];
    for (const [ip, first] of firstByIp) {
      const firstMs = Date.parse(first);
      const accounts = accountsByIp.get(ip) ?? new Set<string>();
      if (firstMs < quietUntil || ctx.isCommonEgress(ip)) continue;
      const signIns = operationsFromAddress(ctx.db, ip, SIGN_INS).filter((r) => r.actor && !isFailure(r.result));
      if (signIns.length === 0) continue;
      const until = new Date(firstMs + FOLLOW_WINDOW).toISOString();
      const follow = activityFromAddress(ctx.db, ip, first, until, 5_000).filter(
        (f) => FOLLOW_UPS.has(f.operation) && !(OWNER_OPERATIONS.has(f.operation) && f.actor === f.target),
      );
      const signedIn = [...new Set(signIns.map((r) => r.actor!))].sort();
      // Accounts with history elsewhere that then appear from here; a brand-new account is weaker evidence.
      const withHistory = signedIn.filter((a) => (accountFirst.get(a) ?? first) < first);
      if (follow.length === 0 && withHistory.length < 2) continue;

      const s = new SeverityScore('low');
      if (follow.length)
        s.raise(
          `followed from the same address by ${[...new Set(follow.map((f) => f.operation))].slice(0, 8).join(', ')}`,
          2,
        );
      if (signedIn.length > 1)
        s.raise(`${signedIn.length} accounts signed in from this address: ${signedIn.join(', ')}`);
      const everyone = [...new Set([...signedIn, ...accounts])].sort();
      // Whose mailboxes the address reached: the victims the responder must also look at.
      const reached = [
        ...new Set(
          follow
            .map((f) => ctx.mailboxOfRecord(f.id) ?? f.target)
            .filter((t): t is string => !!t && t.includes('@') && !/[\\/]/.test(t) && !everyone.includes(t)),
        ),
      ].sort();
      out.push({
        id: stableId('sign-in-from-new-address', ip),
        rule: 'sign-in-from-new-address',
        title:
          `${signedIn.length === 1 ? signedIn[0] : plural(signedIn.length, 'account')} signed in from ${ip}, ` +
          'an address new to the tenant',
        severity: s.severity,
        techniques: ['T1078.004'],
        time: signIns[0]!.time,
        principals: [...everyone, ...reached],
        summary:
          `${signedIn.join(', ')} signed in from ${ip}, first seen at ${first}; no account in the case had used it ` +
          'during the first day of the log' +
          (follow.length
            ? `, and ${plural(follow.length, 'mailbox, permission or sharing operation')} followed from it`
            : '') +
          '.' +
          (reached.length ? ` Mailboxes reached from it: ${reached.join(', ')}.` : ''),
        details: {
          clientIp: ip,
          accounts: everyone.join(', '),
          ...(reached.length ? { mailboxesReached: reached.join(', ') } : {}),
          signIns: String(signIns.length),
          followUps: String(follow.length),
          actions: follow
            .slice(0, 200)
            .map((f) => {
              // The mailbox as analysis resolved it: an inbox rule's record names its object path.
              const on = ctx.mailboxOfRecord(f.id) ?? f.target;
              return `${f.time} ${f.operation} by ${f.actor ?? '?'}${on ? ` on ${on}` : ''}`;
            })
            .join('; '),
          severityReasons: s.reasons.join('; '),
          correspondsTo: 'Elastic / Sentinel new_terms sign-in rules (source.ip per user); Hawk: sign-in IP review',
        },
        refs: [
          ...signIns.map((r) => ({ source: 'audit' as const, id: r.id })),
          ...follow.map((f) => ({ source: 'audit' as const, id: f.id })),
        ],
      });
    }
    return out;
  },
};
