/**
 * Grants of mailbox access and forwarding seen in the audit log, one finding per grant, severity
 * from context (grant-facts.ts): whether it was used and how soon, removed again, made out of
 * hours, from a new address, by a first-time granter, to an external or fresh trustee.
 */
import type { DelegationChange } from '../../records/delegation.js';
import type { FindingDraft, SourceRef } from '../../records/findings.js';
import { isSystemActor } from '../../exchange/system-actors.js';
import { auditRecordMeta } from '../../store/analysis-reads.js';
import type { Rule } from '../rule.js';
import { stableId } from '../send-common.js';
import { SeverityScore } from '../severity.js';
import { SEVERITIES } from '../../../../shared/domain.js';
import { accessSpecs } from './access-specs.js';
import { forwardingSpec } from './forwarding-spec.js';
import { grantFacts, type GrantFacts } from './grant-facts.js';
import { interval } from '../wording.js';
import { rightsOf as rights, type GrantRuleSpec } from './spec.js';

function grantFinding(
  spec: GrantRuleSpec,
  c: DelegationChange,
  facts: GrantFacts,
  s: SeverityScore,
  recordId: string,
  /** Every destination the record named (an inbox rule forwarding to several addresses). */
  trustees: readonly string[] = [c.trustee],
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
  // Routine work: nothing beyond the grant itself and its ordinary use raises it.
  const raised =
    facts.offHours || facts.external || facts.newIp || facts.removal !== null || facts.trusteeCreatedRecently;
  const stealthy = s.reasons.some((r) => /AutoMapping False|ChangePermission/.test(r));
  if (facts.routine && !raised && !stealthy) s.cap('low', facts.routine);
  if (facts.approved) s.cap('info', `${c.trustee} is an approved delegate in the case settings`);
  if (!c.succeeded) s.cap('low', 'the cmdlet failed');

  const named =
    trustees.length <= 3 ? trustees.join(', ') : `${trustees.slice(0, 3).join(', ')} and ${trustees.length - 3} more`;
  const { title, what } = spec.describe({ ...c, trustee: named });
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
    trustee: trustees.join('; '),
    actor,
    result: c.succeeded ? 'succeeded' : 'failed',
    severityReasons: s.reasons.join('; '),
    correspondsTo: spec.correspondsTo.join('; '),
  };
  if (c.folder) details.folder = c.folder;
  if (c.detail.scope) details.scope = c.detail.scope;
  if (c.clientIp) details.clientIp = c.clientIp;
  if (c.detail.autoMapping) details.autoMapping = c.detail.autoMapping;
  if (facts.uses[0]) details.firstUse = `${facts.uses[0].row.time} (${facts.uses[0].row.operation})`;
  if (facts.removal) details.removed = facts.removal.time ?? '';
  return {
    id: stableId(spec.id, recordId, c.kind, trustees.join(';'), c.folder ?? ''),
    rule: spec.id,
    title: c.succeeded ? title : `${title} (failed)`,
    severity: s.severity,
    techniques: spec.techniques,
    time: c.time ?? '',
    principals: [
      ...new Set(
        [
          c.actor,
          c.mailbox === '*' ? null : c.mailbox,
          ...(c.detail.scopeAddresses?.split(';') ?? []),
          ...trustees,
        ].filter((x): x is string => !!x),
      ),
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
      const facts = ctx.memo('grant-facts', () => grantFacts(ctx));
      const records = auditRecordMeta(
        ctx.db,
        grants.map((g) => g.auditEventId!),
      );
      // One record can send to several destinations (an inbox rule forwarding to four addresses, a mail flow rule
      // Bcc-copying two): one action, so one finding naming them all, at the severity of the worst.
      const groups = new Map<string, Array<{ c: DelegationChange; s: SeverityScore; recordId: string }>>();
      for (const c of grants) {
        const rec = records.get(c.auditEventId!);
        if (!rec || isSystemActor(c.actor, rec.userType)) continue;
        const s = spec.assess(c, ctx, (base) => new SeverityScore(base));
        if (!s) continue;
        const key = [c.auditEventId, c.kind, c.mailbox, c.folder ?? '', c.inboxRuleId ?? '', c.rights.join()].join('|');
        const entry = { c: { ...c, detail: { ...c.detail, operation: rec.operation } }, s, recordId: rec.recordId };
        const group = groups.get(key);
        if (group) group.push(entry);
        else groups.set(key, [entry]);
      }
      const out: FindingDraft[] = [];
      for (const group of groups.values()) {
        const worst = group.reduce((a, b) =>
          SEVERITIES.indexOf(b.s.severity) > SEVERITIES.indexOf(a.s.severity) ? b : a,
        );
        const trustees = [...new Set(group.map((g) => g.c.trustee))];
        out.push(grantFinding(spec, worst.c, facts.facts(worst.c), worst.s, worst.recordId, trustees));
      }
      return out;
    },
  };
}

export const grantRules: readonly Rule[] = [...accessSpecs, forwardingSpec].map(makeRule);
