/**
 * Use of delegated access, indexed by (who, whose mailbox): a delegate reading another mailbox
 * (MailItemsAccessed, MailboxLogin and item records with a non-owner logon) or sending as / on
 * behalf of it (SendAs, SendOnBehalf): the records that show a grant was used, not just made.
 */
import type { AnalysisContext } from './context.js';
import type { AuditRow } from './delegation/types.js';

export const USE_OPERATIONS = [
  'MailItemsAccessed',
  'MailboxLogin',
  'SendAs',
  'SendOnBehalf',
  'Send',
  'Create',
  'Update',
  'Move',
  'MoveToDeletedItems',
  'SoftDelete',
  'HardDelete',
  'FolderBind',
];

export interface UseRecord {
  row: AuditRow;
  /** 'read' or 'send'. */
  kind: 'read' | 'send';
  delegate: string;
  mailbox: string;
}

export class UseIndex {
  private readonly byPair = new Map<string, UseRecord[]>();
  readonly all: UseRecord[] = [];

  constructor(ctx: AnalysisContext) {
    // Owners reading their own mailbox are most mailbox records and never a use of delegation.
    for (const row of ctx.audit(USE_OPERATIONS, { nonOwnerOnly: true })) {
      const use = classify(row, ctx);
      if (!use) continue;
      this.all.push(use);
      const key = `${use.delegate}|${use.mailbox}`;
      let list = this.byPair.get(key);
      if (!list) this.byPair.set(key, (list = []));
      list.push(use);
    }
  }

  /** Uses by `delegate` of `mailbox` at or after `from` (ISO), oldest first. */
  usesOf(delegate: string, mailbox: string, from: string | null = null): UseRecord[] {
    const list = this.byPair.get(`${delegate}|${mailbox}`) ?? [];
    return from === null ? list : list.filter((u) => u.row.time >= from);
  }

  pairs(): Array<{ delegate: string; mailbox: string; uses: UseRecord[] }> {
    return [...this.byPair.entries()].map(([k, uses]) => {
      const [delegate, mailbox] = k.split('|') as [string, string];
      return { delegate, mailbox, uses };
    });
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function classify(row: AuditRow, ctx: AnalysisContext): UseRecord | null {
  const actor = row.actor;
  if (!actor || !row.succeeded) return null;
  if (row.operation === 'SendAs' || row.operation === 'SendOnBehalf') {
    const on = ctx.ids.resolve(str(row.data.SendAsUserSmtp) ?? str(row.data.SendOnBehalfOfUserSmtp) ?? row.target);
    return on && on !== actor ? { row, kind: 'send', delegate: actor, mailbox: on } : null;
  }
  const owner = row.target;
  if (!owner || owner === actor) return null;
  // LogonType 0 is the owner; system and transport logons (3, 4) are not a person using a delegation.
  const logon = typeof row.data.LogonType === 'number' ? row.data.LogonType : null;
  if (logon !== null && ![1, 2, 5, 6].includes(logon)) return null;
  return { row, kind: row.operation === 'Send' ? 'send' : 'read', delegate: actor, mailbox: owner };
}
