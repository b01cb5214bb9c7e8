/**
 * Use of another person's mailbox: a delegate reading it (MailItemsAccessed, MailboxLogin and
 * item records with a non-owner logon) or sending as / on behalf of it (SendAs, SendOnBehalf).
 * One finding per delegate and mailbox, with counts and first/last times; grants on the pair are
 * linked (dwell time) and the pair's severity follows whether any evidence explains the access.
 */
import crypto from 'node:crypto';
import type { AnalysisContext } from '../analysis/context.js';
import { isApprovedDelegate, isBusinessHours } from '../analysis/settings.js';
import { grantFacts } from './grants/grant-facts.js';
import { UseIndex, type UseRecord } from '../analysis/use-index.js';
import { interval } from './wording.js';
import type { Rule } from './rule.js';
import type { FindingDraft, SourceRef } from '../records/findings.js';
import { SeverityScore } from './severity.js';
import { isSystemActor } from '../exchange/system-actors.js';
import { recipientsOfMessages } from '../store/analysis-reads.js';

/** Elastic's threshold for excessive MailItemsAccessed (OperationCount >= 100 or throttled). */
const EXCESSIVE_OPERATIONS = 100;

function operationCount(u: UseRecord): number {
  const n = u.row.data.OperationCount;
  return typeof n === 'number' && n > 0 ? n : 1;
}

function throttled(u: UseRecord): boolean {
  const props = u.row.data.OperationProperties;
  return (
    Array.isArray(props) &&
    (props as Array<{ Name?: string; Value?: unknown }>).some(
      (p) => p.Name === 'IsThrottled' && String(p.Value).toLowerCase() === 'true',
    )
  );
}

