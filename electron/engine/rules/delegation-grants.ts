/**
 * Grants of mailbox access seen in the audit log, one finding per grant, severity from context:
 * mailbox-level rights, folder rights, tenant-wide access (impersonation, application permissions
 * and consents that reach mail), ActiveSync devices, and forwarding.
 */
import crypto from 'node:crypto';
import type { Severity } from '../../../shared/domain.js';
import type { AnalysisContext } from '../analysis/context.js';
import type { DelegationChange, EdgeKind } from '../records/delegation.js';
import { UseIndex } from '../analysis/use-index.js';
import { GrantFactsBuilder, interval, type GrantFacts } from './grant-facts.js';
import type { Rule } from './rule.js';
import type { FindingDraft, SourceRef } from '../records/findings.js';
import { SeverityScore } from './severity.js';
import { grantsFolderRead, isCalendarLikeFolder, isMailRootFolder, isPseudoPrincipal } from '../exchange/folders.js';
import { reachesMail } from '../exchange/mail-scopes.js';
import { isSystemActor } from '../exchange/system-actors.js';
import { auditRecordMeta } from '../store/analysis-reads.js';

interface GrantRuleSpec {
  id: string;
  title: string;
  techniques: string[];
  correspondsTo: string[];
  kinds: EdgeKind[];
  /** Which grants this rule reports, and at what base severity (null = not reported). */
  assess(c: DelegationChange, ctx: AnalysisContext, score: (base: Severity) => SeverityScore): SeverityScore | null;
  describe(c: DelegationChange): { title: string; what: string };
}

const rights = (c: DelegationChange) => c.rights.join(', ') || '(unspecified)';

