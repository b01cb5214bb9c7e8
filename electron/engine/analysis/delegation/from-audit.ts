/**
 * Audit records that add, change or remove mailbox access, read as delegation changes: who got
 * which access to which mailbox, when, granted by whom from where. One reader per operation: the
 * Exchange permission cmdlets, the mailbox's own folder-permission records and the Entra app-role /
 * consent operations.
 */
import { groupMailboxPrincipal } from '../../exchange/folders.js';
import { mailRoleName } from '../../exchange/mail-scopes.js';
import { lookup } from '../../records/parameters.js';
import type { IdentityResolver } from '../identity-resolver.js';
import { changeFromAudit, splitRights, type AuditRow } from './types.js';
import type { DelegationChange } from '../../records/delegation.js';
import { textOf } from '../../records/values.js';

type Reader = (row: AuditRow, ids: IdentityResolver) => DelegationChange[];

/** `@{Add="a","b"; Remove="c"}` (PowerShell hashtable syntax), a joined list, or one value. */
function parseMultiValue(value: string): { add: string[]; remove: string[]; replace: string[] | null } {
  const hash = /^@\{(.*)\}$/s.exec(value.trim());
  if (hash) {
    const out = { add: [] as string[], remove: [] as string[], replace: null };
    for (const m of hash[1]!.matchAll(/(Add|Remove)\s*=\s*([^;]*)/gi)) {
      const items = m[2]!
        .split(',')
        .map((s) => s.trim().replace(/^["']|["']$/g, ''))
        .filter(Boolean);
      (m[1]!.toLowerCase() === 'add' ? out.add : out.remove).push(...items);
    }
    return out;
  }
  const items = value
    .split(/[,;]/)
    .map((s) => s.trim().replace(/^["']|["']$/g, ''))
    .filter(Boolean);
  return { add: [], remove: [], replace: items };
}

const mailboxOf = (row: AuditRow, ids: IdentityResolver) =>
  ids.resolve(lookup(row.params, 'Identity')) ?? row.target ?? '(unknown)';

const readers: Record<string, Reader> = {
  'Add-MailboxPermission': (row, ids) => {
    if (/^true$/i.test(lookup(row.params, 'Deny') ?? '')) return [];
    const trustee = ids.resolve(lookup(row.params, 'User'));
    if (!trustee) return [];
    const autoMapping = lookup(row.params, 'AutoMapping');
    return [
      changeFromAudit(row, {
        action: 'grant',
        kind: 'mailbox',
        mailbox: mailboxOf(row, ids),
        trustee,
        rights: splitRights(lookup(row.params, 'AccessRights')),
        folder: null,
        detail: autoMapping ? { autoMapping } : {},
      }),
    ];
  },
  'Remove-MailboxPermission': (row, ids) => {
    const trustee = ids.resolve(lookup(row.params, 'User'));
    return trustee
      ? [
          changeFromAudit(row, {
            action: 'remove',
            kind: 'mailbox',
            mailbox: mailboxOf(row, ids),
            trustee,
            rights: splitRights(lookup(row.params, 'AccessRights')),
            folder: null,
            detail: {},
          }),
        ]
      : [];
  },
  'Add-RecipientPermission': (row, ids) => sendAs(row, ids, 'grant', lookup(row.params, 'Trustee')),
  'Remove-RecipientPermission': (row, ids) => sendAs(row, ids, 'remove', lookup(row.params, 'Trustee')),
  'Add-ADPermission': (row, ids) =>
    /send-?as/i.test(lookup(row.params, 'ExtendedRights') ?? '')
      ? sendAs(row, ids, 'grant', lookup(row.params, 'User'))
      : [],
  'Remove-ADPermission': (row, ids) =>
    /send-?as/i.test(lookup(row.params, 'ExtendedRights') ?? '')
      ? sendAs(row, ids, 'remove', lookup(row.params, 'User'))
      : [],
  'Set-Mailbox': (row, ids) => {
    const out: DelegationChange[] = [];
    const mailbox = mailboxOf(row, ids);
    const sob = lookup(row.params, 'GrantSendOnBehalfTo');
    if (sob !== undefined) {
      const v = parseMultiValue(sob);
      const kind = 'send-on-behalf' as const;
      if (v.replace !== null && v.replace.length === 0)
        out.push(
          changeFromAudit(row, {
            action: 'remove',
            kind,
            mailbox,
            trustee: '*',
            rights: ['SendOnBehalf'],
            folder: null,
            detail: { cleared: 'true' },
          }),
        );
      for (const t of [...(v.replace ?? []), ...v.add])
        out.push(
          changeFromAudit(row, {
            action: 'grant',
            kind,
            mailbox,
            trustee: ids.resolve(t)!,
            rights: ['SendOnBehalf'],
            folder: null,
            detail: {},
          }),
        );
      for (const t of v.remove)
        out.push(
          changeFromAudit(row, {
            action: 'remove',
            kind,
            mailbox,
            trustee: ids.resolve(t)!,
            rights: ['SendOnBehalf'],
            folder: null,
            detail: {},
          }),
        );
    }
    for (const param of ['ForwardingSmtpAddress', 'ForwardingAddress']) {
      const fwd = lookup(row.params, param);
      if (fwd === undefined) continue;
      const dest = fwd.trim() === '' || /^\$?null$/i.test(fwd.trim()) ? null : ids.resolve(fwd);
      out.push(
        changeFromAudit(row, {
          action: dest ? 'grant' : 'remove',
          kind: 'forwarding',
          mailbox,
          trustee: dest ?? '*',
          rights: [param],
          folder: null,
          detail: { via: param, deliverToMailboxAndForward: lookup(row.params, 'DeliverToMailboxAndForward') ?? '' },
        }),
      );
    }
    return out;
  },
  'Add-MailboxFolderPermission': (row, ids) => folderCmdlet(row, ids, 'grant'),
  'Set-MailboxFolderPermission': (row, ids) => folderCmdlet(row, ids, 'grant'),
  'Remove-MailboxFolderPermission': (row, ids) => folderCmdlet(row, ids, 'remove'),
  AddFolderPermissions: (row, ids) => folderRecord(row, ids, 'grant'),
  ModifyFolderPermissions: (row, ids) => folderRecord(row, ids, 'grant'),
  RemoveFolderPermissions: (row, ids) => folderRecord(row, ids, 'remove'),
  'Set-CASMailbox': (row, ids) => {
    const devices = lookup(row.params, 'ActiveSyncAllowedDeviceIDs');
    if (devices === undefined) return [];
    const v = parseMultiValue(devices);
    const mailbox = mailboxOf(row, ids);
    const mk = (action: 'grant' | 'remove', id: string) =>
      changeFromAudit(row, {
        action,
        kind: 'activesync-device',
        mailbox,
        trustee: id,
        rights: ['ActiveSyncAllowedDeviceID'],
        folder: null,
        detail: {},
      });
    return [...[...(v.replace ?? []), ...v.add].map((d) => mk('grant', d)), ...v.remove.map((d) => mk('remove', d))];
  },
  'New-ManagementRoleAssignment': (row, ids) => {
    const role = lookup(row.params, 'Role') ?? '';
    if (!/applicationimpersonation|mailbox import export/i.test(role)) return [];
    const holder = ids.resolve(
      lookup(row.params, 'User') ?? lookup(row.params, 'SecurityGroup') ?? lookup(row.params, 'App'),
    );
    return holder
      ? [
          changeFromAudit(row, {
            action: 'grant',
            kind: 'impersonation',
            mailbox: '*',
            trustee: holder,
            rights: [role],
            folder: null,
            detail: {},
          }),
        ]
      : [];
  },
  'Add app role assignment to service principal.': (row) => appRole(row, 'grant'),
  'Add app role assignment to service principal': (row) => appRole(row, 'grant'),
  'Remove app role assignment from service principal.': (row) => appRole(row, 'remove'),
  'Add delegated permission grant.': (row) => delegatedGrant(row),
  'Add delegated permission grant': (row) => delegatedGrant(row),
  'Consent to application.': (row) => consent(row),
  'Consent to application': (row) => consent(row),
};

/**
 * `ConsentAction.Permissions` is a bracketed pseudo-list, not JSON:
 * `[] => [[Id: …, ClientId: …, ConsentType: AllPrincipals, Scope: Mail.Read User.Read, …]]; `.
 */
function consent(row: AuditRow): DelegationChange[] {
  const perms = modified(row, 'ConsentAction.Permissions') ?? '';
  const scopes = [...perms.matchAll(/Scope:\s*([^,\]]*)/g)].flatMap((m) => m[1]!.trim().split(/\s+/)).filter(Boolean);
  if (scopes.length === 0) return [];
  const allPrincipals =
    /ConsentType:\s*AllPrincipals/i.test(perms) ||
    /^true$/i.test(unquote(modified(row, 'ConsentContext.OnBehalfOfAll') ?? ''));
  const adminConsent = /^true$/i.test(unquote(modified(row, 'ConsentContext.IsAdminConsent') ?? ''));
  return [
    changeFromAudit(row, {
      action: 'grant',
      kind: 'delegated-grant',
      mailbox: allPrincipals ? '*' : (row.actor ?? '*'),
      trustee: `app:${targetName(row)}`,
      rights: [...new Set(scopes)],
      folder: null,
      detail: { consent: 'true', adminConsent: String(adminConsent), spObjectId: textOf(row.data.ObjectId) },
    }),
  ];
}

function sendAs(
  row: AuditRow,
  ids: IdentityResolver,
  action: 'grant' | 'remove',
  who: string | undefined,
): DelegationChange[] {
  const trustee = ids.resolve(who);
  return trustee
    ? [
        changeFromAudit(row, {
          action,
          kind: 'send-as',
          mailbox: mailboxOf(row, ids),
          trustee,
          rights: ['SendAs'],
          folder: null,
          detail: {},
        }),
      ]
    : [];
}

/** `Identity` is `user@domain:\Inbox` for the folder cmdlets. */
function folderCmdlet(row: AuditRow, ids: IdentityResolver, action: 'grant' | 'remove'): DelegationChange[] {
  const identity = lookup(row.params, 'Identity') ?? '';
  const sep = identity.indexOf(':');
  const mailbox = ids.resolve(sep >= 0 ? identity.slice(0, sep) : identity) ?? row.target ?? '(unknown)';
  const folder =
    sep >= 0 ? identity.slice(sep + 1).replace(/^\\+/, '') || 'Top of Information Store' : 'Top of Information Store';
  const trustee = ids.resolve(lookup(row.params, 'User'));
  if (!trustee) return [];
  const rights = splitRights(lookup(row.params, 'AccessRights'));
  const none = rights.length === 1 && rights[0]!.toLowerCase() === 'none';
  return [
    changeFromAudit(row, {
      action: none ? 'remove' : action,
      kind: 'folder',
      mailbox,
      trustee,
      rights,
      folder,
      detail: { sharingFlags: lookup(row.params, 'SharingPermissionFlags') ?? '' },
    }),
  ];
}

/**
 * The service configuring a Microsoft 365 group's mailbox (`Action=ConfigureGroupMailbox`, as SYSTEM):
 * there Member@local / Owner@local are the group's members and owners.
 */
const provisionsGroupMailbox = (row: AuditRow): boolean =>
  /ConfigureGroupMailbox/i.test(textOf(row.data.ClientInfoString)) || /^s-1-5-18$/i.test(row.actor ?? '');

/**
 * Anywhere else a mailbox-side record names the folder's Default entry Member@local (the dump of the
 * same folder lists it as Default): everyone in the organisation, not a group's members.
 */
const memberLocalAsDefault = (member: string): string | null =>
  /^member@local$/i.test(member.trim()) ? 'Default' : null;

/** Mailbox-side folder sharing records: Item.ParentFolder carries the member and rights. */
function folderRecord(row: AuditRow, ids: IdentityResolver, action: 'grant' | 'remove'): DelegationChange[] {
  const folder = (row.data.Item as { ParentFolder?: Record<string, unknown> } | undefined)?.ParentFolder;
  if (!folder) return [];
  const member = textOf(folder.MemberUpn);
  const mailbox = row.target ?? '(unknown)';
  const trustee =
    (provisionsGroupMailbox(row) ? groupMailboxPrincipal(member, mailbox) : memberLocalAsDefault(member)) ??
    (/^anonymous/i.test(member) ? 'Anonymous' : ids.resolve(member));
  if (!trustee) return [];
  const rights = textOf(folder.MemberRights).split(/,\s*/).filter(Boolean);
  const name = textOf(folder.Name ?? folder.Path).replace(/^\\+/, '') || 'Top of Information Store';
  const none = rights.length === 0 || (rights.length === 1 && rights[0] === 'None');
  return [
    changeFromAudit(row, {
      action: none ? 'remove' : action,
      kind: 'folder',
      mailbox,
      trustee,
      rights,
      folder: name,
      detail: { memberSid: textOf(folder.MemberSid) },
    }),
  ];
}

function modified(row: AuditRow, name: string): string | undefined {
  const list = row.data.ModifiedProperties;
  if (Array.isArray(list)) {
    for (const p of list as Array<{ Name?: string; NewValue?: unknown }>)
      if (p.Name?.toLowerCase() === name.toLowerCase()) return textOf(p.NewValue);
  }
  return lookup(row.params, name);
}

function targetName(row: AuditRow): string {
  const targets = row.data.Target;
  if (Array.isArray(targets)) {
    const named = (targets as Array<{ ID?: string; Type?: number }>).find((t) => t.Type === 1);
    if (named?.ID) return named.ID;
  }
  return row.target ?? '(unknown resource)';
}

const unquote = (s: string) => s.replace(/^\[?\s*"?|"?\s*\]?$/g, '').trim();

function appRole(row: AuditRow, action: 'grant' | 'remove'): DelegationChange[] {
  const roleValue = unquote(modified(row, 'AppRole.Value') ?? '');
  const roleId = unquote(modified(row, 'AppRole.Id') ?? '').toLowerCase();
  const role = roleValue || mailRoleName(roleId) || roleId;
  const app =
    unquote(modified(row, 'ServicePrincipal.DisplayName') ?? '') ||
    unquote(modified(row, 'ServicePrincipal.AppId') ?? '') ||
    '(unknown app)';
  if (!role) return [];
  return [
    changeFromAudit(row, {
      action,
      kind: 'app-role',
      mailbox: '*',
      trustee: `app:${app}`,
      rights: [role],
      folder: null,
      detail: {
        resource: targetName(row),
        appId: unquote(modified(row, 'ServicePrincipal.AppId') ?? ''),
        spObjectId: unquote(modified(row, 'ServicePrincipal.ObjectID') ?? ''),
      },
    }),
  ];
}

function delegatedGrant(row: AuditRow): DelegationChange[] {
  const scope = unquote(modified(row, 'DelegatedPermissionGrant.Scope') ?? '');
  const consent = unquote(modified(row, 'DelegatedPermissionGrant.ConsentType') ?? '');
  const app =
    unquote(modified(row, 'ServicePrincipal.DisplayName') ?? '') ||
    unquote(modified(row, 'ServicePrincipal.ObjectID') ?? '') ||
    targetName(row);
  const scopes = scope.split(/\s+/).filter(Boolean);
  if (scopes.length === 0) return [];
  return [
    changeFromAudit(row, {
      action: 'grant',
      kind: 'delegated-grant',
      mailbox: /allprincipals/i.test(consent) || consent === '' ? '*' : (row.actor ?? '*'),
      trustee: `app:${app}`,
      rights: scopes,
      folder: null,
      detail: { consentType: consent, spObjectId: unquote(modified(row, 'ServicePrincipal.ObjectID') ?? '') },
    }),
  ];
}

export function changesFromAudit(row: AuditRow, ids: IdentityResolver): DelegationChange[] {
  const reader = readers[row.operation];
  return reader ? reader(row, ids).filter((c) => c.trustee !== '' && c.mailbox !== '') : [];
}

export const DELEGATION_OPERATIONS = Object.keys(readers);
