/**
 * Section 3 of the delegation story: the grantee signs in from an attacker address, logs on to the
 * CEO's and counsel's mailboxes and reads them daily, opens the CEO's Inbox to everyone and the
 * mailbox root to itself, hides payment mail and security warnings with inbox rules, and sends as
 * and on behalf of the CFO.
 */
import {
  APP_OWA,
  exchangeAdmin,
  folderId,
  itemId,
  mailboxRecord,
  mailItemsAccessed,
  OWA_CLIENT,
  signIn,
  type Params,
} from './audit-data.js';
import { ATTACKER_IPS, items, OWA_UA, type Kit } from './attack-kit.js';
import { MINUTE } from './clock.js';
import { outgoing } from './mail.js';
import type { User } from './tenant.js';

/** Section 3: the delegate uses the grants. */
export function plantDelegateUse(kit: Kit): void {
  const { t, rng, state, days, a1, a2, at, action, audit, mail } = kit;
  const { ceo, cfo, counsel, delegate, clerk } = kit.cast;
  // 3. The delegate uses the grants: logons, reading, folder changes, rules, sending.
  let time = at(a1, 7, 40, 5);
  let id: string;
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
}
