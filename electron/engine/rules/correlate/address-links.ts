/**
 * One attacker, one story, by address. A sign-in from a new address is kept when what followed
 * from it is itself a finding (its severity then follows that finding) or when several accounts
 * used it; addresses behind loud findings have every account seen from them named and everything
 * done from them gathered; sharing links made or used from such an address are findings of their own.
 */
import type { AnalysisContext } from '../../analysis/context.js';
import type { FindingDraft, SourceRef } from '../../records/findings.js';
import {
  auditRecordMeta,
  operationsFromAddress,
  operationsOnTargets,
  sharingTargets,
} from '../../store/analysis-reads.js';
import { stableId } from '../send-common.js';
import { FOLLOW_UPS } from '../sign-in-new-address.js';
import { plural } from '../wording.js';
import { isLoud, raiseTo, rank } from './drafts.js';

const SIGN_IN_RULE = 'sign-in-from-new-address';

/** SharePoint / OneDrive sharing that hands files to people outside the tenant or to anyone with the link. */
export const SHARING_OPERATIONS = [
  'AnonymousLinkCreated',
  'AnonymousLinkUpdated',
  'AnonymousLinkUsed',
  'SharingInvitationCreated',
  'SecureLinkCreated',
  'AddedToSecureLink',
  'CompanyLinkCreated',
];
const ANONYMOUS = /^Anonymous/;

const auditIds = (d: FindingDraft): number[] => d.refs.filter((r) => r.source === 'audit').map((r) => r.id);

/** Keep, raise or drop each new-address sign-in finding by what followed from the address. */
export function linkSignIns(drafts: FindingDraft[]): FindingDraft[] {
  const citedBy = new Map<number, FindingDraft[]>();
  for (const d of drafts) {
    if (d.rule === SIGN_IN_RULE) continue;
    for (const id of auditIds(d)) citedBy.set(id, [...(citedBy.get(id) ?? []), d]);
  }
  return drafts.filter((d) => {
    if (d.rule !== SIGN_IN_RULE) return true;
    const linked = [...new Set(auditIds(d).flatMap((id) => citedBy.get(id) ?? []))].filter(
      (f) => rank(f.severity) >= rank('medium'),
    );
    if (linked.length === 0) return (d.details.accounts ?? '').includes(',');
    const worst = linked.reduce((a, b) => (rank(b.severity) > rank(a.severity) ? b : a));
    raiseTo(d, worst.severity, `what followed from the address is a ${worst.severity} finding: ${worst.title}`);
    d.details.linkedFindings = linked.map((f) => f.id).join(', ');
    return true;
  });
}

/**
 * Addresses an attack rests on: where new-address sign-ins came from, the addresses of critical
 * findings' records, and addresses a loud finding names as new to the tenant. Never an address
 * much of the tenant uses.
 */
function flaggedAddresses(ctx: AnalysisContext, drafts: readonly FindingDraft[]): Map<string, FindingDraft[]> {
  const out = new Map<string, FindingDraft[]>();
  const add = (ip: string | null | undefined, d: FindingDraft) => {
    if (!ip || ctx.isCommonEgress(ip) || /^(::1|127\.)/.test(ip)) return;
    const list = out.get(ip) ?? [];
    if (!list.includes(d)) list.push(d);
    out.set(ip, list);
  };
  const critical = drafts.filter((d) => d.severity === 'critical');
  const meta = auditRecordMeta(ctx.db, critical.flatMap(auditIds));
  for (const d of critical) for (const id of auditIds(d)) add(meta.get(id)?.clientIp, d);
  for (const d of drafts) {
    if (d.rule === SIGN_IN_RULE) add(d.details.clientIp, d);
    else if (
      isLoud(d) &&
      d.details.clientIp &&
      /an address neither this account nor any other/.test(d.details.severityReasons ?? '')
    )
      add(d.details.clientIp, d);
  }
  return out;
}

/**
 * For every flagged address: one finding naming every account seen from it and what was done from
 * it (where no new-address finding already does), and one for the sharing links made or used from it.
 */
