/**
 * Inbox-rule views from rule dumps (Get-InboxRule exports, Extractor-Suite, Hawk). A dump carries
 * no rule times: a view is the state when the dump was taken.
 */
import type { InboxRuleRow } from '../../store/analysis-reads.js';
import { resolveMailbox } from './owner.js';
import type { IdentityResolver } from '../identity-resolver.js';
import type { InboxRuleView, RuleForward } from './view.js';

function parseRecord(json: string): Record<string, string> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** A column of the dump row by name, case-insensitively. */
function column(raw: Record<string, string>, ...names: string[]): string | undefined {
  for (const n of names) {
    const key = Object.keys(raw).find((k) => k.toLowerCase() === n.toLowerCase());
    if (key !== undefined && raw[key]?.trim()) return raw[key];
  }
  return undefined;
}

export function ruleViewsFromDumps(rows: readonly InboxRuleRow[], ids: IdentityResolver): InboxRuleView[] {
  return rows.map((r) => {
    const raw = parseRecord(r.raw);
    const forwards: RuleForward[] = [];
    const cells: Array<[RuleForward['how'], string | null]> = [
      ['ForwardTo', r.forward_to],
      ['ForwardAsAttachmentTo', r.forward_as_attachment_to],
      ['RedirectTo', r.redirect_to],
    ];
    for (const [how, cell] of cells)
      for (const part of (cell ?? '').split(';')) {
        const to = resolveMailbox(part, ids);
        if (to) forwards.push({ to, how });
      }
    const conditions = Object.values(parseRecord(r.conditions)).filter(Boolean);
    const mailbox = resolveMailbox(r.mailbox, ids) ?? r.mailbox;
    return {
      ref: { source: 'inbox_rule', id: r.id },
      key: `dump:${r.mailbox}|${r.name ?? ''}|${r.id}`,
      time: null,
      operation: 'observed',
      mailbox,
      ownerBasis: 'the dump row',
      actor: null,
      clientIp: null,
      byOther: false,
      via: 'dump',
      name: r.name,
      ruleId: column(raw, 'RuleIdentity') ?? null,
      enabled: r.enabled === null ? null : r.enabled === 1,
      forwards,
      deletes: r.delete_message === 1,
      moveToFolder: r.move_to_folder,
      markAsRead: r.mark_as_read === 1,
      stopProcessing: /^true$/i.test(column(raw, 'StopProcessingRules') ?? ''),
      conditions,
      succeeded: true,
    } satisfies InboxRuleView;
  });
}
