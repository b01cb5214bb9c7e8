/**
 * What makes an inbox rule look like BEC hiding, combining the public heuristics: Elastic's
 * delete/move + keyword rule, Splunk's name-entropy score, Sentinel's BEC keyword lists and the
 * Analyzer Suite's localized folder names.
 */
import { hidingFolder } from '../exchange/folders.js';
import type { InboxRuleView } from '../analysis/inbox-rules/view.js';
import { SeverityScore } from './severity.js';

const KEYWORDS =
  /\b(invoice|payment|payroll|paycheck|transfer|wire|bank|iban|ach|remit|deposit|funds|purchase|pro-?forma|phish|hack|hacked|security|alert|suspicious|fraud|malware|unusual|login|reset|password|mfa|helpdesk|do not (open|click)|rechnung|zahlung|paiement|virement|facture)/gi;

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

export function signalsOf(v: InboxRuleView): RuleSignals {
  const words = v.conditions.join(' ');
  return {
    deletes: v.deletes,
    hidingFolder: hidingFolder(v.moveToFolder),
    markAsRead: v.markAsRead,
    keywords: [...new Set([...words.matchAll(KEYWORDS)].map((m) => m[0].toLowerCase()))],
    forwards: [...new Set(v.forwards.map((f) => f.to))],
    oddName: v.name !== null && v.name !== '' && isOddRuleName(v.name),
  };
}

/** A rule that hides mail is medium at base, one that only forwards low; null when it does neither. */
export function scoreRule(sig: RuleSignals): SeverityScore | null {
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

/** What the rule does, in words. */
export function describeActions(sig: RuleSignals): string {
  return [
    sig.deletes ? 'deletes' : null,
    sig.hidingFolder ? `moves to ${sig.hidingFolder}` : null,
    sig.markAsRead ? 'marks read' : null,
    sig.forwards.length ? `forwards to ${sig.forwards.join(', ')}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}
