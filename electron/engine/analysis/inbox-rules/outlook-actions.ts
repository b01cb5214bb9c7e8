/**
 * The actions of a rule written through MAPI (Outlook desktop, EWS), as mailbox-audit
 * `UpdateInboxRules` records carry them. The current property set has `RuleActions`, a JSON array
 * inside a string: `[{"ActionType":"Forward","Recipients":["a@x"],"ForwardFlags":"None"}, …]`. The
 * older set has `Actions` (class names such as ForwardToRecipientsAction) and `ServerRule` (JSON
 * whose `Actions[].Recipients[].Values[].Value` hold the addresses). Forward flags PreserveSender /
 * DoNotMungeMessage make a forward a redirect; ForwardAsAttachment sends it as an attachment.
 */
import type { RuleForward } from './view.js';

export interface OutlookActions {
  forwards: RuleForward[];
  deletes: boolean;
  moveToFolder: string | null;
  markAsRead: boolean;
  /** Action types seen, as written (for the finding's details). */
  types: string[];
}

const ADDRESS = /[^\s"'<>,;:[\]()]+@[^\s"'<>,;:[\]()]+\.[a-z]{2,}/gi;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Addresses anywhere in a value: strings, `{Address}` objects, `Values[].Value` lists. */
function addressesIn(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return [...new Set([...text.matchAll(ADDRESS)].map((m) => m[0].toLowerCase().replace(/^smtp:/i, '')))];
}

function forwardHow(type: string, flags: string): RuleForward['how'] {
  if (/attachment/i.test(type) || /forwardasattachment/i.test(flags)) return 'ForwardAsAttachmentTo';
  if (/redirect|delegate/i.test(type) || /preservesender|donotmunge/i.test(flags)) return 'RedirectTo';
  return 'ForwardTo';
}

export function outlookActions(props: Record<string, string>): OutlookActions {
  const out: OutlookActions = { forwards: [], deletes: false, moveToFolder: null, markAsRead: false, types: [] };
  const add = (to: string, how: RuleForward['how']) => {
    if (!out.forwards.some((f) => f.to === to && f.how === how)) out.forwards.push({ to, how });
  };
  const ruleActions = props.RuleActions ?? props.ruleactions;
  const list = ruleActions ? parseJson(ruleActions) : null;
  if (Array.isArray(list)) {
    for (const a of list as Array<Record<string, unknown>>) {
      const type = typeof a.ActionType === 'string' ? a.ActionType : '';
      const flags = typeof a.ForwardFlags === 'string' ? a.ForwardFlags : '';
      out.types.push(type);
      if (/forward|redirect|delegate/i.test(type))
        for (const to of addressesIn(a.Recipients)) add(to, forwardHow(type, flags));
      else if (/delete/i.test(type)) out.deletes = true;
      else if (/move/i.test(type)) out.moveToFolder = firstText(a.FolderName, a.Folder, a.FolderPath) ?? '(a folder)';
      else if (/markasread|read/i.test(type)) out.markAsRead = true;
    }
  } else if (ruleActions) {
    // Not JSON (a cut or re-encoded export): the addresses still show what the rule sends where.
    for (const to of addressesIn(ruleActions)) add(to, 'ForwardTo');
  }
  // The older property set.
  const actions = props.Actions ?? '';
  if (actions) out.types.push(...actions.split(/[,;]\s*/).filter(Boolean));
  const server = props.ServerRule ? parseJson(props.ServerRule) : null;
  if (server && typeof server === 'object') {
    const serverActions = (server as { Actions?: unknown }).Actions;
    if (Array.isArray(serverActions))
      for (const a of serverActions as Array<Record<string, unknown>>) {
        const type = firstText(a.ActionType, a.Type) ?? '';
        for (const to of addressesIn(a.Recipients)) add(to, forwardHow(type, firstText(a.Flags, a.ForwardFlags) ?? ''));
      }
  }
  if (/RedirectToRecipientsAction/i.test(actions)) for (const f of out.forwards) f.how = 'RedirectTo';
  if (/DeleteAction|PermanentDelete/i.test(actions)) out.deletes = true;
  if (/MarkAsReadAction/i.test(actions)) out.markAsRead = true;
  return out;
}

/** The first of `values` that is a string or number, as text (objects are not names). */
function firstText(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' || typeof v === 'number') return String(v);
  return undefined;
}
