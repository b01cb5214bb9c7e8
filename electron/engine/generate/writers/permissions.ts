/**
 * Permission and configuration dumps taken at the end of the window (section B): raw
 * Get-MailboxPermission / Get-MailboxFolderPermission / Get-CASMailbox / Get-EXOMailbox exports with
 * type-name leakage, CrowdStrike CRT reports (Windows-1252), Hawk's forwarding report, Mandiant's
 * folder_permissions.csv and Extractor-Suite's joined-string MailboxPermissions.csv.
 */
import { compactStamp, usDate } from '../clock.js';
import { DISCOVERY_MAILBOX } from '../baseline.js';
import type { FolderGrant, FolderName, Grant } from '../state.js';
import { isPerson, type Tenant, type User } from '../tenant.js';
import { writeConfigDumps } from './config-dumps.js';
import { open, put, type DumpContext } from './dump-output.js';
import { row, type Output } from './output.js';

export type { DumpContext } from './dump-output.js';

const ARRAYLIST = 'System.Collections.ArrayList';
const FOLDERS: readonly FolderName[] = ['Top of Information Store', 'Inbox', 'Calendar'];

const who = (t: Tenant, i: number): User => t.users[i]!;
const label = (u: User): string => `${u.displayName} (${u.upn})`;

/** Default folder entries every mailbox has, then the stored grants of that folder. */
function folderEntries(ctx: DumpContext, mailbox: number, folder: FolderName): FolderGrant[] {
  const grants = (ctx.state.folders.get(mailbox) ?? []).filter((g) => g.folder === folder);
  const base = (user: 'Default' | 'Anonymous', rights: string): FolderGrant =>
    grants.find((g) => g.user === user) ?? { folder, user, rights, flags: '', actionId: null };
  return [
    base('Default', folder === 'Calendar' ? 'AvailabilityOnly' : 'None'),
    base('Anonymous', 'None'),
    ...grants.filter((g) => typeof g.user === 'number'),
  ];
}

const isDefaultRight = (g: FolderGrant): boolean =>
  typeof g.user !== 'number' &&
  (g.rights === 'None' || (g.folder === 'Calendar' && g.user === 'Default' && g.rights === 'AvailabilityOnly'));

