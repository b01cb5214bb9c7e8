/**
 * B5 — inbox rules that hide or divert mail (T1564.008), from audit records (New-InboxRule,
 * Set-InboxRule, UpdateInboxRules) and from inbox-rule dumps. The signals combine the public
 * heuristics: Elastic's delete/move + keyword rule, Splunk's name-entropy score, Sentinel's BEC
 * keyword lists and the Analyzer Suite's localized folder names.
 */
import crypto from 'node:crypto';
import type { AnalysisContext } from '../analysis/context.js';
import { lookup } from '../records/parameters.js';
import type { Rule } from './rule.js';
import type { FindingDraft, SourceRef } from '../records/findings.js';
import { SeverityScore } from './severity.js';
import { inboxRuleRows } from '../store/analysis-reads.js';

/** Folders a victim does not look at, in the mailbox languages seen in practice. */
const HIDING_FOLDERS =
  /^\\?(rss[ -]?(feeds|subscriptions)?|rss-feeds|flux rss|conversation history|unterhaltungsverlauf|historique des conversations|archive|archiv|arkiv|archief|junk e-?mail|junk|junk-e-mail|courrier indésirable|skräppost|deleted items|gelöschte elemente|éléments supprimés|calendar|notes)$/i;
const KEYWORDS =
  /\b(invoice|payment|payroll|paycheck|transfer|wire|bank|iban|ach|remit|deposit|funds|purchase|pro-?forma|phish|hack|hacked|security|alert|suspicious|fraud|malware|unusual|login|reset|password|mfa|helpdesk|do not (open|click)|rechnung|zahlung|paiement|virement|facture)/i;

export interface RuleSignals {
  deletes: boolean;
  hidingFolder: string | null;
  markAsRead: boolean;
  keywords: string[];
  forwards: string[];
  oddName: boolean;
}

/** Shannon entropy of a string, bits per character (Splunk scores names with entropy <= 2). */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

export function isOddRuleName(name: string): boolean {
  const n = name.trim();
  return n.length <= 3 || /^[^a-zA-Z\d\s:]/.test(n) || /^[^a-zA-Z\d]+$/.test(n) || entropy(n) <= 2;
}

export function signalsOf(fields: {
  deleteMessage?: string | null;
  moveToFolder?: string | null;
  markAsRead?: string | null;
  words: string[];
  forwards: string[];
  name: string | null;
}): RuleSignals {
  const words = fields.words.join(' ');
  const found = [...new Set([...words.matchAll(new RegExp(KEYWORDS.source, 'gi'))].map((m) => m[0].toLowerCase()))];
  const folder = (fields.moveToFolder ?? '').trim();
  return {
    deletes: /^true$/i.test(fields.deleteMessage ?? ''),
    hidingFolder: folder && HIDING_FOLDERS.test(folder.replace(/^.*\\/, '')) ? folder : null,
    markAsRead: /^true$/i.test(fields.markAsRead ?? ''),
    keywords: found,
    forwards: fields.forwards,
    oddName: fields.name !== null && isOddRuleName(fields.name),
  };
}

function score(sig: RuleSignals): SeverityScore | null {
  const hides = sig.deletes || sig.hidingFolder !== null;
  if (!hides && sig.forwards.length === 0) return null;
  const s = new SeverityScore(hides ? 'medium' : 'low');
  if (sig.deletes) s.reasons.push('= deletes matching mail');
  if (sig.hidingFolder) s.reasons.push(`= moves matching mail to ${sig.hidingFolder}`);
  if (sig.keywords.length) s.raise(`matches words attackers hide replies with: ${sig.keywords.join(', ')}`);
  if (sig.oddName) s.raise('rule name is short, low-entropy or made of symbols');
  if (sig.markAsRead) s.raise('marks the mail as read');
  if (hides && sig.forwards.length) s.raise(`also forwards to ${sig.forwards.join(', ')}`);
  return s;
}

const CORRESPONDS = [
  'Elastic: M365 Exchange Inbox Phishing Evasion Rule Created; Inbox Rule with Obfuscated Name',
  'Splunk: O365 BEC Email Hiding Rule Created',
  'Sentinel: Malicious Inbox Rule; Malicious BEC Inbox Rule',
  'Hawk: Test-SuspiciousInboxRule; Microsoft-Analyzer-Suite MoveToFolder blacklist',
];