export function addressStories(ctx: AnalysisContext, drafts: readonly FindingDraft[]): FindingDraft[] {
  const out: FindingDraft[] = [];
  const accounts = ctx.accountsByAddress();
  const cited = new Set(drafts.flatMap(auditIds));
  for (const [ip, behind] of flaggedAddresses(ctx, drafts)) {
    const seen = [...(accounts.get(ip) ?? [])].sort();
    const because = behind
      .map((d) => d.title)
      .slice(0, 3)
      .join('; ');
    if (!drafts.some((d) => d.rule === SIGN_IN_RULE && d.details.clientIp === ip)) {
      const actions = operationsFromAddress(ctx.db, ip, [...FOLLOW_UPS, 'UserLoggedIn']);
      // Worth a finding of its own only for what the findings do not already show: another account
      // acting from the address, or an action from it that no finding cites.
      const named = new Set(behind.flatMap((d) => d.principals));
      const unnamed = seen.filter((a) => !named.has(a));
      const uncited = actions.filter((a) => a.operation !== 'UserLoggedIn' && !cited.has(a.id));
      if (unnamed.length > 0 || uncited.length > 0) {
        out.push({
          id: stableId('flagged-address-activity', ip),
          rule: 'flagged-address-activity',
          title: `${plural(seen.length, 'account')} acted from ${ip}, the address behind ${behind.length === 1 ? 'a finding' : plural(behind.length, 'finding')}`,
          severity: seen.length > 1 ? 'high' : 'medium',
          techniques: ['T1078.004'],
          time: actions[0]?.time ?? behind[0]?.time ?? null,
          principals: seen,
          summary:
            `${ip} is the address behind: ${because}. Accounts seen from it: ${seen.join(', ')}; ` +
            `${plural(actions.length, 'sign-in, mailbox, permission or sharing operation')} came from it.`,
          details: {
            clientIp: ip,
            accounts: seen.join(', '),
            actions: actions
              .map((a) => {
                const on = ctx.mailboxOfRecord(a.id) ?? a.target;
                return `${a.time} ${a.operation} by ${a.actor ?? '?'}${on ? ` on ${on}` : ''}`;
              })
              .join('; '),
            linkedFindings: behind.map((d) => d.id).join(', '),
            severityReasons: [
              `= the address is behind ${behind.map((d) => `${d.severity} ${d.rule}`).join(', ')}`,
              ...(seen.length > 1 ? [`+ ${seen.length} accounts used it: ${seen.join(', ')}`] : []),
            ].join('; '),
            correspondsTo: 'no public rule gathers an attacker address across accounts',
          },
          refs: actions.map((a): SourceRef => ({ source: 'audit', id: a.id })),
        });
      }
    }
    const fromHere = operationsFromAddress(ctx.db, ip, SHARING_OPERATIONS);
    if (fromHere.length === 0) continue;
    // The links made here are used elsewhere: uses of the same files' anonymous links, from any address, belong too.
    const files = [...new Set(fromHere.map((s) => s.target).filter((t): t is string => !!t))];
    const usedElsewhere = operationsOnTargets(ctx.db, files, ['AnonymousLinkUsed']).filter(
      (u) => u.time >= fromHere[0]!.time && !fromHere.some((s) => s.id === u.id),
    );
    const shares = [...fromHere, ...usedElsewhere].sort((a, b) => a.time.localeCompare(b.time) || a.id - b.id);
    const invited = sharingTargets(
      ctx.db,
      fromHere.map((s) => s.id),
    );
    const invitees = [...new Set(invited.values())].sort();
    const outside = invitees.filter((i) => i.includes('@') && ctx.tenant.isExternal(i));
    const anonymous = shares.some((s) => ANONYMOUS.test(s.operation));
    const usedFrom = new Map(usedElsewhere.map((u) => [u.id, u.clientIp ?? '?']));
    const describe = (s: (typeof shares)[number]) =>
      `${s.operation} by ${s.actor ?? '?'}${s.target ? ` on ${s.target}` : ''}` +
      (invited.has(s.id) ? ` for ${invited.get(s.id)}` : '') +
      (usedFrom.has(s.id) ? ` from ${usedFrom.get(s.id)}` : '');
    out.push({
      id: stableId('sharing-from-flagged-address', ip),
      rule: 'sharing-from-flagged-address',
      title:
        `${plural(fromHere.length, 'sharing link or invitation')} made or used from ${ip}` +
        `${anonymous ? ', anonymous links among them' : ''}${outside.length ? `, shared with ${outside.join(', ')}` : ''}`,
      // Anonymous links hand files to anyone holding the URL; from an attacker's address they are data
      // staged for collection outside the tenant.
      severity: anonymous || outside.length > 0 ? 'high' : 'medium',
      techniques: ['T1530', 'T1567'],
      time: shares[0]!.time,
      principals: [
        ...new Set([...fromHere.map((s) => s.actor).filter((a): a is string => !!a && a !== 'anonymous'), ...invitees]),
      ],
      summary:
        `From ${ip} (behind: ${because}): ` +
        shares.map(describe).slice(0, 10).join('; ') +
        (shares.length > 10 ? `; and ${shares.length - 10} more` : '') +
        '.',
      details: {
        clientIp: ip,
        operations: [...new Set(shares.map((s) => s.operation))].join(', '),
        files: files.join('; '),
        ...(invitees.length ? { sharedWith: invitees.join(', ') } : {}),
        linkedFindings: behind.map((d) => d.id).join(', '),
        severityReasons: [
          `= made or used from ${ip}, the address behind ${behind.map((d) => `${d.severity} ${d.rule}`).join(', ')}`,
          ...(anonymous ? ['+ anonymous links: anyone with the URL can open the files, no sign-in needed'] : []),
          ...(outside.length ? [`+ shared with people outside the tenant: ${outside.join(', ')}`] : []),
          ...(usedElsewhere.length
            ? [`= ${plural(usedElsewhere.length, 'anonymous use')} of the files' links followed`]
            : []),
        ].join('; '),
        techniqueReason:
          "T1530 (Data from Cloud Storage): links expose the tenant's files; T1567 (Exfiltration Over Web Service): " +
          'an anonymous link is fetched over HTTPS from outside the tenant',
        correspondsTo: 'Panther: Microsoft365 External Document Sharing (AnonymousLinkCreated, AddedToSecureLink)',
      },
      refs: shares.map((s): SourceRef => ({ source: 'audit', id: s.id })),
    });
  }
  return out;
}
