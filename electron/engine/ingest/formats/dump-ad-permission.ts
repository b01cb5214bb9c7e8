/**
 * `Get-ADPermission | Export-Csv` (on-premises / hybrid Exchange, where Send As is an AD extended
 * right rather than a recipient permission). One row per access-control entry on the mailbox's AD
 * object; only the entries that delegate mail become permission entries:
 * - ExtendedRights `Send-As` -> send-as (what Add-ADPermission -ExtendedRights Send-As grants);
 * - ExtendedRights `Receive-As` -> mailbox access (`ReceiveAs`: opens the mailbox's content);
 * - ExtendedRights `ms-Exch-EPI-Impersonation` -> impersonation of the object's mailboxes.
 * Every other ACE (ReadProperty, GenericRead, WriteProperty…) is counted in a note, not imported.
 * ExtendedRights written as a type name (raw Export-Csv) loses which right an ExtendedRight ACE
 * held: those ACEs are listed in a note (trustee on object), not imported as a guessed Send-As.
 */
import { RowError } from '../audit-record.js';
import { readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import type { PermissionKind } from '../../records/types.js';
import type { Sniff } from '../sniff.js';
import { bool, csvFormat, hasColumns, NoteCounter, permissionEntry, splitTokens } from './dump-common.js';

const EXTENDED_RIGHTS: ReadonlyArray<[pattern: RegExp, kind: PermissionKind, right: string]> = [
  [/^send-?as$/i, 'send-as', 'SendAs'],
  [/^receive-?as$/i, 'mailbox', 'ReceiveAs'],
  [/^ms-exch-epi-(may-)?impersonation$/i, 'impersonation', 'ApplicationImpersonation'],
];

function detect(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'identity', 'user', 'accessrights', 'extendedrights')) return null;
  return csvFormat(s, 'ad-permission-csv', 'Get-ADPermission CSV export (on-premises Send-As / Receive-As ACEs)');
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const notes = new NoteCounter();
  await readCsvTable(ctx, (r) => {
    const raw = r.record();
    const object = normalizeIdentity(r.get('Identity'));
    if (!object) throw new RowError('no object (Identity is empty)');
    const trustee = normalizeIdentity(r.get('User'));
    if (!trustee) throw new RowError('no trustee (User is empty)');
    const extended = splitTokens(r.get('ExtendedRights'));
    const access = splitTokens(r.get('AccessRights'));
    const more = { inherited: bool(r.get('IsInherited')), deny: bool(r.get('Deny')) };
    if (extended.valuesLost) {
      // Which extended right the ACE holds is gone: listed for the examiner, never guessed as Send-As.
      const grantsExtended = access.valuesLost || access.values.some((a) => /^extendedright$/i.test(a));
      if (grantsExtended)
        notes.add(
          'ExtendedRight ACEs have ExtendedRights written as a .NET type name: ' +
            'whether they grant Send-As or Receive-As is unknown (values lost at export time; not imported)',
          `${trustee} on ${object}`,
        );
      else
        notes.add(
          'ACEs are not mail delegation (no extended right): not imported',
          access.values.join(', ').slice(0, 80),
        );
      return;
    }
    let matched = false;
    for (const right of extended.values) {
      const known = EXTENDED_RIGHTS.find(([pattern]) => pattern.test(right));
      if (!known) continue;
      matched = true;
      const [, kind, name] = known;
      sink.permission(
        r.row,
        r.line,
        permissionEntry(kind, kind === 'impersonation' ? '*' : object, trustee, raw, { ...more, rights: [name] }),
      );
    }
    if (!matched)
      notes.add(
        'ACEs are not mail delegation (no Send-As, Receive-As or impersonation right): not imported',
        [...extended.values, ...access.values].join(', ').slice(0, 80),
      );
  });
  notes.flush(sink);
}

export const adPermissionParser: FormatParser = {
  family: 'Get-ADPermission CSV (on-premises Send-As / Receive-As / impersonation ACEs)',
  detect,
  parse,
};
