/**
 * The delegation story (T1098.002): a stolen admin account grants mailbox, SendAs, SendOnBehalf,
 * folder and ActiveSync access at night and forwards the CFO's mail (section 1); its use by the
 * grantee is in attacks-delegate-use.ts (section 3); one grant is removed later (section 4); older
 * grants and an ActiveSync device show only in the dumps (section 5).
 */
import { exchangeAdmin, signIn, USER_AGENTS } from './audit-data.js';
import { ATTACKER_IPS, FORWARD_TO, type Kit } from './attack-kit.js';
import { DAY, HOUR, MINUTE } from './clock.js';
import type { User } from './tenant.js';

/** Section 1: the admin's night. Returns when the counsel grant was made (removed in section 4). */
export function plantAdminNight(kit: Kit): number {
  const { t, rng, state, a1, at, action, audit, adminCmd } = kit;
  const { ceo, cfo, counsel, coo, admin, delegate } = kit.cast;
  // 1. Stolen admin credentials, then a burst of grants at night (local time 03:00).
  let time = at(a1, 1, 48, 12);
  let id: string;
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
  id = action(
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

  return counselGrant;
}

/** Section 4: cover tracks, one grant removed about 30 hours later. */
export function plantCoverTracks(kit: Kit, counselGrant: number): void {
  const { t, rng, state, action, audit } = kit;
  const { counsel, admin, delegate } = kit.cast;
  // 4. Cover tracks: one grant removed about 30 hours later.
  const time = counselGrant + 30 * HOUR + 7 * MINUTE;
  const id = action(
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
}

/** Section 5: state older than the log window that only the dumps show. */
export function plantBeforeWindow(kit: Kit): void {
  const { state, start, action, rng } = kit;
  const { cfo, svc } = kit.cast;
  // 5. A grant older than the log window: only the permission dumps show it.
  const time = start - 41 * DAY + 23 * HOUR + 12 * MINUTE;
  const id = action(
    'T1098.002',
    'pre-window-grant',
    'unknown',
    [cfo.upn, svc.upn],
    time,
    `FullAccess of ${svc.displayName} on ${cfo.displayName}'s mailbox, granted before the audit window`,
    false,
  );
  state.grantMailbox(cfo.index, { trustee: svc.index, rights: ['FullAccess'], actionId: id }, time);

  // An ActiveSync partnership allowed on the CFO's mailbox weeks before the window: the CAS dump lists
  // the device id, and no Set-CASMailbox record in the log explains it.
  const deviceTime = start - 19 * DAY + 22 * HOUR + 41 * MINUTE;
  const device = `ANDROIDC${rng.alnum(16)}`;
  const deviceId = action(
    'T1098.002',
    'dump-activesync-device',
    'unknown',
    [cfo.upn],
    deviceTime,
    `ActiveSync device ${device} allowed on ${cfo.displayName}'s mailbox before the audit window (dumps only)`,
    false,
  );
  state.allowDevice(cfo.index, device, deviceId, deviceTime);
}
