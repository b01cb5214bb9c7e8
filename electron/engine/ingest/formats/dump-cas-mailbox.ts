/**
 * Get-CASMailbox / Get-EXOCasMailbox exported to CSV. An attacker who adds their phone to
 * ActiveSyncAllowedDeviceIDs keeps mail access through ActiveSync, so each allowed device id
 * becomes an `activesync-device` entry (trustee = device id); blocked ids become the same kind with
 * `deny: true`. Raw exports usually leak the list's type name: then one entry
 * with no trustee and `valuesLost` says the list existed but its values were lost.
 */
import { readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import type { Sniff } from '../sniff.js';
import {
  AliasRecorder,
  csvFormat,
  hasAny,
  mailboxOf,
  NoteCounter,
  permissionEntry,
  splitTokens,
  type DumpRow,
  type DumpRowTools,
} from './dump-common.js';

const KEY_COLUMNS = ['PrimarySmtpAddress', 'UserPrincipalName', 'Identity', 'Name', 'SamAccountName', 'DisplayName'];
const ALIAS_COLUMNS = [
  'UserPrincipalName',
  'DisplayName',
  'Name',
  'Identity',
  'DistinguishedName',
  'Guid',
  'ExternalDirectoryObjectId',
];

function detect(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'csv' || !s.columns.includes('activesyncalloweddeviceids')) return null;
  if (!hasAny(s, ...KEY_COLUMNS.map((c) => c.toLowerCase()))) return null;
  return csvFormat(s, 'cas-mailbox-csv', 'Get-CASMailbox CSV export (ActiveSync devices)');
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const aliases = new AliasRecorder(sink);
  const notes = new NoteCounter();
  await readCsvTable(ctx, (r) => casMailboxEntries(r, { sink, aliases, notes }));
  notes.flush(sink);
}

/** One Get-CASMailbox object (a CSV row or a Format-List record): its aliases and device entries. */
export function casMailboxEntries(r: DumpRow, { sink, aliases, notes }: DumpRowTools): void {
  const raw = r.record();
  const mailbox = mailboxOf(r, KEY_COLUMNS);
  for (const c of ALIAS_COLUMNS) aliases.add(mailbox, normalizeIdentity(r.get(c)));
  let entries = 0;
  for (const [column, deny] of [
    ['ActiveSyncAllowedDeviceIDs', false],
    ['ActiveSyncBlockedDeviceIDs', true],
  ] as const) {
    const ids = splitTokens(r.get(column));
    if (ids.valuesLost) {
      notes.add(
        `rows have ${column} written as a .NET type name: device ids unknown (values lost at export time)`,
        mailbox,
      );
      sink.permission(
        r.row,
        r.line,
        permissionEntry('activesync-device', mailbox, null, raw, { valuesLost: true, deny }),
      );
      entries++;
    }
    for (const id of ids.values) {
      sink.permission(r.row, r.line, permissionEntry('activesync-device', mailbox, id, raw, { deny }));
      entries++;
    }
  }
  if (entries === 0)
    notes.add('mailboxes have no allowed or blocked ActiveSync device ids (only their aliases were recorded)');
}

export const casMailboxParser: FormatParser = {
  family: 'Get-CASMailbox CSV (ActiveSync allowed/blocked device ids)',
  detect,
  parse,
};