export async function writeDumps(ctx: DumpContext, drain: () => Promise<void>): Promise<void> {
  const { tenant: t, state } = ctx;
  const stamp = compactStamp(ctx.collected);
  const es = `${stamp.slice(0, 8)}-${stamp.slice(8)}`;

  const mbxPerm = open(
    ctx,
    'permissions/Get-MailboxPermission.csv',
    'get-mailboxpermission-csv',
    'utf-8',
    [
      'Get-EXOMailbox | Get-EXOMailboxPermission | Export-Csv, PowerShell 7',
      'AccessRights lost to the type name System.Collections.ArrayList (header order and type name assumed)',
    ],
    ['AccessRights', 'Deny', 'InheritanceType', 'User', 'UserSid', 'Identity', 'IsInherited', 'IsValid', 'ObjectState'],
  );
  const crtFull = open(
    ctx,
    'permissions/CRT/Reports/FullAccessPerms.csv',
    'crt-fullaccessperms-csv',
    'windows-1252',
    [
      'CrowdStrike CRT, Windows PowerShell 5.1, Export-Csv -Encoding Default (ANSI code page)',
      'AccessRights is System.Object[] when a trustee holds several rights',
    ],
    ['Identity', 'User', 'AccessRights', 'IsInherited', 'Deny', 'InheritanceType'],
  );
  const crtAny = open(
    ctx,
    'permissions/CRT/Reports/AnyAssignedPerms.csv',
    'crt-anyassignedperms-csv',
    'windows-1252',
    ['CrowdStrike CRT: every non-inherited mailbox permission except NT AUTHORITY\\SELF'],
    ['Identity', 'User', 'AccessRights', 'IsInherited', 'Deny', 'InheritanceType'],
  );
  const crtSendAs = open(
    ctx,
    'permissions/CRT/Reports/SendAsDelegates.csv',
    'crt-sendasdelegates-csv',
    'windows-1252',
    [
      'Get-EXORecipientPermission rows, then the Get-EXOMailbox objects of mailboxes with GrantSendOnBehalfTo ' +
        '(only Identity filled)',
    ],
    ['Identity', 'Trustee', 'AccessControlType', 'AccessRights', 'IsInherited', 'InheritanceType'],
  );
  const hawkFwd = open(
    ctx,
    'permissions/Hawk/User_ForwardingReport.csv',
    'hawk-forwarding-csv',
    'utf-8-bom',
    ['Hawk Get-HawkUserEmailForwarding, Windows PowerShell 5.1, -Encoding UTF8'],
    [
      'DisplayName',
      'UserPrincipalName',
      'PrimarySMTPAddress',
      'ForwardingSMTPAddress',
      'ForwardingAddress',
      'DeliverToMailboxAndForward',
      'WhenChangedUTC',
    ],
  );
  const exoMbx = open(
    ctx,
    'permissions/Get-EXOMailbox.csv',
    'get-mailbox-csv',
    'utf-8',
    [
      'Get-EXOMailbox -PropertySets Minimum,Delivery | Export-Csv, PowerShell 7',
      'GrantSendOnBehalfTo lost to the type name System.Collections.ArrayList',
    ],
    [
      'DisplayName',
      'Name',
      'Alias',
      'UserPrincipalName',
      'PrimarySmtpAddress',
      'RecipientTypeDetails',
      'GrantSendOnBehalfTo',
      'ForwardingAddress',
      'ForwardingSmtpAddress',
      'DeliverToMailboxAndForward',
      'WhenChangedUTC',
      'ExternalDirectoryObjectId',
      'Identity',
    ],
  );
  const folderPerm = open(
    ctx,
    'permissions/Get-MailboxFolderPermission.csv',
    'get-mailboxfolderpermission-csv',
    'utf-8',
    [
      'Get-EXOMailboxFolderPermission for Top of Information Store, Inbox and Calendar | Export-Csv, PowerShell 7',
      'AccessRights lost to System.Collections.ArrayList (type name assumed)',
    ],
    ['FolderName', 'User', 'AccessRights', 'SharingPermissionFlags', 'Identity', 'IsValid', 'ObjectState'],
  );
  const mandiant = open(
    ctx,
    'permissions/Mandiant/folder_permissions.csv',
    'mandiant-folder-permissions-csv',
    'utf-8',
    ['Mandiant Azure AD Investigator: Default/Anonymous entries other than None on Top of Information Store and Inbox'],
    ['UserPrincipalName', 'FolderName', 'User', 'AccessRights'],
  );
  const cas = open(
    ctx,
    'permissions/Get-CASMailbox.csv',
    'get-casmailbox-csv',
    'ascii',
    [
      'Get-CASMailbox | Export-Csv -NoTypeInformation under Windows PowerShell 5.1 without -Encoding: ' +
        'ASCII, non-ASCII characters become ?',
      'device-ID lists lost to System.Collections.ArrayList',
    ],
    [
      'Name',
      'DisplayName',
      'PrimarySmtpAddress',
      'ActiveSyncEnabled',
      'ActiveSyncAllowedDeviceIDs',
      'ActiveSyncBlockedDeviceIDs',
      'HasActiveSyncDevicePartnership',
      'EwsEnabled',
      'MAPIEnabled',
      'OWAEnabled',
      'PopEnabled',
      'ImapEnabled',
      'SmtpClientAuthenticationDisabled',
      'Identity',
    ],
  );
  const esPerm = open(
    ctx,
    `permissions/Microsoft-Extractor-Suite/Mailbox Permissions/${es}/${es}-MailboxPermissions.csv`,
    'extractor-suite-mailboxpermissions-csv',
    'utf-8-bom',
    [
      'Extractor-Suite Get-MailboxPermissions v4, Windows PowerShell 5.1, default -Encoding UTF8',
      'Default/Anonymous folder entries other than the defaults are written with the raw name (L)',
    ],
    [
      'UserPrincipalName',
      'DisplayName',
      'RecipientTypeDetails',
      'FullAccessUsers',
      'FullAccessPermissions',
      'SendAsUsers',
      'SendAsPermissions',
      'SendOnBehalfUsers',
      'CalendarUsers',
      'CalendarPermissions',
      'InboxUsers',
      'InboxPermissions',
      'FullAccessCount',
      'SendAsCount',
      'SendOnBehalfCount',
      'CalendarPermissionCount',
      'InboxPermissionCount',
    ],
  );

  // System mailbox provisioned in every tenant (benign noise in every dump).
  put(mbxPerm, [
    ARRAYLIST,
    'False',
    'All',
    'NT AUTHORITY\\SELF',
    'S-1-5-10',
    DISCOVERY_MAILBOX,
    'False',
    'True',
    'Unchanged',
  ]);
  put(mbxPerm, [
    ARRAYLIST,
    'False',
    'All',
    'Discovery Management',
    `${t.sidPrefix}-1118`,
    DISCOVERY_MAILBOX,
    'False',
    'True',
    'Unchanged',
  ]);
  put(crtFull, [DISCOVERY_MAILBOX, 'Discovery Management', 'FullAccess', 'False', 'False', 'All']);
  put(crtAny, [DISCOVERY_MAILBOX, 'Discovery Management', 'FullAccess', 'False', 'False', 'All']);
  const sendOnBehalfBoxes: User[] = [];

  for (const u of t.users) {
    const full = state.fullAccess.get(u.index) ?? [];
    const sendAs = state.sendAs.get(u.index) ?? [];
    const onBehalf = state.sendOnBehalf.get(u.index) ?? [];
    const fwd = state.forwarding.get(u.index);
    const changed = state.changed.get(u.index) ?? ctx.collected - (30 + (u.index % 300)) * 86_400_000;

    put(mbxPerm, [ARRAYLIST, 'False', 'All', 'NT AUTHORITY\\SELF', 'S-1-5-10', u.name, 'False', 'True', 'Unchanged']);
    for (const g of full) {
      const tr = who(t, g.trustee);
      put(mbxPerm, [ARRAYLIST, 'False', 'All', tr.upn, tr.sid, u.name, 'False', 'True', 'Unchanged'], g.actionId);
      const rights = g.rights.length > 1 ? 'System.Object[]' : g.rights[0]!;
      if (g.rights.includes('FullAccess')) put(crtFull, [u.name, tr.upn, rights, 'False', 'False', 'All'], g.actionId);
      put(crtAny, [u.name, tr.upn, rights, 'False', 'False', 'All'], g.actionId);
    }
    for (const g of sendAs)
      put(crtSendAs, [u.name, who(t, g.trustee).upn, 'Allow', 'SendAs', 'False', 'None'], g.actionId);
    if (onBehalf.length > 0) sendOnBehalfBoxes.push(u);

    if (u.recipientTypeDetails !== 'RoomMailbox') {
      put(
        hawkFwd,
        [
          u.displayName,
          u.upn,
          u.upn,
          fwd?.smtp ?? '',
          fwd?.address != null ? who(t, fwd.address).name : '',
          fwd ? (fwd.deliverAndForward ? 'True' : 'False') : 'False',
          usDate(changed),
        ],
        fwd?.actionId ?? null,
      );
    }
    put(
      exoMbx,
      [
        u.displayName,
        u.name,
        u.alias,
        u.upn,
        u.upn,
        u.recipientTypeDetails,
        ARRAYLIST,
        fwd?.address != null ? who(t, fwd.address).name : '',
        fwd?.smtp ?? '',
        fwd ? (fwd.deliverAndForward ? 'True' : 'False') : 'False',
        usDate(changed),
        u.objectId,
        u.name,
      ],
      fwd?.actionId ?? null,
    );

    const perFolder = new Map<FolderName, FolderGrant[]>();
    for (const folder of FOLDERS) {
      const entries = folderEntries(ctx, u.index, folder);
      perFolder.set(folder, entries);
      if (u.recipientTypeDetails === 'RoomMailbox') continue;
      const identity = `${u.upn}:\\${folder === 'Top of Information Store' ? '' : folder}`;
      for (const g of entries) {
        const user = typeof g.user === 'number' ? who(t, g.user).displayName : g.user;
        put(
          folderPerm,
          [folder, user, ARRAYLIST, g.flags, identity, 'True', 'Unchanged'],
          typeof g.user === 'number' ? g.actionId : null,
        );
        if (folder !== 'Calendar' && typeof g.user !== 'number' && g.rights !== 'None')
          put(mandiant, [u.upn, folder, g.user, g.rights], g.actionId);
      }
    }
    const device = state.devices.get(u.index);
    put(cas, [
      u.name,
      u.displayName,
      u.upn,
      isPerson(u) ? 'True' : 'False',
      ARRAYLIST,
      ARRAYLIST,
      u.mobile || device ? 'True' : 'False',
      'True',
      'True',
      'True',
      'False',
      'False',
      '',
      u.name,
    ]);

    esRow(esPerm, t, u, full, sendAs, onBehalf, perFolder);
    if ((u.index & 1023) === 0) await drain();
  }
  for (const u of sendOnBehalfBoxes) {
    const ids = (state.sendOnBehalf.get(u.index) ?? []).map((g) => g.actionId);
    put(crtSendAs, [u.name, '', '', '', '', ''], ids.find((x) => x !== null) ?? null);
  }
  await writeConfigDumps(ctx, drain);
}

