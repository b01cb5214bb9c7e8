/**
 * Granted in the log, absent from a later dump that lists the mailbox's entries of that kind: removed
 * by an unaudited path (possibly a cover-up), or the dump predates the grant.
 */
import { edgeKey } from '../../analysis/delegation/graph.js';
import type { FindingDraft } from '../../records/findings.js';
import { completelyDumped } from '../../store/analysis-reads.js';
import type { Rule } from '../rule.js';
import { stableId } from '../send-common.js';
import { SeverityScore } from '../severity.js';

const RECONCILED_KINDS = new Set(['mailbox', 'send-as', 'send-on-behalf', 'folder', 'forwarding', 'activesync-device']);

export const grantMissingFromDump: Rule = {
  id: 'grant-missing-from-dump',
  title: 'A logged grant is missing from a later dump',
  techniques: ['T1098.002'],
  correspondsTo: ['no public rule reconciles dumps with the log'],
  run(ctx) {
    const out: FindingDraft[] = [];
    const observed = ctx.changes.filter((c) => c.action === 'observed' && c.permissionId !== null);
    // Reconciliation: granted in the log but missing from a dump that lists the mailbox's entries.
    // A dump covers a mailbox for a kind when it lists that mailbox's entries of that kind and did not
    // lose them to a type name at export (then absence proves nothing).
    const dumpCovered = new Set(
      completelyDumped(ctx.db).map((r) => `${r.kind}|${ctx.ids.resolve(r.mailbox) ?? r.mailbox}`.toLowerCase()),
    );
    const observedKeys = new Set(observed.map(edgeKey));
    const removedInLog = new Set(ctx.changes.filter((c) => c.action === 'remove').map(edgeKey));
    for (const c of ctx.changes) {
      if (c.action !== 'grant' || !c.succeeded || c.auditEventId === null) continue;
      // Only what permission and mailbox dumps list can be missing from them: forwarding by inbox rule
      // or mail flow rule, and group members' access, never appear in those dumps.
      if (!RECONCILED_KINDS.has(c.kind) || c.detail.via === 'inbox-rule' || c.detail.viaGroup) continue;
      const k = edgeKey(c);
      if (!dumpCovered.has(`${c.kind}|${c.mailbox}`.toLowerCase()) || observedKeys.has(k) || removedInLog.has(k))
        continue;
      const s = new SeverityScore('medium').raise(
        'the grant is gone from the later dump and the log shows no removal',
        0,
      );
      out.push({
        id: stableId('grant-missing-from-dump', `${k}|${c.time}`),
        rule: 'grant-missing-from-dump',
        title: `${c.kind} grant of ${c.mailbox} to ${c.trustee} is absent from the permission dump`,
        severity: s.severity,
        techniques: ['T1098.002'],
        time: c.time,
        principals: [c.actor, c.mailbox, c.trustee].filter((x): x is string => !!x),
        summary:
          `${c.actor ?? 'Someone'} granted ${c.rights.join(', ')} on ${c.mailbox} to ${c.trustee} at ${c.time}, ` +
          `but a dump listing ${c.mailbox}'s ${c.kind} entries no longer has it and no removal was logged ` +
          '(removed by an unaudited path, or the dump predates the grant).',
        details: {
          kind: c.kind,
          mailbox: c.mailbox,
          trustee: c.trustee,
          severityReasons: s.reasons.join('; '),
          correspondsTo: 'no public rule reconciles dumps with the log',
        },
        refs: [{ source: 'audit', id: c.auditEventId }],
      });
    }
    return out;
  },
};
