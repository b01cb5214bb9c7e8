/**
 * One attacker session, one incident. Dozens of per-record findings made by one address (or one
 * actor) within minutes — New-InboxRule after New-InboxRule — become one incident finding that cites
 * every record of the session and lists each action, including actions that alone score nothing (a
 * rule that only moves mail to the Inbox, marks it read and stops processing). The repeated findings
 * are folded into it; other findings of the session stay and say they belong to it.
 */
import type { AnalysisContext } from '../../analysis/context.js';
import { INBOX_RULE_OPERATIONS } from '../../analysis/inbox-rules/from-audit.js';
import { TRANSPORT_RULE_OPERATIONS } from '../../analysis/transport-rules.js';
import type { FindingDraft, SourceRef } from '../../records/findings.js';
import {
  auditRecordMeta,
  operationsByActor,
  operationsFromAddress,
  type AuditRecordMeta,
} from '../../store/analysis-reads.js';
import { stableId } from '../send-common.js';
import { interval, plural } from '../wording.js';
import { note, rank } from './drafts.js';
import { SHARING_OPERATIONS } from './address-links.js';

/** Findings that stand on one audit record each: the ones a burst repeats. */
const PER_RECORD_RULES = new Set([
  'inbox-rule-hiding',
  'mail-forwarding-set',
  'mailbox-delegation-granted',
  'folder-delegation-granted',
  'activesync-device-allowed',
  'tenant-wide-mail-access-granted',
]);
/** Actions within this gap belong to one session. */
const SESSION_GAP_MS = 15 * 60_000;
/** A session whose findings stand on this many records is an incident… */
const BURST_RECORDS = 8;
/** …and a rule that fires this often in it ("dozens") is folded into the incident. */
const FOLD_AT = 10;
/** What a session's incident lists: everything an intruder does to mailboxes and their rules. */
const SESSION_OPERATIONS = [
  ...INBOX_RULE_OPERATIONS,
  ...TRANSPORT_RULE_OPERATIONS,
  ...SHARING_OPERATIONS,
  'Add-MailboxPermission',
  'Remove-MailboxPermission',
  'Add-RecipientPermission',
  'Remove-RecipientPermission',
  'Set-Mailbox',
  'Add-MailboxFolderPermission',
  'Set-MailboxFolderPermission',
  'Remove-MailboxFolderPermission',
  'AddFolderPermissions',
  'ModifyFolderPermissions',
  'Set-CASMailbox',
  'New-ManagementRoleAssignment',
  'Consent to application.',
  'Add app role assignment to service principal.',
  'Add delegated permission grant.',
];

interface Member {
  draft: FindingDraft;
  meta: AuditRecordMeta;
}

function sessions(ctx: AnalysisContext, drafts: readonly FindingDraft[]): Member[][] {
  const candidates = drafts.filter((d) => PER_RECORD_RULES.has(d.rule) && d.refs[0]?.source === 'audit');
  const meta = auditRecordMeta(
    ctx.db,
    candidates.map((d) => d.refs[0]!.id),
  );
  const byKey = new Map<string, Member[]>();
  for (const draft of candidates) {
    const m = meta.get(draft.refs[0]!.id);
    if (!m) continue;
    const ip = m.clientIp && !ctx.isCommonEgress(m.clientIp) ? m.clientIp : null;
    const key = ip ? `ip:${ip}` : m.actor ? `actor:${m.actor}` : null;
    if (!key) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), { draft, meta: m }]);
  }
  const out: Member[][] = [];
  for (const members of byKey.values()) {
    members.sort((a, b) => a.meta.time.localeCompare(b.meta.time));
    let current: Member[] = [];
    for (const m of members) {
      const last = current[current.length - 1];
      if (last && Date.parse(m.meta.time) - Date.parse(last.meta.time) > SESSION_GAP_MS) {
        out.push(current);
        current = [];
      }
      current.push(m);
    }
    if (current.length) out.push(current);
  }
  // Counted in records, not findings: one record forwarding to four addresses is one action.
  return out.filter((s) => new Set(s.map((m) => m.draft.refs[0]!.id)).size >= BURST_RECORDS);
}

/** How far around its findings the actor's own actions are read (the session gap chains them). */
const SPAN_MS = 6 * 3_600_000;
const shifted = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

/**
 * The session's actions, in time order: those between its first and last finding, and before and
 * after them every action that follows the previous one within the session gap (a rule made at the
 * start or end of the session that alone scores nothing still belongs to it).
 */
