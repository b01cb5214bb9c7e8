/**
 * Mail read by an application with its own identity (ClientAppId not a Microsoft first-party
 * client): the use side of app roles and consents. One finding per application, listing the
 * mailboxes it read and linking the permission grants that enabled it.
 */
import crypto from 'node:crypto';
import type { AnalysisContext } from '../analysis/context.js';
import type { Rule } from './rule.js';
import type { FindingDraft } from '../records/findings.js';
import { SeverityScore } from './severity.js';

/** Microsoft first-party clients that read mail on a user's behalf every day. */
const FIRST_PARTY = new Set([
  '00000002-0000-0ff1-ce00-000000000000', // Office 365 Exchange Online
  '00000003-0000-0000-c000-000000000000', // Microsoft Graph (as resource)
  'd3590ed6-52b3-4102-aeff-aad2292ab01c', // Microsoft Office
  '27922004-5251-4030-b22d-91ecd9a37ea4', // Outlook Mobile
  '5d661950-3475-41cd-a2c3-d671a3162bc1', // Outlook
  '9199bf20-a13f-4107-85dc-02114787ef48', // One Outlook Web
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // Microsoft Teams
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', // Microsoft Teams Web Client
  '4765445b-32c6-49b0-83e6-1d93765276ca', // OfficeHome
  '00000006-0000-0ff1-ce00-000000000000', // Microsoft Office 365 Portal
]);

export const appMailAccess: Rule = {
  id: 'app-mail-access',
  title: 'Mail read by a third-party application',
  techniques: ['T1114.002'],
  correspondsTo: [
    'Elastic: M365 Exchange Mailbox Accessed by Unusual Client',
    'Splunk: O365 Multiple Mailboxes Accessed via API; O365 OAuth App Mailbox Access via Graph API / EWS',
    'Sparrow: MailItemsAccessed by suspicious AppIds',
  ],
  run(ctx: AnalysisContext): FindingDraft[] {
    const byApp = new Map<string, ReturnType<AnalysisContext['audit']>>();
    for (const row of ctx.audit(['MailItemsAccessed'], { withClientAppOnly: true })) {
      const app = typeof row.data.ClientAppId === 'string' ? row.data.ClientAppId.trim().toLowerCase() : '';
      if (!app || FIRST_PARTY.has(app)) continue;
      const list = byApp.get(app) ?? [];
      list.push(row);
      byApp.set(app, list);
    }
    const out: FindingDraft[] = [];
    for (const [app, rows] of byApp) {
      const mailboxes = [...new Set(rows.map((r) => r.target).filter((m): m is string => !!m))].sort();
      const grants = ctx.changes.filter(
        (c) =>
          c.action === 'grant' &&
          (c.kind === 'app-role' || c.kind === 'delegated-grant') &&
          (c.detail.appId?.toLowerCase() === app || c.trustee.toLowerCase() === `app:${app}`),
      );
      const s = new SeverityScore('medium');
      if (grants.length)
        s.raise(
          `the application was granted ${[...new Set(grants.flatMap((g) => g.rights))].join(', ')} in the case ` +
            `(${grants[0]!.time} by ${grants[0]!.actor ?? '?'})`,
        );
      if (mailboxes.length >= 3) s.raise(`${mailboxes.length} mailboxes read`);
      const name = grants[0]?.trustee.replace(/^app:/, '') ?? app;
      out.push({
        id: `app-mail-access:${crypto.createHash('sha256').update(app).digest('hex').slice(0, 16)}`,
        rule: this.id,
        title: `Application ${name} read ${mailboxes.length} mailbox${mailboxes.length === 1 ? '' : 'es'}`,
        severity: s.severity,
        techniques: this.techniques,
        time: rows[0]!.time,
        principals: [`app:${name}`, ...mailboxes],
        summary:
          `Client application ${app}${name !== app ? ` (${name})` : ''} accessed mail ${rows.length} times ` +
          `from ${rows[0]!.time} to ${rows[rows.length - 1]!.time} in ${mailboxes.join(', ')}.`,
        details: {
          clientAppId: app,
          application: name,
          mailboxes: mailboxes.join(', '),
          records: String(rows.length),
          severityReasons: s.reasons.join('; '),
          correspondsTo: this.correspondsTo.join('; '),
        },
        refs: [
          ...grants
            .filter((g) => g.auditEventId !== null)
            .map((g) => ({ source: 'audit' as const, id: g.auditEventId! })),
          ...rows.map((r) => ({ source: 'audit' as const, id: r.id })),
        ],
      });
    }
    return out;
  },
};
