/**
 * Get-CASMailbox / Get-EXOCasMailbox exported to CSV. An attacker who adds their phone to
 * ActiveSyncAllowedDeviceIDs keeps mail access through ActiveSync, so each allowed device id
 * becomes an `activesync-device` entry (trustee = device id, rights ['ActiveSyncAllowedDeviceID'],
 * as the audit log's Set-CASMailbox changes are read); blocked ids become the same kind with
 * rights ['ActiveSyncBlockedDeviceID'] and `deny: true`, which grant nothing. Raw exports usually
 * leak the list's type name: then one entry with no trustee and `valuesLost` says the list existed
 * but its values were lost. Get-EXOCasMailbox without `-PropertySets ActiveSync` (its default, CRT's
 * ClientAccessSettingsMailboxes.csv, current Hawk) has no device-ID columns at all: that is "not
 * collected", never "no devices", and the file says so. Entries are dated by WhenChangedUTC, else
 * WhenChanged (a change to any CAS setting, not necessarily the device list).
 */
import { readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import type { Sniff } from '../sniff.js';
import {
  AliasRecorder,
  csvFormat,
  hasAny,
  isCasHeader,
  mailboxOf,
  NoteCounter,
  permissionEntry,
  proxySmtpAddresses,
  splitTokens,
  type DumpRow,
  type DumpRowTools,
} from './dump-common.js';
import { changedAt, decideChangeDates, type ChangeDateOrders } from './dump-dates.js';

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
const DEVICE_LISTS = [
  ['ActiveSyncAllowedDeviceIDs', 'ActiveSyncAllowedDeviceID', false],
  ['ActiveSyncBlockedDeviceIDs', 'ActiveSyncBlockedDeviceID', true],
] as const;

function detect(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'csv' || !hasAny(s, ...KEY_COLUMNS.map((c) => c.toLowerCase()))) return null;
  if (hasAny(s, 'activesyncalloweddeviceids', 'activesyncblockeddeviceids'))
    return csvFormat(s, 'cas-mailbox-csv', 'Get-CASMailbox CSV export (ActiveSync devices)');
  // Client-access switches and no mailbox delegation property: a CAS dump without device ids.
  if (!isCasHeader(s) || hasAny(s, 'grantsendonbehalfto', 'forwardingsmtpaddress', 'forwardingaddress')) return null;
  return csvFormat(s, 'cas-mailbox-csv', 'Get-CASMailbox / Get-EXOCasMailbox CSV export (no device-ID columns)');
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const orders = await decideChangeDates(ctx);
  const aliases = new AliasRecorder(sink);
  const notes = new NoteCounter();
  await readCsvTable(ctx, (r) => casMailboxEntries(r, orders, { sink, aliases, notes }));
  notes.flush(sink);
}

/** One Get-CASMailbox object (a CSV row or a Format-List record): its aliases and device entries. */
export function casMailboxEntries(r: DumpRow, orders: ChangeDateOrders, { sink, aliases, notes }: DumpRowTools): void {
  const raw = r.record();
  const mailbox = mailboxOf(r, KEY_COLUMNS);
  for (const c of ALIAS_COLUMNS) aliases.add(mailbox, normalizeIdentity(r.get(c)));
  for (const smtp of proxySmtpAddresses(r.get('EmailAddresses'))) aliases.add(mailbox, smtp);
  const lists = DEVICE_LISTS.filter(([column]) => r.get(column) !== undefined);
  if (r.get('ActiveSyncAllowedDeviceIDs') === undefined)
    notes.add(
      "mailboxes' device ids not collected (the export has no ActiveSyncAllowedDeviceIDs column): unknown, not none",
    );
  if (lists.length === 0) return;
  const observedAt = changedAt(r, orders, notes);
  let entries = 0;
  for (const [column, right, deny] of lists) {
    const ids = splitTokens(r.get(column));
    const more = { rights: [right], deny, observedAt };
    if (ids.valuesLost) {
      notes.add(
        `rows have ${column} written as a .NET type name: device ids unknown (values lost at export time)`,
        mailbox,
      );
      sink.permission(
        r.row,
        r.line,
        permissionEntry('activesync-device', mailbox, null, raw, { ...more, valuesLost: true }),
      );
      entries++;
    }
    for (const id of ids.values) {
      sink.permission(r.row, r.line, permissionEntry('activesync-device', mailbox, id, raw, more));
      entries++;
    }
  }
  if (entries === 0 && lists.length === DEVICE_LISTS.length)
    notes.add('mailboxes have no allowed or blocked ActiveSync device ids (only their aliases were recorded)');
}

export const casMailboxParser: FormatParser = {
  family: 'Get-CASMailbox CSV (ActiveSync allowed/blocked device ids)',
  detect,
  parse,
};
