/**
 * The attack stories (T1098.002 and what surrounds it), planted into the baseline. Times are placed
 * relative to the window so any window of 3+ days holds the whole story. Everything is materialised
 * up front: a story is a few hundred records at most.
 */
import {
  APP_EXCHANGE,
  APP_GRAPH,
  APP_OWA,
  entraRecord,
  exchangeAdmin,
  folderId,
  itemId,
  mailboxRecord,
  mailItemsAccessed,
  OWA_CLIENT,
  REST_CLIENT,
  ROLE_FULL_ACCESS_AS_APP,
  ROLE_MAIL_READ,
  ROLE_MAIL_READWRITE,
  signIn,
  USER_AGENTS,
  type Params,
} from './audit-data.js';
import { DAY, HOUR, MINUTE, usDate } from './clock.js';
import { internalMessageId, messageSize, outgoing } from './mail.js';
import type { AuditRecord, MailMessage } from './model.js';
import { Rng } from './random.js';
import type { PermissionState } from './state.js';
import type { Action, Planted } from './story-types.js';
import { isPerson, role, userAt, type Tenant, type User } from './tenant.js';

export const ATTACKER_IPS = { admin: '203.0.113.77', delegate: '203.0.113.45', phish: '203.0.113.112' } as const;
export const FORWARD_TO = 'd.okafor.archive@secure-mailvault.example';
const OWA_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36';

export interface Story {
  actions: Action[];
  planted: Planted[];
}