function draft(
  key: string,
  ruleName: string | null,
  mailbox: string,
  time: string,
  s: SeverityScore,
  sig: RuleSignals,
  refs: SourceRef[],
  how: string,
): FindingDraft {
  const actions = [
    sig.deletes ? 'deletes' : null,
    sig.hidingFolder ? `moves to ${sig.hidingFolder}` : null,
    sig.markAsRead ? 'marks read' : null,
    sig.forwards.length ? `forwards to ${sig.forwards.join(', ')}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    id: `inbox-rule-hiding:${crypto.createHash('sha256').update(key).digest('hex').slice(0, 16)}`,
    rule: 'inbox-rule-hiding',
    title: `Inbox rule ${JSON.stringify(ruleName ?? '(no name)')} on ${mailbox} ${actions}`,
    severity: s.severity,
    techniques: ['T1564.008', ...(sig.forwards.length ? ['T1114.003'] : [])],
    time,
    principals: [mailbox],
    summary:
      `${how} inbox rule ${JSON.stringify(ruleName ?? '')} on ${mailbox} that ${actions}` +
      (sig.keywords.length ? ` when mail mentions ${sig.keywords.join(', ')}` : '') +
      '.',
    details: {
      mailbox,
      ruleName: ruleName ?? '',
      actions,
      keywords: sig.keywords.join(', '),
      severityReasons: s.reasons.join('; '),
      correspondsTo: CORRESPONDS.join('; '),
    },
    refs,
  };
}

export const inboxRuleHiding: Rule = {
  id: 'inbox-rule-hiding',
  title: 'Inbox rule hides or diverts mail',
  techniques: ['T1564.008'],
  correspondsTo: CORRESPONDS,
  run(ctx: AnalysisContext): FindingDraft[] {
    const out: FindingDraft[] = [];
    for (const row of ctx.audit(['New-InboxRule', 'Set-InboxRule'])) {
      const p = row.params;
      const name = lookup(p, 'Name') ?? null;
      const words = [
        'SubjectContainsWords',
        'SubjectOrBodyContainsWords',
        'BodyContainsWords',
        'FromAddressContainsWords',
      ].map((k) => lookup(p, k) ?? '');
      const forwards = ['ForwardTo', 'ForwardAsAttachmentTo', 'RedirectTo'].flatMap((k) =>
        (lookup(p, k) ?? '')
          .split(/[;,]/)
          .map((x) => x.trim())
          .filter(Boolean),
      );
      const sig = signalsOf({
        deleteMessage: lookup(p, 'DeleteMessage') ?? null,
        moveToFolder: lookup(p, 'MoveToFolder') ?? null,
        markAsRead: lookup(p, 'MarkAsRead') ?? null,
        words,
        forwards,
        name,
      });
      const s = score(sig);
      if (!s) continue;
      const mailbox = ctx.ids.resolve(lookup(p, 'Mailbox')) ?? row.actor ?? '(unknown)';
      out.push(
        draft(
          row.recordId,
          name,
          mailbox,
          row.time,
          s,
          sig,
          [{ source: 'audit', id: row.id }],
          `${row.actor ?? 'Someone'} ${row.operation === 'New-InboxRule' ? 'created' : 'changed'}`,
        ),
      );
    }
    for (const row of ctx.audit(['UpdateInboxRules'])) {
      const actions = lookup(row.params, 'RuleActions') ?? '';
      const name = lookup(row.params, 'RuleName') ?? null;
      const deletes = /"ActionType":\s*"Delete|PermanentDelete/i.test(actions);
      const move = /"ActionType":\s*"Move[^}]*"FolderName":\s*"([^"]+)"/i.exec(actions)?.[1] ?? null;
      const forwards = [...actions.matchAll(/"Recipients":\s*\[([^\]]*)\]/g)].flatMap((m) =>
        m[1]!
          .split(',')
          .map((x) => x.replace(/["\s]/g, ''))
          .filter(Boolean),
      );
      const sig = signalsOf({
        deleteMessage: deletes ? 'True' : null,
        moveToFolder: move,
        markAsRead: /MarkAsRead/i.test(actions) ? 'True' : null,
        words: [lookup(row.params, 'RuleCondition') ?? ''],
        forwards,
        name,
      });
      const s = score(sig);
      if (!s) continue;
      out.push(
        draft(
          row.recordId,
          name,
          row.target ?? '(unknown)',
          row.time,
          s,
          sig,
          [{ source: 'audit', id: row.id }],
          `${row.actor ?? 'Someone'} (Outlook/MAPI) set`,
        ),
      );
    }
    const dumped = inboxRuleRows(ctx.db);
    for (const r of dumped) {
      const cond = JSON.parse(r.conditions) as Record<string, string>;
      const forwards = [r.forward_to, r.forward_as_attachment_to, r.redirect_to].flatMap((v) =>
        (v ?? '')
          .split(/[;,]/)
          .map((x) => x.trim())
          .filter(Boolean),
      );
      const sig = signalsOf({
        deleteMessage: r.delete_message ? 'True' : null,
        moveToFolder: r.move_to_folder,
        markAsRead: r.mark_as_read ? 'True' : null,
        words: Object.values(cond),
        forwards,
        name: r.name,
      });
      const s = score(sig);
      if (!s) continue;
      // A dump has no event time: the state is as of the end of the evidence.
      out.push(
        draft(
          `dump:${r.mailbox}|${r.name ?? ''}|${r.id}`,
          r.name,
          ctx.ids.resolve(r.mailbox) ?? r.mailbox,
          ctx.stateTime,
          s,
          sig,
          [{ source: 'inbox_rule', id: r.id }],
          'A rule dump shows an',
        ),
      );
    }
    return out;
  },
};