function useRule(kind: UseRecord['kind']): Rule {
  const reading = kind === 'read';
  const id = reading ? 'delegate-mailbox-access' : 'delegate-sent-as-mailbox';
  return {
    id,
    title: reading ? 'Mailbox read by another account' : 'Mail sent as or on behalf of another mailbox',
    techniques: reading ? ['T1114.002'] : ['T1098.002', 'T1534'],
    correspondsTo: reading
      ? [
          "Sentinel: Anomalous access to other users' mailboxes; Non-owner mailbox login activity",
          'Defender: Anomaly of MailItemAccess by Other Users Mailbox [Nobelium]',
          'Elastic: M365 Exchange Mailbox Items Accessed Excessively',
        ]
      : [
          'Splunk: O365 Email Send Attachments Excessive Volume (sender resolution)',
          'no public rule scores delegated sending',
        ],
    run(ctx: AnalysisContext): FindingDraft[] {
      const index = ctx.memo('use-index', () => new UseIndex(ctx));
      const out: FindingDraft[] = [];
      for (const pair of index.pairs()) {
        const uses = pair.uses.filter((u) => u.kind === kind && !isSystemActor(u.delegate, u.row.userType));
        if (uses.length === 0) continue;
        const first = uses[0]!;
        const last = uses[uses.length - 1]!;
        const grants = ctx.changes.filter(
          (c) =>
            c.action === 'grant' &&
            c.trustee === pair.delegate &&
            (c.mailbox === pair.mailbox || c.mailbox === '*') &&
            c.succeeded,
        );
        const grantBefore = grants.filter((g) => (g.time ?? '') <= first.row.time).pop() ?? null;
        const dumpEdge = ctx.changes.some(
          (c) => c.action === 'observed' && c.trustee === pair.delegate && c.mailbox === pair.mailbox,
        );
        const items = uses.reduce((n, u) => n + operationCount(u), 0);
        // A grant made as routine admin work (grant-facts.ts) explains its use the way a standing
        // permission does: an assistant sending on behalf of the manager the help desk set up.
        const routineGrant =
          grantBefore?.auditEventId != null
            ? ctx.memo('grant-facts', () => grantFacts(ctx)).facts(grantBefore).routine
            : null;
        const explained = dumpEdge || routineGrant !== null;

        const s = new SeverityScore('low');
        if (!grantBefore && !dumpEdge) s.raise('no grant or permission entry in the evidence explains this access');
        if (grantBefore?.auditEventId && !routineGrant)
          s.raise(
            `follows a grant on this mailbox by ${grantBefore.actor ?? 'an unknown actor'} ` +
              `(${interval(grantBefore.time ?? '', first.row.time)} earlier)`,
          );
        if (routineGrant) s.reasons.push(`= the grant before it was routine: ${routineGrant}`);
        if (ctx.tenant.isExternal(pair.delegate)) s.raise(`${pair.delegate} is outside the tenant`);
        if (reading && (items >= EXCESSIVE_OPERATIONS || uses.some(throttled)))
          s.raise(`${items} items accessed${uses.some(throttled) ? ', throttled by the service' : ''}`);
        const offHours = uses.some((u) => !isBusinessHours(u.row.time, ctx.settings));
        if (!reading && (!explained || offHours))
          s.raise('sending as another mailbox is how internal phishing reaches colleagues');
        if (offHours) s.reasons.push('= some of it outside business hours (case time zone)');
        if (isApprovedDelegate(ctx.settings, pair.delegate, pair.mailbox))
          s.cap('info', `${pair.delegate} is an approved delegate of ${pair.mailbox}`);

        const ops = [...new Set(uses.map((u) => u.row.operation))].join(', ');
        const subjects = reading
          ? []
          : [
              ...new Set(
                uses
                  .map((u) => (u.row.data.Item as { Subject?: string } | undefined)?.Subject)
                  .filter((x): x is string => !!x),
              ),
            ].slice(0, 5);
        const refs: SourceRef[] = [
          ...(grantBefore?.auditEventId ? [{ source: 'audit' as const, id: grantBefore.auditEventId }] : []),
          ...uses.map((u) => ({ source: 'audit' as const, id: u.row.id })),
        ];
        const details: Record<string, string> = {
          delegate: pair.delegate,
          mailbox: pair.mailbox,
          operations: ops,
          records: String(uses.length),
          first: first.row.time,
          last: last.row.time,
          severityReasons: s.reasons.join('; '),
          correspondsTo: this.correspondsTo.join('; '),
        };
        if (reading) details.itemsAccessed = String(items);
        if (subjects.length) details.subjects = subjects.join(' | ');
        if (grantBefore)
          details.grant =
            `${grantBefore.time} by ${grantBefore.actor ?? '?'} ` +
            `(${grantBefore.kind}: ${grantBefore.rights.join(', ')})`;
        // Who received the mail sent as the mailbox: message trace rows with the same Internet message id.
        const messageIds = reading
          ? []
          : [
              ...new Set(
                uses
                  .map((u) => (u.row.data.Item as { InternetMessageId?: string } | undefined)?.InternetMessageId)
                  .filter((x): x is string => !!x),
              ),
            ];
        const delivered = messageIds.length ? recipientsOfMessages(ctx.db, messageIds) : [];
        const recipients = [...new Set(delivered.map((m) => m.recipient))].sort();
        if (recipients.length) {
          details.recipients = recipients.slice(0, 50).join(', ') + (recipients.length > 50 ? ', …' : '');
          const external = recipients.filter((r) => ctx.tenant.isExternal(r));
          if (external.length)
            s.reasons.push(
              `= ${external.length} external recipient${external.length === 1 ? '' : 's'}: ` +
                external.slice(0, 5).join(', '),
            );
          refs.push(...delivered.map((m) => ({ source: 'message' as const, id: m.id })));
          // The reasons were written into the details before the recipients were known.
          details.severityReasons = s.reasons.join('; ');
        }
        const ips = [...new Set(uses.map((u) => u.row.clientIp).filter((x): x is string => !!x))];
        if (ips.length) details.clientIps = ips.slice(0, 10).join(', ');
        out.push({
          id:
            `${id}:` +
            crypto.createHash('sha256').update(`${pair.delegate}|${pair.mailbox}`).digest('hex').slice(0, 16),
          rule: id,
          title: reading
            ? `${pair.delegate} read mail in ${pair.mailbox}`
            : `${pair.delegate} sent mail as ${pair.mailbox}`,
          severity: s.severity,
          techniques: this.techniques,
          time: first.row.time,
          principals: [pair.delegate, pair.mailbox, ...recipients.slice(0, 50)],
          summary:
            `${pair.delegate} ${reading ? 'accessed' : 'sent from'} ${pair.mailbox}: ` +
            `${uses.length} record${uses.length === 1 ? '' : 's'} (${ops}) ` +
            `from ${first.row.time} to ${last.row.time}` +
            (grantBefore ? `, ${interval(grantBefore.time ?? '', first.row.time)} after the grant.` : '.'),
          details,
          refs,
        });
      }
      return out;
    },
  };
}

export const delegateUseRules: readonly Rule[] = [useRule('read'), useRule('send')];