export function plantAttacks(tenant: Tenant, state: PermissionState, seed: number, start: number, days: number): Story {
  const rng = Rng.of(seed, 'attack');
  const t = tenant;
  const ceo = role(t, 'ceo');
  const cfo = role(t, 'cfo');
  const counsel = role(t, 'counsel');
  const coo = role(t, 'coo');
  const admin = role(t, 'it-admin');
  const delegate = userAt(t, 9);
  const phishers = [delegate, userAt(t, 10), userAt(t, 11), userAt(t, 12)];
  const svc = userAt(t, 13);
  const a1 = Math.max(1, Math.floor(days * 0.3));
  const a2 = Math.min(days - 1, a1 + 1);
  const a3 = Math.min(days - 1, a1 + 2);
  const at = (day: number, h: number, m: number, s = 0): number => start + day * DAY + h * HOUR + m * MINUTE + s * 1000;
  const app = { name: 'Mail Archiver Sync', appId: rng.guid(), sp: rng.guid(), graphSp: rng.guid(), exoSp: rng.guid() };

  const actions: Action[] = [];
  const planted: Planted[] = [];
  let n = 0;
  const action = (
    technique: string,
    kind: string,
    actor: string,
    principals: readonly string[],
    time: number,
    description: string,
    inLogWindow = true,
  ): string => {
    const id = `A${String(++n).padStart(2, '0')}`;
    actions.push({
      id,
      technique,
      kind,
      actor: actor.toLowerCase(),
      principals: [...new Set(principals.map((p) => p.toLowerCase()))],
      time: new Date(time).toISOString(),
      inLogWindow,
      description,
    });
    return id;
  };
  const audit = (r: AuditRecord): void => void planted.push({ time: r.time, audit: r });
  const mail = (m: MailMessage): void => void planted.push({ time: m.time, mail: m });
  const session = rng.guid();
  const adminCmd = (time: number, operation: string, target: User, parameters: Params, actionId: string): void =>
    audit(
      exchangeAdmin(t, rng, {
        time,
        actor: admin,
        operation,
        object: target.name,
        parameters,
        clientIp: ATTACKER_IPS.admin,
        sessionId: session,
        actionId,
      }),
    );

  // 1. Stolen admin credentials, then a burst of grants at night (local time 03:00).
  let time = at(a1, 1, 48, 12);
  audit(
    signIn(
      t,
      rng,
      time,
      admin,
      ATTACKER_IPS.admin,
      USER_AGENTS[0]!,
      action(
        'T1078.004',
        'attacker-sign-in',
        admin.upn,
        [admin.upn],
        time,
        'IT admin account signs in from an attacker address at night',
      ),
    ),
  );
  const grants: [User, string, string][] = [
    [ceo, 'FullAccess', '03'],
    [cfo, 'FullAccess', '04'],
    [counsel, 'FullAccess', '05'],
    [coo, 'ReadPermission', '06'],
  ];
  let counselGrant = 0;
  for (const [victim, right, minute] of grants) {
    time = at(a1, 2, Number(minute), rng.int(50));
    const id = action(
      'T1098.002',
      'mailbox-permission-grant',
      admin.upn,
      [admin.upn, victim.upn, delegate.upn],
      time,
      `${right} on ${victim.displayName}'s mailbox granted to ${delegate.displayName} with AutoMapping False`,
    );
    adminCmd(
      time,
      'Add-MailboxPermission',
      victim,
      [
        ['Identity', victim.upn],
        ['User', delegate.upn],
        ['AccessRights', right],
        ['InheritanceType', 'All'],
        ['AutoMapping', 'False'],
      ],
      id,
    );
    state.grantMailbox(victim.index, { trustee: delegate.index, rights: [right], actionId: id }, time);
    if (victim === counsel) counselGrant = time;
  }
  time = at(a1, 2, 8, 20);
  let id = action(
    'T1098.002',
    'recipient-permission-grant',
    admin.upn,
    [admin.upn, cfo.upn, delegate.upn],
    time,
    `SendAs on ${cfo.displayName} granted to ${delegate.displayName}`,
  );
  adminCmd(
    time,
    'Add-RecipientPermission',
    cfo,
    [
      ['Identity', cfo.upn],
      ['Trustee', delegate.upn],
      ['AccessRights', 'SendAs'],
      ['Confirm', 'False'],
    ],
    id,
  );
  state.grantSendAs(cfo.index, { trustee: delegate.index, rights: ['SendAs'], actionId: id }, time);
  time = at(a1, 2, 9, 41);
  id = action(
    'T1098.002',
    'send-on-behalf-grant',
    admin.upn,
    [admin.upn, cfo.upn, delegate.upn],
    time,
    `GrantSendOnBehalfTo on ${cfo.displayName} set to ${delegate.displayName}`,
  );
  adminCmd(
    time,
    'Set-Mailbox',
    cfo,
    [
      ['Identity', cfo.upn],
      ['GrantSendOnBehalfTo', delegate.upn],
    ],
    id,
  );
  state.grantSendOnBehalf(cfo.index, { trustee: delegate.index, rights: ['SendOnBehalf'], actionId: id }, time);
  const folderGrants: [User, 'Inbox' | 'Top of Information Store', User | 'Default' | 'Anonymous', string, number][] = [
    [coo, 'Inbox', delegate, 'Reviewer', 11],
    [cfo, 'Inbox', 'Default', 'Reviewer', 12],
    [counsel, 'Top of Information Store', 'Anonymous', 'Reviewer', 13],
  ];
  for (const [victim, folder, member, rights, minute] of folderGrants) {
    time = at(a1, 2, minute, rng.int(50));
    const memberName = typeof member === 'string' ? member : member.upn;
    id = action(
      'T1098.002',
      'folder-permission-grant',
      admin.upn,
      [admin.upn, victim.upn, ...(typeof member === 'string' ? [] : [member.upn])],
      time,
      `${rights} on ${victim.displayName}'s ${folder} granted to ${memberName}`,
    );
    const identity = `${victim.upn}:\\${folder === 'Inbox' ? 'Inbox' : ''}`;
    adminCmd(
      time,
      'Add-MailboxFolderPermission',
      victim,
      [
        ['Identity', identity],
        ['User', memberName],
        ['AccessRights', rights],
      ],
      id,
    );
    state.grantFolder(
      victim.index,
      { folder, user: typeof member === 'string' ? member : member.index, rights, flags: '', actionId: id },
      time,
    );
  }
  time = at(a1, 2, 15, 3);
  id = action(
    'T1114.003',
    'external-forwarding',
    admin.upn,
    [admin.upn, cfo.upn, FORWARD_TO],
    time,
    `${cfo.displayName}'s mail forwarded to an external address`,
  );
  adminCmd(
    time,
    'Set-Mailbox',
    cfo,
    [
      ['Identity', cfo.upn],
      ['ForwardingSmtpAddress', `smtp:${FORWARD_TO}`],
      ['DeliverToMailboxAndForward', 'True'],
    ],
    id,
  );
  state.setForwarding(
    cfo.index,
    { smtp: `smtp:${FORWARD_TO}`, address: null, deliverAndForward: true, actionId: id },
    time,
  );
  time = at(a1, 2, 17, 30);
  const device = rng.alnum(32);
  id = action(
    'T1098.002',
    'activesync-device-allowed',
    admin.upn,
    [admin.upn, ceo.upn],
    time,
    `ActiveSync device ${device} allowed on ${ceo.displayName}'s mailbox`,
  );
  adminCmd(
    time,
    'Set-CASMailbox',
    ceo,
    [
      ['Identity', ceo.upn],
      ['ActiveSyncAllowedDeviceIDs', device],
    ],
    id,
  );
  state.allowDevice(ceo.index, device, id, time);

  // 2. An application gets mailbox-wide read rights (APT29 style), then reads executives' mail.
  const entra = (
    minute: number,
    sec: number,
    operation: string,
    objectId: string,
    modified: readonly (readonly [string, string, string?])[],
    target: readonly (readonly [string, number])[],
    kind: string,
    technique: string,
    what: string,
  ): void => {
    const when = at(a1, 2, minute, sec);
    const aid = action(technique, kind, admin.upn, [admin.upn, app.appId], when, what);
    audit(
      entraRecord(t, rng, {
        time: when,
        actor: admin,
        operation,
        objectId,
        clientIp: ATTACKER_IPS.admin,
        modified,
        target,
        category: 'ServicePrincipal',
        actionId: aid,
      }),
    );
  };
  const arr = (v: string): string => `[\r\n  "${v}"\r\n]`;
  const spTarget = (obj: string, name: string, appId: string): [string, number][] => [
    [`ServicePrincipal_${obj}`, 2],
    [obj, 2],
    ['ServicePrincipal', 2],
    [name, 1],
    [appId, 2],
    [appId, 4],
  ];
  entra(
    21,
    4,
    'Add service principal.',
    app.sp,
    [
      ['AccountEnabled', '[\r\n  true\r\n]', '[]'],
      ['AppPrincipalId', arr(app.appId), '[]'],
      ['DisplayName', arr(app.name), '[]'],
      ['ServicePrincipalName', arr(app.appId), '[]'],
      ['Included Updated Properties', 'AccountEnabled, AppPrincipalId, DisplayName, ServicePrincipalName'],
    ],
    spTarget(app.sp, app.name, app.appId),
    'service-principal-added',
    'T1098.003',
    `Service principal "${app.name}" created`,
  );
  const roles: [string, string, string, string, string, string][] = [
    [ROLE_MAIL_READ, 'Mail.Read', 'Read mail in all mailboxes', APP_GRAPH, app.graphSp, 'Microsoft Graph'],
    [
      ROLE_MAIL_READWRITE,
      'Mail.ReadWrite',
      'Read and write mail in all mailboxes',
      APP_GRAPH,
      app.graphSp,
      'Microsoft Graph',
    ],
    [
      ROLE_FULL_ACCESS_AS_APP,
      'full_access_as_app',
      'Use Exchange Web Services with full access to all mailboxes',
      APP_EXCHANGE,
      app.exoSp,
      'Office 365 Exchange Online',
    ],
  ];
  roles.forEach(([roleId, value, display, resourceApp, resourceSp, resourceName], k) => {
    const created = usDate(at(a1, 2, 23 + k, 10));
    entra(
      23 + k,
      10,
      'Add app role assignment to service principal.',
      resourceApp,
      [
        ['AppRole.Id', roleId],
        ['AppRole.Value', value],
        ['AppRole.DisplayName', display],
        ['AppRoleAssignment.CreatedDateTime', created],
        ['AppRoleAssignment.LastModifiedDateTime', created],
        ['ServicePrincipal.ObjectID', app.sp],
        ['ServicePrincipal.DisplayName', app.name],
        ['ServicePrincipal.AppId', app.appId],
        ['ServicePrincipal.Name', app.name],
        [
          'TargetId.ServicePrincipalNames',
          `${resourceApp};` +
            (resourceApp === APP_GRAPH ? 'https://graph.microsoft.com' : 'https://outlook.office365.com'),
        ],
      ],
      spTarget(resourceSp, resourceName, resourceApp),
      'app-role-assignment',
      'T1098.002',
      `${value} application role assigned to "${app.name}"`,
    );
  });
  entra(
    26,
    31,
    'Add delegated permission grant.',
    app.graphSp,
    [
      ['DelegatedPermissionGrant.Scope', ' Mail.ReadWrite offline_access'],
      ['DelegatedPermissionGrant.ConsentType', 'AllPrincipals'],
      ['ServicePrincipal.ObjectID', app.sp],
      ['TargetId.ServicePrincipalNames', `${APP_GRAPH};https://graph.microsoft.com`],
    ],
    spTarget(app.graphSp, 'Microsoft Graph', APP_GRAPH),
    'delegated-permission-grant',
    'T1098.002',
    `Delegated Mail.ReadWrite granted to "${app.name}" for all users`,
  );
  entra(
    26,
    33,
    'Consent to application.',
    app.sp,
    [
      ['ConsentContext.IsAdminConsent', 'True'],
      ['ConsentContext.IsAppOnly', 'False'],
      ['ConsentContext.OnBehalfOfAll', 'True'],
      ['ConsentContext.Tags', 'WindowsAzureActiveDirectoryIntegratedApp'],
      [
        'ConsentAction.Permissions',
        `[] => [[Id: ${rng.alnum(43)}, ClientId: ${app.sp}, PrincipalId: , ResourceId: ${app.graphSp}, ` +
          'ConsentType: AllPrincipals, Scope: Mail.ReadWrite offline_access, ' +
          'CreatedDateTime: , LastModifiedDateTime ]]; ',
      ],
      ['TargetId.ServicePrincipalNames', app.appId],
    ],
    spTarget(app.sp, app.name, app.appId),
    'consent',
    'T1528',
    `Admin consent granted to "${app.name}"`,
  );
  const appTargets = [ceo, cfo, counsel, coo, role(t, 'assistant'), role(t, 'ap-clerk')];
  time = at(a1, 3, 2);
  id = action(
    'T1114.002',
    'app-mail-access',
    app.appId,
    [app.appId, ...appTargets.map((u) => u.upn)],
    time,
    `"${app.name}" reads ${appTargets.length} mailboxes through Microsoft Graph`,
  );
  appTargets.forEach((owner, k) => {
    for (let s = 0; s < 2; s++) {
      audit(
        mailItemsAccessed(t, rng, {
          time: time + k * 4 * MINUTE + s * 95_000,
          actor: owner,
          owner,
          logonType: 0,
          clientIp: ATTACKER_IPS.admin,
          clientInfo: REST_CLIENT,
          appId: APP_GRAPH,
          clientAppId: app.appId,
          accessType: 'Bind',
          folders: [{ path: '\\Inbox', items: items(t, rng, 25 + rng.int(40)) }],
          throttled: k === 0 && s === 1,
          actionId: id,
        }),
      );
    }
  });

  // 3. The delegate uses the grants: logons, reading, folder changes, rules, sending.
  time = at(a1, 7, 40, 5);
  audit(
    signIn(
      t,
      rng,
      time,
      delegate,
      ATTACKER_IPS.delegate,
      OWA_UA,
      action(
        'T1078.004',
        'attacker-sign-in',
        delegate.upn,
        [delegate.upn],
        time,
        `${delegate.displayName}'s account signs in from an attacker address`,
      ),
    ),
  );
  for (const victim of [ceo, counsel]) {
    time = at(a1, 7, victim === ceo ? 42 : 51, rng.int(50));
    id = action(
      'T1114.002',
      'delegate-logon',
      delegate.upn,
      [delegate.upn, victim.upn],
      time,
      `${delegate.displayName} opens ${victim.displayName}'s mailbox as a delegate`,
    );
    audit(
      mailboxRecord(t, rng, {
        time,
        operation: 'MailboxLogin',
        recordType: 2,
        actor: delegate,
        owner: victim,
        logonType: 2,
        clientIp: ATTACKER_IPS.delegate,
        clientInfo: OWA_CLIENT,
        actionId: id,
      }),
    );
    const readId = action(
      'T1114.002',
      'mail-items-accessed',
      delegate.upn,
      [delegate.upn, victim.upn],
      time + 60_000,
      `${delegate.displayName} reads ${victim.displayName}'s mail`,
    );
    const lastDay = victim === counsel ? Math.min(days - 1, a2) : days - 1;
    for (let d = a1; d <= lastDay; d++) {
      const base = d === a1 ? time + 60_000 : at(d, 8, rng.int(50), rng.int(60));
      for (let s = 0; s < 3; s++) {
        audit(
          mailItemsAccessed(t, rng, {
            time: base + s * 7 * MINUTE,
            actor: delegate,
            owner: victim,
            logonType: 2,
            clientIp: ATTACKER_IPS.delegate,
            clientInfo: `Client=OWA;${OWA_UA};`,
            appId: APP_OWA,
            clientAppId: '',
            accessType: 'Bind',
            folders: [{ path: s === 2 ? '\\Sent Items' : '\\Inbox', items: items(t, rng, 5 + rng.int(30)) }],
            actionId: readId,
          }),
        );
      }
    }
  }
  time = at(a1, 8, 5, 12);
  id = action(
    'T1098.002',
    'folder-permission-grant',
    delegate.upn,
    [delegate.upn, ceo.upn],
    time,
    `${delegate.displayName} gives Default (everyone in the organisation) read access to ${ceo.displayName}'s Inbox`,
  );
  audit(
    mailboxRecord(t, rng, {
      time,
      operation: 'ModifyFolderPermissions',
      recordType: 2,
      actor: delegate,
      owner: ceo,
      logonType: 2,
      clientIp: ATTACKER_IPS.delegate,
      clientInfo: OWA_CLIENT,
      actionId: id,
      extra: {
        Item: {
          Id: folderId(ceo, '\\Inbox'),
          ParentFolder: {
            Id: folderId(ceo, '\\Inbox'),
            MemberRights: 'ReadAny, Visible',
            MemberSid: 'S-1-8-4046924902-1173936816-1952374663-64576300-1',
            MemberUpn: 'Member@local',
            Name: 'Inbox',
            Path: '\\Inbox',
          },
        },
      },
    }),
  );
  state.grantFolder(ceo.index, { folder: 'Inbox', user: 'Default', rights: 'Reviewer', flags: '', actionId: id }, time);
  time = at(a1, 8, 6, 40);
  id = action(
    'T1098.002',
    'folder-permission-grant',
    delegate.upn,
    [delegate.upn, ceo.upn],
    time,
    `${delegate.displayName} adds their own account to ${ceo.displayName}'s Top of Information Store`,
  );
  audit(
    mailboxRecord(t, rng, {
      time,
      operation: 'AddFolderPermissions',
      recordType: 2,
      actor: delegate,
      owner: ceo,
      logonType: 2,
      clientIp: ATTACKER_IPS.delegate,
      clientInfo: OWA_CLIENT,
      actionId: id,
      extra: {
        Item: {
          Id: folderId(ceo, '\\'),
          ParentFolder: {
            Id: folderId(ceo, '\\'),
            MemberRights: 'ReadAny, Visible',
            MemberSid: delegate.sid,
            MemberUpn: delegate.upn,
            Name: 'Top of Information Store',
            Path: '\\',
          },
        },
      },
    }),
  );
  state.grantFolder(
    ceo.index,
    { folder: 'Top of Information Store', user: delegate.index, rights: 'Reviewer', flags: '', actionId: id },
    time,
  );

  const rule = (when: number, owner: User, name: string, params: Params, what: string): void => {
    const aid = action('T1564.008', 'inbox-rule-hiding', delegate.upn, [delegate.upn, owner.upn], when, what);
    audit(
      exchangeAdmin(t, rng, {
        time: when,
        actor: delegate,
        operation: 'New-InboxRule',
        object: `${t.orgPath}/${owner.name}\\${name}`,
        appId: APP_OWA,
        clientIp: ATTACKER_IPS.delegate,
        parameters: [
          ['AlwaysDeleteOutlookRulesBlob', 'False'],
          ['Force', 'False'],
          ...(owner === delegate ? [] : [['Mailbox', owner.upn] as const]),
          ['Name', name],
          ...params,
        ],
        actionId: aid,
      }),
    );
  };
  rule(
    at(a2, 7, 55, 9),
    cfo,
    '.',
    [
      ['SubjectOrBodyContainsWords', 'invoice;payment;bank details;wire'],
      ['MoveToFolder', 'RSS Feeds'],
      ['MarkAsRead', 'True'],
      ['StopProcessingRules', 'True'],
    ],
    `Rule "." on ${cfo.displayName}'s mailbox hides payment mail in RSS Feeds`,
  );
  rule(
    at(a2, 7, 58, 30),
    delegate,
    '..',
    [
      ['SubjectContainsWords', 'phishing;suspicious;hacked;password'],
      ['DeleteMessage', 'True'],
      ['StopProcessingRules', 'True'],
    ],
    `Rule ".." on ${delegate.displayName}'s own mailbox deletes security warnings`,
  );

  const vendor = t.partners[0]!.contacts.find((c) => c.startsWith('accounts@')) ?? t.partners[0]!.contacts[0]!;
  const sendVia = (
    when: number,
    kind: 'SendAs' | 'SendOnBehalf',
    owner: User,
    to: string[],
    subject: string,
    aid: string,
  ): void => {
    const msg = outgoing(t, rng, {
      time: when,
      from: delegate,
      to,
      subject,
      clientIp: ATTACKER_IPS.delegate,
      senderAddress: owner.upn,
      actionId: aid,
    });
    const who =
      kind === 'SendAs'
        ? { SendAsUserMailboxGuid: owner.mailboxGuid, SendAsUserSmtp: owner.upn }
        : { SendOnBehalfOfUserMailboxGuid: owner.mailboxGuid, SendOnBehalfOfUserSmtp: owner.upn };
    audit(
      mailboxRecord(t, rng, {
        time: when,
        operation: kind,
        recordType: 2,
        actor: delegate,
        owner,
        logonType: 2,
        clientIp: ATTACKER_IPS.delegate,
        clientInfo: OWA_CLIENT,
        actionId: aid,
        extra: {
          Item: {
            Id: itemId(rng),
            InternetMessageId: msg.messageId,
            ParentFolder: { Id: folderId(owner, '\\Sent Items'), Path: '\\Sent Items' },
            SizeInBytes: msg.size,
            Subject: subject,
          },
          ...who,
        },
      }),
    );
    mail(msg);
  };
  time = at(a2, 9, 12, 44);
  sendVia(
    time,
    'SendAs',
    cfo,
    [vendor],
    'Updated bank details for March payments',
    action(
      'T1656',
      'send-as',
      delegate.upn,
      [delegate.upn, cfo.upn, vendor],
      time,
      `${delegate.displayName} sends as ${cfo.displayName} to a supplier with new bank details`,
    ),
  );
  const clerk = role(t, 'ap-clerk');
  time = at(a2, 9, 20, 5);
  sendVia(
    time,
    'SendOnBehalf',
    cfo,
    [clerk.upn],
    'Urgent: supplier bank change - please process today',
    action(
      'T1534',
      'send-on-behalf',
      delegate.upn,
      [delegate.upn, cfo.upn, clerk.upn],
      time,
      `${delegate.displayName} sends on behalf of ${cfo.displayName} to Accounts Payable`,
    ),
  );

  // 4. Cover tracks: one grant removed about 30 hours later.
  time = counselGrant + 30 * HOUR + 7 * MINUTE;
  id = action(
    'T1070',
    'permission-removal',
    admin.upn,
    [admin.upn, counsel.upn, delegate.upn],
    time,
    `FullAccess of ${delegate.displayName} on ${counsel.displayName}'s mailbox removed`,
  );
  audit(
    exchangeAdmin(t, rng, {
      time,
      actor: admin,
      operation: 'Remove-MailboxPermission',
      object: counsel.name,
      clientIp: ATTACKER_IPS.admin,
      actionId: id,
      parameters: [
        ['Identity', counsel.upn],
        ['User', delegate.upn],
        ['AccessRights', 'FullAccess'],
        ['InheritanceType', 'All'],
        ['Confirm', 'False'],
      ],
    }),
  );
  state.removeMailbox(counsel.index, delegate.index, ['FullAccess'], time);

  // 5. A grant older than the log window: only the permission dumps show it.
  time = start - 41 * DAY + 23 * HOUR + 12 * MINUTE;
  id = action(
    'T1098.002',
    'pre-window-grant',
    'unknown',
    [cfo.upn, svc.upn],
    time,
    `FullAccess of ${svc.displayName} on ${cfo.displayName}'s mailbox, granted before the audit window`,
    false,
  );
  state.grantMailbox(cfo.index, { trustee: svc.index, rights: ['FullAccess'], actionId: id }, time);

  // 6. Internal phishing burst from several real accounts within an hour.
  phishBurst(t, rng, at(a3, 9, 3), phishers, cfo, audit, mail, action);

  planted.sort((x, y) => x.time - y.time);
  return { actions, planted };
}