function sessionActions<T extends { time: string }>(sorted: readonly T[], from: string, to: string): T[] {
  let lo = sorted.findIndex((a) => a.time >= from);
  if (lo < 0) return [];
  let hi = lo;
  while (hi + 1 < sorted.length && sorted[hi + 1]!.time <= to) hi++;
  const gap = (a: T, b: T) => Date.parse(b.time) - Date.parse(a.time) <= SESSION_GAP_MS;
  while (lo > 0 && gap(sorted[lo - 1]!, sorted[lo]!)) lo--;
  while (hi + 1 < sorted.length && gap(sorted[hi]!, sorted[hi + 1]!)) hi++;
  return sorted.slice(lo, hi + 1);
}

export function foldBursts(ctx: AnalysisContext, drafts: FindingDraft[]): FindingDraft[] {
  const folded = new Set<FindingDraft>();
  const incidents: FindingDraft[] = [];
  for (const session of sessions(ctx, drafts)) {
    const first = session[0]!.meta;
    const last = session[session.length - 1]!.meta;
    const ip = first.clientIp && !ctx.isCommonEgress(first.clientIp) ? first.clientIp : null;
    const actions = sessionActions(
      ip
        ? operationsFromAddress(ctx.db, ip, SESSION_OPERATIONS)
        : operationsByActor(
            ctx.db,
            first.actor!,
            SESSION_OPERATIONS,
            shifted(first.time, -SPAN_MS),
            shifted(last.time, SPAN_MS),
          ),
      first.time,
      last.time,
    );
    const start = actions[0]?.time ?? first.time;
    const end = actions[actions.length - 1]?.time ?? last.time;
    const actors = [...new Set(actions.map((a) => a.actor).filter((a): a is string => !!a))].sort();
    const targets = [
      ...new Set(
        actions
          .map((a) => ctx.mailboxOfRecord(a.id) ?? a.target)
          .filter((t): t is string => !!t && t.includes('@') && !/[\\/]/.test(t)),
      ),
    ].sort();
    const perRule = new Map<string, Member[]>();
    for (const m of session) perRule.set(m.draft.rule, [...(perRule.get(m.draft.rule) ?? []), m]);
    const worst = session.reduce((a, b) => (rank(b.draft.severity) > rank(a.draft.severity) ? b : a)).draft.severity;
    const counts = [...new Set(actions.map((a) => a.operation))].map(
      (op) => `${actions.filter((a) => a.operation === op).length} ${op}`,
    );
    const id = stableId('activity-burst', ip ?? first.actor ?? '', first.time);
    const foldedHere: FindingDraft[] = [];
    for (const [, members] of perRule) {
      if (members.length < FOLD_AT) {
        for (const m of members) note(m.draft, `= part of incident ${id}`);
        continue;
      }
      for (const m of members) {
        folded.add(m.draft);
        foldedHere.push(m.draft);
      }
    }
    incidents.push({
      id,
      rule: 'activity-burst',
      title:
        `${plural(actions.length, 'action')} by ${actors.join(', ') || first.actor || '?'}` +
        `${ip ? ` from ${ip}` : ''} within ${interval(start, end)}: ${counts.slice(0, 4).join(', ')}`,
      severity: rank(worst) >= rank('high') ? worst : 'high',
      techniques: [...new Set(session.flatMap((m) => m.draft.techniques))].sort(),
      time: start,
      principals: [...new Set([...actors, ...targets])],
      summary:
        `One session ${ip ? `from ${ip} ` : ''}made ${plural(actions.length, 'change')} between ${start} and ${end} ` +
        `(${counts.join(', ')}), ${plural(session.length, 'of them a finding')} on its own; ` +
        `${plural(foldedHere.length, 'repeated finding')} ${foldedHere.length === 1 ? 'is' : 'are'} folded into this one.`,
      details: {
        ...(ip ? { clientIp: ip } : {}),
        actors: actors.join(', '),
        mailboxes: targets.join(', '),
        actions: actions
          .map((a) => {
            const on = ctx.mailboxOfRecord(a.id) ?? a.target;
            return `${a.time} ${a.operation}${on ? ` on ${on}` : ''}${a.actor ? ` by ${a.actor}` : ''}`;
          })
          .join('; '),
        folded: foldedHere.map((d) => `${d.severity} ${d.title}`).join('; '),
        severityReasons: [
          `= ${plural(session.length, 'finding')} within ${interval(first.time, last.time)} from one ${ip ? 'address' : 'account'}`,
          `= the worst of them is ${worst}`,
        ].join('; '),
        correspondsTo: 'no public rule groups an intruder session; Sentinel and Elastic fire once per record',
      },
      refs: actions.map((a): SourceRef => ({ source: 'audit', id: a.id })),
    });
  }
  return [...drafts.filter((d) => !folded.has(d)), ...incidents];
}
