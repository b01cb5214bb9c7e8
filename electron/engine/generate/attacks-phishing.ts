/**
 * Internal phishing (T1534): three more accounts sign in from the phishing address and, with the
 * delegate (who sends as the CFO), mail invoice lures to colleagues within about an hour. The lures
 * are personalised the way real campaigns are: the recipient's first name appended, prepended or in
 * lower case, an invoice number, changing case, punctuation and separators, RE:/FW: prefixes on some.
 */
import { folderId, itemId, mailboxRecord, OWA_CLIENT, signIn } from './audit-data.js';
import { ATTACKER_IPS, OWA_UA, type Kit } from './attack-kit.js';
import { MINUTE } from './clock.js';
import { outgoing } from './mail.js';
import type { Rng } from './random.js';
import { isPerson, type User } from './tenant.js';

const LURES: readonly ((first: string, n: number) => string)[] = [
  (f, n) => `Invoice #${n} - ${f}`,
  (f, n) => `INVOICE ${n}: ${f.toLowerCase()}`,
  (f, n) => `${f}, your invoice ${n} is ready`,
  (f, n) => `RE: Invoice ${n} for ${f}`,
  (f, n) => `FW: ${f} - invoice #${n} attached`,
  (f, n) => `invoice_${n} (${f})`,
  (f, n) => `Re: ${f.toUpperCase()} | Invoice No. ${n}`,
  (f, n) => `Fwd: Your invoice ${n}, ${f}`,
];

/** The n-th personalised lure subject of the campaign (every form is used once the campaign has 8 mails). */
export function lureSubject(rng: Rng, recipient: User, n: number): string {
  return LURES[n % LURES.length]!(recipient.first, 1000 + rng.int(9000));
}

export function plantPhishing(kit: Kit): void {
  const { t, rng, a3, at, action, audit, mail } = kit;
  const { phishers: senders, cfo } = kit.cast;
  const begin = at(a3, 9, 3);
  const people = t.users.filter((u) => isPerson(u) && !senders.includes(u));
  const perSender = Math.max(4, Math.min(35, Math.floor(people.length / 5)));
  senders.forEach((s, k) => {
    if (k === 0) return;
    const when = begin - 14 * MINUTE + k * 61_000;
    const id = action(
      'T1078.004',
      'attacker-sign-in',
      s.upn,
      [s.upn],
      when,
      `${s.displayName}'s account signs in from an attacker address`,
    );
    audit(signIn(t, rng, when, s, ATTACKER_IPS.phish, OWA_UA, id));
  });
  const id = action(
    'T1534',
    'internal-phishing',
    senders[0]!.upn,
    [...senders.map((s) => s.upn), cfo.upn],
    begin,
    `Personalised invoice lures (name, number, case, RE:/FW: varying) from ${senders.length} internal accounts to ` +
      `${perSender * senders.length} colleagues within an hour`,
  );
  const start = rng.int(people.length);
  const form = rng.int(LURES.length);
  senders.forEach((s, k) => {
    for (let j = 0; j < perSender; j++) {
      const r = people[(start + k * perSender + j) % people.length]!;
      const when = begin + k * 90_000 + j * Math.floor((50 * MINUTE) / perSender) + rng.int(20_000);
      const subject = lureSubject(rng, r, form + k * perSender + j);
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