const specs: GrantRuleSpec[] = [
  {
    id: 'mailbox-delegation-granted',
    title: 'Mailbox delegation granted',
    techniques: ['T1098.002'],
    correspondsTo: [
      'Elastic: M365 Exchange Mailbox High-Risk Permission Delegated',
      'Splunk: O365 Elevated Mailbox Permission Assigned',
      'Sentinel: Rare and potentially high-risk Office operations',
      'Hawk: Get-HawkTenantAdminMailboxPermissionChange',
    ],
    kinds: ['mailbox', 'send-as', 'send-on-behalf'],
    assess(c, _ctx, score) {
      // The Discovery provisioning grant never reaches rules: the analysis pipeline drops it
      // (exchange/system-actors.ts).
      const s = score('medium');
      if (c.rights.some((r) => /^change(permission|owner)$/i.test(r)))
        s.raise('the rights let the holder change the mailbox permissions (ChangePermission/ChangeOwner)');
      if (/^false$/i.test(c.detail.autoMapping ?? ''))
        s.raise("AutoMapping False: the mailbox will not appear in the delegate's Outlook");
      return s;
    },
    describe: (c) => ({
      title: `${rights(c)} on ${c.mailbox} granted to ${c.trustee}`,
      what: `${rights(c)} on ${c.mailbox} to ${c.trustee}`,
    }),
  },
  {
    id: 'folder-delegation-granted',
    title: 'Mailbox folder permission granted',
    techniques: ['T1098.002'],
    correspondsTo: [
      'Splunk: O365 Mailbox Folder Read Permission Assigned / Granted',
      'Splunk: O365 Mailbox Inbox Folder Shared with All Users',
      'Mandiant AADI: Default/Anonymous folder permissions',
      'CIPP BEC check (AddFolderPermissions, UpdateCalendarDelegation)',
    ],
    kinds: ['folder'],
    assess(c, _ctx, score) {
      if (!grantsFolderRead(c.rights)) return null;
      const calendarLike = isCalendarLikeFolder(c.folder);
      const s = score(calendarLike ? 'low' : 'medium');
      if (isPseudoPrincipal(c.trustee))
        s.raise(
          `granted to ${c.trustee}: every user` +
            (c.trustee === 'Anonymous' ? ' and unauthenticated callers' : '') +
            ' can read it',
          2,
        );
      if (isMailRootFolder(c.folder) && !calendarLike)
        s.raise(`the ${c.folder ?? 'top-level'} folder holds the mailbox's mail`);
      if (calendarLike && c.actor === c.mailbox && !isPseudoPrincipal(c.trustee))
        s.lower('the owner shared their own calendar');
      return s;
    },
    describe: (c) => ({
      title: `${rights(c)} on ${c.mailbox}:\\${c.folder ?? ''} granted to ${c.trustee}`,
      what: `${rights(c)} on folder ${c.folder ?? '(top)'} of ${c.mailbox} to ${c.trustee}`,
    }),
  },
  {
    id: 'tenant-wide-mail-access-granted',
    title: 'Tenant-wide mailbox access granted to an account or application',
    techniques: ['T1098.002', 'T1098.003'],
    correspondsTo: [
      'Splunk: O365 ApplicationImpersonation Role Assigned',
      'Splunk: O365 FullAccessAsApp / Mailbox Read Access Granted to Application',
      'Sentinel: Mail.Read Permissions Granted to Application; full_access_as_app Granted To Application',
      'Elastic: M365 Exchange Management Group Role Assigned',
    ],
    kinds: ['impersonation', 'app-role', 'delegated-grant'],
    assess(c, _ctx, score) {
      if (c.kind !== 'impersonation' && !reachesMail(c.rights)) return null;
      const s = score('high');
      if (c.mailbox === '*') s.reasons.push('= reaches every mailbox in the tenant');
      if (c.rights.some((r) => /^(full_access_as_app|mail\.readwrite|mail\.send)$/i.test(r)))
        s.raise('read-write or send access to all mail');
      return s;
    },
    describe: (c) => ({
      title:
        `${c.trustee.replace(/^app:/, 'application ')} granted ${rights(c)}` +
        (c.mailbox === '*' ? ' on all mailboxes' : ` for ${c.mailbox}`),
      what: `${rights(c)} to ${c.trustee}${c.detail.resource ? ` on ${c.detail.resource}` : ''}`,
    }),
  },
  {
    id: 'activesync-device-allowed',
    title: 'ActiveSync device allowed on a mailbox',
    techniques: ['T1098.002'],
    correspondsTo: ['Elastic: New ActiveSyncAllowedDeviceID Added via PowerShell'],
    kinds: ['activesync-device'],
    assess(c, _ctx, score) {
      const s = score('medium');
      if (c.actor && c.actor !== c.mailbox) s.raise('added by an account other than the mailbox owner');
      return s;
    },
    describe: (c) => ({
      title: `ActiveSync device ${c.trustee} allowed on ${c.mailbox}`,
      what: `device ${c.trustee} on ${c.mailbox}`,
    }),
  },
  {
    id: 'mail-forwarding-set',
    title: 'Mail forwarding set up',
    techniques: ['T1114.003'],
    correspondsTo: [
      'Elastic: M365 Exchange Inbox Forwarding Rule Created',
      'Splunk: O365 Mailbox Email Forwarding Enabled',
      'Sentinel: Multiple users email forwarded to same destination',
      'Panther: Microsoft Exchange External Forwarding',
    ],
    kinds: ['forwarding'],
    assess(c, ctx, score) {
      const domain = c.trustee.includes('@') ? c.trustee.slice(c.trustee.lastIndexOf('@') + 1) : null;
      if (domain && ctx.settings.allowedForwardingDomains.includes(domain))
        return score('info').cap('info', `forwarding to ${domain} is allowed in the case settings`);
      const external = ctx.tenant.isExternal(c.trustee);
      const s = score(external ? 'high' : 'low');
      if (external) s.reasons.push(`= the destination ${c.trustee} is outside the tenant`);
      if (c.detail.via === 'inbox-rule')
        s.reasons.push(`= through inbox rule ${JSON.stringify(c.detail.ruleName ?? '')}`);
      return s;
    },
    describe: (c) => ({
      title:
        `Mail of ${c.mailbox} forwarded to ${c.trustee}` + (c.detail.via === 'inbox-rule' ? ' by an inbox rule' : ''),
      what: `forwarding of ${c.mailbox} to ${c.trustee} (${rights(c)})`,
    }),
  },
];