function esRow(
  out: Output,
  t: Tenant,
  u: User,
  full: Grant[],
  sendAs: Grant[],
  onBehalf: Grant[],
  folders: Map<FolderName, FolderGrant[]>,
): void {
  const shown = (g: FolderGrant): boolean => typeof g.user === 'number' || !isDefaultRight(g);
  const cal = (folders.get('Calendar') ?? []).filter(shown);
  const inbox = (folders.get('Inbox') ?? []).filter(shown);
  const name = (g: FolderGrant, withSmtp: boolean): string =>
    typeof g.user === 'number' ? (withSmtp ? label(who(t, g.user)) : who(t, g.user).displayName) : g.user;
  const cells = [
    u.upn,
    u.displayName,
    u.recipientTypeDetails,
    full.map((g) => label(who(t, g.trustee))).join('; '),
    full
      .map((g) => `${label(who(t, g.trustee))} - Rights: ${g.rights.join(',')}, Deny: False, Inheritance: All`)
      .join(' | '),
    sendAs.map((g) => label(who(t, g.trustee))).join('; '),
    sendAs.map((g) => `${label(who(t, g.trustee))} - Type: Allow, Rights: SendAs, Inheritance: None`).join(' | '),
    onBehalf.map((g) => label(who(t, g.trustee))).join('; '),
    cal.map((g) => `${name(g, true)} - ${g.rights}`).join('; '),
    cal.map((g) => `${name(g, false)}: ${g.rights}`).join(' | '),
    inbox.map((g) => `${name(g, true)} - ${g.rights}`).join('; '),
    inbox.map((g) => `${name(g, false)}: ${g.rights}`).join(' | '),
    full.length,
    sendAs.length,
    onBehalf.length,
    cal.length,
    inbox.length,
  ];
  out.file.line(row(cells));
  out.count(null);
  for (const g of [...full, ...sendAs, ...onBehalf, ...cal, ...inbox]) out.shows(g.actionId);
}
