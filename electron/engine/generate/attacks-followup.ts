/**
 * After the phishing: a second account (a finance employee with FullAccess on the Accounts Payable
 * mailbox) signs in from the delegate's attacker address, reads the Accounts Payable mailbox, then
 * shares a file from its OneDrive with an anonymous link (used from outside minutes later) and with
 * an outside guest.
 */
import { APP_OWA, mailItemsAccessed, signIn } from './audit-data.js';
import { oneDriveFile, sharingRecord } from './audit-data-sharing.js';
import { ATTACKER_IPS, items, OWA_UA, type Kit } from './attack-kit.js';
import { MINUTE } from './clock.js';
import { isPerson, type User } from './tenant.js';

export const INVITEE = 'ap.payments@ledger-vault.example';
const CHROME = { name: 'Chrome', version: '122.0.0.0' };
const VISITOR_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36';

/** The second account: the first regular finance employee (holds FullAccess on Accounts Payable from the baseline). */
export function secondAccount(kit: Kit): User {
  const { t } = kit;
  const first = t.users.find((u) => u.role === 'staff' && u.department === 'Finance' && u.index > 13);
  return first ?? t.users.find((u) => isPerson(u) && u.index > 13)!;
}

export function plantSecondAccount(kit: Kit): void {
  const { t, rng, a3, at, action, audit } = kit;
  const second = secondAccount(kit);
  const ap = t.users.find((u) => u.alias === 'accounts.payable')!;
  const ip = ATTACKER_IPS.delegate;
  let time = at(a3, 11, 21, 40);
  const id = action(
    'T1078.004',
    'second-account-sign-in',
    second.upn,
    [second.upn, ap.upn],
    time,
    `${second.displayName}'s account signs in from the attacker address ${ip} already used by another account ` +
      `and reads the ${ap.displayName} mailbox`,
  );
  audit(signIn(t, rng, time, second, ip, OWA_UA, id));
  for (let s = 0; s < 3; s++) {
    time += (3 + 5 * s) * MINUTE + rng.int(40_000);
    audit(
      mailItemsAccessed(t, rng, {
        time,
        actor: second,
        owner: ap,
        logonType: 2,
        clientIp: ip,
        clientInfo: `Client=OWA;${OWA_UA};`,
        appId: APP_OWA,
        clientAppId: '',
        accessType: 'Bind',
        folders: [{ path: '\\Inbox', items: items(t, rng, 8 + rng.int(20)) }],
        actionId: id,
      }),
    );
  }

  const file = oneDriveFile(t, second, 'Supplier bank details 2024.xlsx', rng);
  time = at(a3, 11, 48, 12);
  const link = action(
    'T1567',
    'anonymous-sharing-link',
    second.upn,
    [second.upn, INVITEE],
    time,
    `${second.displayName}'s account shares "${file.fileName}" from the attacker address: an anonymous view link ` +
      '(used from outside minutes later) and an invitation to an outside guest',
  );
  const by = { user: second, clientIp: ip, userAgent: OWA_UA, browser: CHROME, file, actionId: link };
  audit(
    sharingRecord(t, rng, {
      ...by,
      time,
      operation: 'AnonymousLinkCreated',
      eventData: '<Type>View</Type><MembersCanShareApplied>False</MembersCanShareApplied>',
    }),
  );
  audit(
    sharingRecord(t, rng, {
      ...by,
      time: time + 52_000,
      operation: 'SharingInvitationCreated',
      target: { name: INVITEE, type: 'Guest' },
    }),
  );
  audit(
    sharingRecord(t, rng, {
      time: time + 17 * MINUTE + 9_000,
      operation: 'AnonymousLinkUsed',
      user: 'anonymous',
      clientIp: ATTACKER_IPS.visitor,
      userAgent: VISITOR_UA,
      browser: { name: 'Chrome', version: '121.0.0.0' },
      file,
      actionId: link,
    }),
  );
}
