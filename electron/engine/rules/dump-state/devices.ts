/**
 * ActiveSync devices allowed on a mailbox that a Get-CASMailbox dump shows with no Set-CASMailbox in
 * the log (APT29 added its own device ids to mailboxes: MITRE T1098.002). Low on its own; the
 * correlation step raises it on mailboxes implicated elsewhere in the case.
 */
import { edgeKey } from '../../analysis/delegation/graph.js';
import { changeRef } from '../../records/delegation.js';
import type { FindingDraft } from '../../records/findings.js';
import type { Rule } from '../rule.js';
import { stableId } from '../send-common.js';
import { SeverityScore } from '../severity.js';
import { stateTimeOf } from './state-time.js';

const CORRESPONDS = 'Elastic: New ActiveSyncAllowedDeviceID Added via PowerShell (the audit-side equivalent)';

export const devicesInDumps: Rule = {
  id: 'activesync-device-allowed',
  title: 'ActiveSync device allowed on a mailbox (dump)',
  techniques: ['T1098.002'],
  correspondsTo: [CORRESPONDS],
  run(ctx) {
    const granted = new Set(ctx.changes.filter((c) => c.action === 'grant').map(edgeKey));
    // Blocked ids are stored as deny entries (they grant nothing), so they are read from the dump rows.
    const blocked = new Set(
      [...ctx.dumps.permissions.values()]
        .filter((p) => p.kind === 'activesync-device' && p.deny === 1 && p.trustee)
        .map((p) => `${ctx.ids.resolve(p.mailbox) ?? p.mailbox}|${p.trustee}`.toLowerCase()),
    );
    const out: FindingDraft[] = [];
    for (const c of ctx.changes) {
      if (c.action !== 'observed' || c.kind !== 'activesync-device') continue;
      if (granted.has(edgeKey(c))) continue;
      const ref = changeRef(c);
      if (!ref) continue;
      const s = new SeverityScore('low');
      s.reasons.push(
        '= no Set-CASMailbox in the audit log adds it: added before the log window or by an unaudited path',
      );
      if (blocked.has(`${c.mailbox}|${c.trustee}`.toLowerCase())) s.cap('info', 'the same device id is also blocked');
      const when = stateTimeOf(ctx, c);
      out.push({
        id: stableId('activesync-device-allowed', 'dump', edgeKey(c)),
        rule: 'activesync-device-allowed',
        title: `ActiveSync device ${c.trustee} allowed on ${c.mailbox} (dump)`,
        severity: s.severity,
        techniques: ['T1098.002'],
        time: when.time,
        principals: [c.mailbox],
        summary:
          `A Get-CASMailbox dump lists ActiveSync device ${c.trustee} as allowed on ${c.mailbox}; ` +
          'the audit log has no change adding it. A device id on the allow list syncs the mailbox without ' +
          'further approval.',
        details: {
          device: c.trustee,
          mailbox: c.mailbox,
          timeBasis: when.basis,
          severityReasons: s.reasons.join('; '),
          correspondsTo: CORRESPONDS,
        },
        refs: [ref],
      });
    }
    return out;
  },
};
