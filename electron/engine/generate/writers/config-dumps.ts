/**
 * Configuration dumps next to the permission dumps: the tenant's transport rules as
 * Microsoft-Extractor-Suite v4 `Get-TransportRules` writes them, and the ActiveSync device lists of
 * every mailbox from `Get-EXOCasMailbox -PropertySets Minimum,ActiveSync`, with the columns a responder
 * selects, under PowerShell 7 (EXO v3 objects: a multi-valued property is written space-joined).
 */
import { compactStamp, usDate } from '../clock.js';
import { isPerson } from '../tenant.js';
import { open, put, type DumpContext } from './dump-output.js';

export async function writeConfigDumps(ctx: DumpContext, drain: () => Promise<void>): Promise<void> {
  writeTransportRules(ctx);
  await writeActiveSyncDevices(ctx, drain);
}

/**
 * `<yyyyMMddHHmm>-TransportRules.csv`: Name, Description (multi-line: CR LF and TAB inside the quoted
 * cell), CreatedBy, WhenChanged (culture-formatted, collector's clock), State, Priority, Mode.
 */
function writeTransportRules(ctx: DumpContext): void {
  const stamp = compactStamp(ctx.collected).slice(0, 12);
  const out = open(
    ctx,
    `permissions/Microsoft-Extractor-Suite/Rules/${stamp}-TransportRules.csv`,
    'extractor-suite-transportrules-csv',
    'utf-8-bom',
    [
      'Extractor-Suite Get-TransportRules v4, Windows PowerShell 5.1, default -Encoding UTF8',
      'Description keeps its CR LF and TAB characters inside the quoted cell',
      'WhenChanged in en-US culture on a collecting machine whose clock is UTC (no zone in the value); ' +
        'a transport rule has no creation time',
    ],
    ['Name', 'Description', 'CreatedBy', 'WhenChanged', 'State', 'Priority', 'Mode'],
  );
  ctx.state.transportRules.forEach((r, priority) =>
    put(out, [r.name, r.description, r.createdBy, usDate(r.whenChanged), r.state, priority, r.mode], r.actionId),
  );
}

/** One row per mailbox; ActiveSyncAllowedDeviceIDs space-joined (empty when none). */
async function writeActiveSyncDevices(ctx: DumpContext, drain: () => Promise<void>): Promise<void> {
  const t = ctx.tenant;
  const out = open(
    ctx,
    'permissions/Get-EXOCasMailbox_ActiveSync.csv',
    'get-exocasmailbox-activesync-csv',
    'utf-8',
    [
      'Get-EXOCasMailbox -ResultSize Unlimited -PropertySets Minimum,ActiveSync | Select-Object Name,' +
        'PrimarySmtpAddress,ActiveSyncEnabled,ActiveSyncAllowedDeviceIDs,ActiveSyncBlockedDeviceIDs,' +
        'HasActiveSyncDevicePartnership,Identity | Export-Csv -NoTypeInformation, PowerShell 7 (UTF-8, no BOM)',
      'device-ID lists written space-joined, as EXO v3 objects give them (not a type name)',
    ],
    [
      'Name',
      'PrimarySmtpAddress',
      'ActiveSyncEnabled',
      'ActiveSyncAllowedDeviceIDs',
      'ActiveSyncBlockedDeviceIDs',
      'HasActiveSyncDevicePartnership',
      'Identity',
    ],
  );
  for (const u of t.users) {
    const devices = ctx.state.devices.get(u.index) ?? [];
    put(out, [
      u.name,
      u.upn,
      isPerson(u) ? 'True' : 'False',
      devices.map((d) => d.id).join(' '),
      '',
      u.mobile || devices.length > 0 ? 'True' : 'False',
      u.name,
    ]);
    for (const d of devices) out.shows(d.actionId);
    if ((u.index & 1023) === 0) await drain();
  }
}
