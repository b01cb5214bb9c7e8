/**
 * Microsoft-Extractor-Suite Get-MailboxPermissions CSV: one row per mailbox, inherited/SELF/SID
 * entries already removed by the tool, multi-values packed into strings:
 * - `*Users` columns joined with `; `, each `Display Name (smtp)` (folder users add ` - Role`);
 * - `*Permissions` columns joined with ` | `, each
 *   `Display Name (smtp) - Rights: A,B, Deny: False, Inheritance: All` (FullAccess),
 *   `Display Name (smtp) - Type: Allow, Rights: SendAs, Inheritance: None` (SendAs),
 *   `Display Name: Reviewer` (Calendar / Inbox).
 * Unresolved trustees are written as the raw identity. Each trustee and right becomes one entry;
 * every `Display Name (smtp)` pair becomes an alias. The *Count columns cross-check the unpacking.
 */
import { readCsvTable, type CsvRow } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import type { NormalizedPermission } from '../../records/types.js';
import type { Sniff } from '../sniff.js';
import {
  AliasRecorder,
  bool,
  csvFormat,
  displayWithSmtp,
  hasColumns,
  permissionEntry,
  splitTokens,
  type PermissionExtras,
} from './dump-common.js';

function detect(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'userprincipalname', 'fullaccessusers', 'sendasusers', 'sendonbehalfusers')) return null;
  return csvFormat(s, 'extractor-mailbox-permissions-csv', 'Microsoft-Extractor-Suite mailbox permissions CSV');
}

const FULL_ACCESS = /^(.*) - Rights: (.*), Deny: (\w+), Inheritance: (\w+)$/;
const SEND_AS = /^(.*) - Type: (\w+), Rights: (.*), Inheritance: (\w+)$/;

class RowUnpacker {
  readonly entries: NormalizedPermission[] = [];
  readonly problems: string[] = [];
  private readonly raw: Record<string, string>;

  constructor(
    private readonly r: CsvRow,
    private readonly mailbox: string,
    private readonly aliases: AliasRecorder,
  ) {
    this.raw = r.record();
  }

  private items(column: string, separator: string): string[] {
    return (this.r.get(column) ?? '')
      .split(separator)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  /** `Display Name (smtp)` -> the smtp (alias recorded); anything else is a raw identity kept as written. */
  private trustee(text: string): string | null {
    const pair = displayWithSmtp(text);
    if (!pair) return normalizeIdentity(text);
    this.aliases.add(pair.smtp, pair.display);
    return pair.smtp;
  }

  private add(entry: PermissionExtras, kind: NormalizedPermission['kind'], trustee: string | null): void {
    this.entries.push(permissionEntry(kind, this.mailbox, trustee, this.raw, entry));
  }

  fullAccess(): number {
    const perms = this.items('FullAccessPermissions', ' | ');
    for (const item of perms) {
      const m = FULL_ACCESS.exec(item);
      if (!m) {
        const form = '"Name (smtp) - Rights: …, Deny: …, Inheritance: …"';
        this.problems.push(`FullAccessPermissions item not in the ${form} form: ${item}`);
        continue;
      }
      const rights = splitTokens(m[2]);
      // The tool drops inherited entries, so what remains was set on the mailbox itself.
      this.add(
        { rights: rights.values, valuesLost: rights.valuesLost, deny: bool(m[3]), inherited: false },
        'mailbox',
        this.trustee(m[1]!),
      );
    }
    const users = this.items('FullAccessUsers', '; ');
    if (perms.length === 0)
      for (const u of users) this.add({ rights: ['FullAccess'], inherited: false }, 'mailbox', this.trustee(u));
    else for (const u of users) this.trustee(u); // aliases only: the Permissions column gave the entries
    return perms.length > 0 ? perms.length : users.length;
  }

  sendAs(): number {
    const perms = this.items('SendAsPermissions', ' | ');
    for (const item of perms) {
      const m = SEND_AS.exec(item);
      if (!m) {
        this.problems.push(
          `SendAsPermissions item not in the "Name (smtp) - Type: …, Rights: …, Inheritance: …" form: ${item}`,
        );
        continue;
      }
      const type = m[2]!.toLowerCase();
      const rights = splitTokens(m[3]);
      this.add(
        {
          rights: rights.values,
          valuesLost: rights.valuesLost,
          deny: type === 'deny' ? true : type === 'allow' ? false : null,
          inherited: false,
        },
        'send-as',
        this.trustee(m[1]!),
      );
    }
    const users = this.items('SendAsUsers', '; ');
    if (perms.length === 0)
      for (const u of users) this.add({ rights: ['SendAs'], inherited: false }, 'send-as', this.trustee(u));
    else for (const u of users) this.trustee(u);
    return perms.length > 0 ? perms.length : users.length;
  }

  sendOnBehalf(): number {
    const users = this.items('SendOnBehalfUsers', '; ');
    for (const u of users) this.add({}, 'send-on-behalf', this.trustee(u));
    return users.length;
  }

  /** Calendar / Inbox: `Name (smtp) - Role` users, or `Name: Role` permissions when the users column is empty. */
  folder(folder: 'Calendar' | 'Inbox'): number {
    const users = this.items(`${folder}Users`, '; ');
    const perms = this.items(`${folder}Permissions`, ' | ');
    const fromUsers = users.length > 0;
    for (const item of fromUsers ? users : perms) {
      const cut = fromUsers ? item.lastIndexOf(' - ') : item.lastIndexOf(': ');
      if (cut <= 0) {
        this.problems.push(`${folder}${fromUsers ? 'Users' : 'Permissions'} item has no role: ${item}`);
        continue;
      }
      const rights = splitTokens(item.slice(cut + (fromUsers ? 3 : 2)));
      this.add(
        { rights: rights.values, valuesLost: rights.valuesLost, folder },
        'folder',
        this.trustee(item.slice(0, cut)),
      );
    }
    return fromUsers ? users.length : perms.length;
  }
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const aliases = new AliasRecorder(sink);
  let countMismatches = 0;
  await readCsvTable(ctx, (r) => {
    const mailbox = normalizeIdentity(r.get('UserPrincipalName'));
    if (!mailbox) {
      sink.reject(r.row, r.line, 'no mailbox (UserPrincipalName is empty)', r.source());
      return;
    }
    aliases.add(mailbox, r.get('DisplayName'));
    const u = new RowUnpacker(r, mailbox, aliases);
    const found: Array<[string, number]> = [
      ['FullAccessCount', u.fullAccess()],
      ['SendAsCount', u.sendAs()],
      ['SendOnBehalfCount', u.sendOnBehalf()],
      ['CalendarPermissionCount', u.folder('Calendar')],
      ['InboxPermissionCount', u.folder('Inbox')],
    ];
    for (const e of u.entries) sink.permission(r.row, r.line, e);
    // A display name containing the separator would unpack into the wrong number of items.
    for (const [column, n] of found) {
      const stated = r.get(column)?.trim();
      if (stated && /^\d+$/.test(stated) && Number(stated) !== n) {
        countMismatches++;
        u.problems.push(`${column} says ${stated} but ${n} item(s) were unpacked`);
      }
    }
    if (u.problems.length > 0) sink.reject(r.row, r.line, u.problems.join('; '), r.source());
  });
  if (countMismatches > 0)
    sink.note(
      `${countMismatches} count column(s) disagree with the unpacked items; those rows are listed as rejections`,
    );
}

export const extractorPermissionsParser: FormatParser = {
  family: 'Microsoft-Extractor-Suite mailbox permissions CSV',
  detect,
  parse,
};
