/**
 * Risky access standing in permission dumps, one finding per entry: Default/Anonymous able to read
 * a folder, trustees outside the tenant, applications holding mail permissions. Forwarding and
 * ActiveSync devices seen in dumps are reported by their own rules.
 */
import { edgeKey } from '../../analysis/delegation/graph.js';
import { isApprovedDelegate } from '../../analysis/settings.js';
import type { AnalysisContext } from '../../analysis/context.js';
import { grantsFolderRead } from '../../exchange/folders.js';
import { reachesMail } from '../../exchange/mail-scopes.js';
import { changeRef, type DelegationChange } from '../../records/delegation.js';
import type { FindingDraft } from '../../records/findings.js';
import type { Rule } from '../rule.js';
import { stableId } from '../send-common.js';
import { SeverityScore } from '../severity.js';
import { stateTimeOf, timeBasisDetail } from './state-time.js';

const CORRESPONDS = [
  'Mandiant AADI: Default/Anonymous folder permissions',
  'CrowdStrike CRT: delegates and forwarding report',
  'ExchangeHound: non-owner access hunts',
];

/** Why an entry is risky, or null. Exported for the reconciliation rules, which skip risky entries. */
export function standingRisk(c: DelegationChange, ctx: AnalysisContext): SeverityScore | null {
  if (c.kind === 'folder' && /^(default|anonymous|everyone)$/i.test(c.trustee) && grantsFolderRead(c.rights))
    return new SeverityScore('high').raise(`${c.trustee} can read the ${c.folder ?? ''} folder`, 0);
  if ((c.kind === 'app-role' || c.kind === 'delegated-grant') && reachesMail(c.rights))
    return new SeverityScore(c.mailbox === '*' ? 'high' : 'medium').raise(
      `${c.trustee.replace(/^app:/, '')} holds ${c.rights.join(', ')}`,
      0,
    );
  if (['mailbox', 'send-as', 'send-on-behalf', 'folder'].includes(c.kind) && ctx.tenant.isExternal(c.trustee))
    return new SeverityScore('high').raise(`the trustee ${c.trustee} is outside the tenant`, 0);
  return null;
}

export const standingAccess: Rule = {
  id: 'standing-delegation',
  title: 'Risky delegation standing in permission dumps',
  techniques: ['T1098.002'],
  correspondsTo: CORRESPONDS,
  run(ctx) {
    const out: FindingDraft[] = [];
    const audited = new Set(ctx.changes.filter((c) => c.action === 'grant').map(edgeKey));
    for (const c of ctx.changes) {
      if (c.action !== 'observed' || c.permissionId === null) continue;
      const s = standingRisk(c, ctx);
      if (!s || isApprovedDelegate(ctx.settings, c.trustee, c.mailbox)) continue;
      const unexplained = !audited.has(edgeKey(c));
      if (unexplained)
        s.reasons.push('= no grant in the audit log: granted before the log window or by an unaudited path');
      const when = stateTimeOf(ctx, c);
      out.push({
        id: stableId('standing-delegation', edgeKey(c)),
        rule: 'standing-delegation',
        title:
          `${c.trustee.replace(/^app:/, 'application ')} has ${c.kind} ${c.rights.join(', ')}` +
          `${c.folder ? ` on ${c.folder}` : ''} ${c.mailbox === '*' ? 'across the tenant' : `on ${c.mailbox}`}`,
        severity: s.severity,
        techniques: ['T1098.002'],
        time: when.time,
        principals: [c.trustee, c.mailbox].filter((x) => x !== '*'),
        summary:
          `A permission dump shows ${c.kind} access (${c.rights.join(', ')}) of ${c.trustee} ` +
          `${c.mailbox === '*' ? 'to all mailboxes' : `to ${c.mailbox}`}` +
          `${unexplained ? '; the audit log has no grant for it' : ''}.`,
        details: {
          kind: c.kind,
          rights: c.rights.join(', '),
          mailbox: c.mailbox,
          trustee: c.trustee,
          auditedGrant: unexplained ? 'none' : 'yes',
          ...timeBasisDetail(when, c),
          severityReasons: s.reasons.join('; '),
          correspondsTo: CORRESPONDS.join('; '),
        },
        refs: [changeRef(c)!],
      });
    }
    return out;
  },
};