function items(t: Tenant, rng: Rng, count: number): { id: string; size: number }[] {
  return Array.from({ length: count }, () => ({ id: internalMessageId(t, rng), size: messageSize(rng) }));
}

type ActionFn = (
  technique: string,
  kind: string,
  actor: string,
  principals: readonly string[],
  time: number,
  description: string,
) => string;

function phishBurst(
  t: Tenant,
  rng: Rng,
  begin: number,
  senders: User[],
  cfo: User,
  audit: (r: AuditRecord) => void,
  mail: (m: MailMessage) => void,
  action: ActionFn,
): void {
  const people = t.users.filter((u) => isPerson(u) && !senders.includes(u));
  const perSender = Math.max(4, Math.min(35, Math.floor(people.length / 5)));
  senders.forEach((s, k) => {
    if (k > 0) {
      const when = begin - 14 * MINUTE + k * 61_000;
      audit(
        signIn(
          t,
          rng,
          when,
          s,
          ATTACKER_IPS.phish,
          OWA_UA,
          action(
            'T1078.004',
            'attacker-sign-in',
            s.upn,
            [s.upn],
            when,
            `${s.displayName}'s account signs in from an attacker address`,
          ),
        ),
      );
    }
  });
  const id = action(
    'T1534',
    'internal-phishing',
    senders[0]!.upn,
    [...senders.map((s) => s.upn), cfo.upn],
    begin,
    `Near-identical lure mails from ${senders.length} internal accounts to ${perSender * senders.length} colleagues ` +
      'within an hour',
  );
  const start = rng.int(people.length);
  senders.forEach((s, k) => {
    for (let j = 0; j < perSender; j++) {
      const r = people[(start + k * perSender + j) % people.length]!;
      const when = begin + k * 90_000 + j * Math.floor((50 * MINUTE) / perSender) + rng.int(20_000);
      const ref = 40_000 + rng.int(60_000);
      const subject = `${r.first}, your Q1 bonus statement is ready (ref ${ref})`;
      const viaCfo = k === 0;
      const msg = outgoing(t, rng, {
        time: when,
        from: s,
        to: [r.upn],
        subject,
        clientIp: ATTACKER_IPS.phish,
        size: 14_000 + rng.int(900),
        ...(viaCfo ? { senderAddress: cfo.upn } : {}),
        actionId: id,
      });
      const item = {
        Id: itemId(rng),
        InternetMessageId: msg.messageId,
        ParentFolder: { Id: folderId(viaCfo ? cfo : s, '\\Sent Items'), Path: '\\Sent Items' },
        SizeInBytes: msg.size,
        Subject: subject,
      };
      audit(
        mailboxRecord(t, rng, {
          time: when,
          operation: viaCfo ? 'SendAs' : 'Send',
          recordType: 2,
          actor: s,
          owner: viaCfo ? cfo : s,
          logonType: viaCfo ? 2 : 0,
          clientIp: ATTACKER_IPS.phish,
          clientInfo: OWA_CLIENT,
          actionId: id,
          extra: viaCfo
            ? { Item: item, SendAsUserMailboxGuid: cfo.mailboxGuid, SendAsUserSmtp: cfo.upn }
            : { Item: item },
        }),
      );
      mail(msg);
    }
  });
}