function grantFinding(
  spec: GrantRuleSpec,
  c: DelegationChange,
  facts: GrantFacts,
  s: SeverityScore,
  recordId: string,
): FindingDraft {
  if (facts.external && spec.kinds[0] !== 'forwarding' && !c.trustee.startsWith('app:'))
    s.raise(`the trustee ${c.trustee} is outside the tenant`);
  if (facts.trusteeCreatedRecently) s.raise('the trustee account was created in the 7 days before the grant');
  if (facts.newIp)
    s.raise(`made from ${c.clientIp}, an address neither this account nor any other in the case had used before`);
  if (facts.offHours) s.raise('made outside business hours (case time zone)');
  if (facts.firstTimeGranter) s.reasons.push(`= first grant by ${c.actor} in the case history`);
  if (facts.uses.length > 0)
    s.raise(
      `used ${interval(c.time ?? '', facts.uses[0]!.row.time)} later ` +
        `(${facts.uses.length} use record${facts.uses.length === 1 ? '' : 's'})`,
    );
  if (facts.removal)
    s.raise(`removed again ${interval(c.time ?? '', facts.removal.time ?? '')} later (possible cover-up)`);
  if (facts.knownAdmin && !facts.offHours && !facts.external && facts.uses.length === 0)
    s.lower(`${c.actor} is a known admin and the grant was routine`);
  if (facts.approved) s.cap('info', `${c.trustee} is an approved delegate in the case settings`);
  if (!c.succeeded) s.cap('low', 'the cmdlet failed');

  const { title, what } = spec.describe(c);
  const refs: SourceRef[] = [{ source: 'audit', id: c.auditEventId! }];
  if (facts.appAdded) {
    s.raise(
      `the application was added to the tenant ${interval(facts.appAdded.time, c.time ?? '')} earlier ` +
        `by ${facts.appAdded.actor ?? '?'}`,
      0,
    );
    refs.push({ source: 'audit', id: facts.appAdded.id });
  }
  if (facts.uses[0]) refs.push({ source: 'audit', id: facts.uses[0].row.id });
  if (facts.removal?.auditEventId) refs.push({ source: 'audit', id: facts.removal.auditEventId });
  const actor = c.actor ?? '(unknown actor)';
  const details: Record<string, string> = {
    operation: c.detail.operation ?? '',
    rights: rights(c),
    mailbox: c.mailbox,
    trustee: c.trustee,
    actor,
    result: c.succeeded ? 'succeeded' : 'failed',
    severityReasons: s.reasons.join('; '),
    correspondsTo: spec.correspondsTo.join('; '),
  };
  if (c.folder) details.folder = c.folder;
  if (c.clientIp) details.clientIp = c.clientIp;
  if (c.detail.autoMapping) details.autoMapping = c.detail.autoMapping;
  if (facts.uses[0]) details.firstUse = `${facts.uses[0].row.time} (${facts.uses[0].row.operation})`;
  if (facts.removal) details.removed = facts.removal.time ?? '';
  return {
    id: `${spec.id}:${crypto
      .createHash('sha256')
      .update(`${recordId}|${c.kind}|${c.trustee}|${c.folder ?? ''}`)
      .digest('hex')
      .slice(0, 16)}`,
    rule: spec.id,
    title: c.succeeded ? title : `${title} (failed)`,
    severity: s.severity,
    techniques: spec.techniques,
    time: c.time ?? '',
    principals: [
      ...new Set([c.actor, c.mailbox === '*' ? null : c.mailbox, c.trustee].filter((x): x is string => !!x)),
    ],
    summary:
      `${actor} ${c.succeeded ? 'granted' : 'attempted to grant (failed)'} ${what}` +
      (c.clientIp ? ` from ${c.clientIp}` : '') +
      '.' +
      (facts.uses[0] ? ` First use ${interval(c.time ?? '', facts.uses[0].row.time)} later.` : '') +
      (facts.removal ? ` Removed ${interval(c.time ?? '', facts.removal.time ?? '')} after the grant.` : ''),
    details,
    refs,
  };
}

function makeRule(spec: GrantRuleSpec): Rule {
  return {
    id: spec.id,
    title: spec.title,
    techniques: spec.techniques,
    correspondsTo: spec.correspondsTo,
    run(ctx) {
      // One finding per grant: access a group member gets through a group grant is shown in the graph, not re-reported.
      const grants = ctx.changes.filter(
        (c) => c.action === 'grant' && c.auditEventId !== null && spec.kinds.includes(c.kind) && !c.detail.viaGroup,
      );
      if (grants.length === 0) return [];
      const facts = ctx.memo(
        'grant-facts',
        () =>
          new GrantFactsBuilder(
            ctx,
            ctx.memo('use-index', () => new UseIndex(ctx)),
          ),
      );
      const records = auditRecordMeta(
        ctx.db,
        grants.map((g) => g.auditEventId!),
      );
      const out: FindingDraft[] = [];
      for (const c of grants) {
        const rec = records.get(c.auditEventId!);
        if (!rec || isSystemActor(c.actor, rec.userType)) continue;
        const s = spec.assess(c, ctx, (base) => new SeverityScore(base));
        if (!s) continue;
        out.push(
          grantFinding(
            spec,
            { ...c, detail: { ...c.detail, operation: rec.operation } },
            facts.facts(c),
            s,
            rec.recordId,
          ),
        );
      }
      return out;
    },
  };
}

export const grantRules: readonly Rule[] = specs.map(makeRule);
