import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../shared/domain.js';
import { DOMAIN, firstName, MONTH_START, SendCase, USERS } from '../send-evidence.js';
import { sqlite } from '../../electron/engine/store/db.js';

const HOUR = 3_600_000;
const campaigns = (fs: Finding[]) => fs.filter((f) => f.rule === 'internal-phishing-campaign');
/** Thursday 21 March, 10:05 UTC. */
const BURST = MONTH_START + 17 * 86_400_000 + 10 * HOUR + 5 * 60_000;
const SENDERS = [USERS[2]!, USERS[3]!, USERS[4]!]; // carla.berg, david.berg, emil.berg
const DELEGATE = `eve.intruder@${DOMAIN}`;

interface Burst {
  first: string;
  last: string;
  messageIds: string[];
  /** Per sender, in SENDERS order: messages sent and recipients reached. */
  perSender: Array<{ sender: string; messages: number; recipients: number }>;
}

/**
 * 40 near-identical mails from 3 internal accounts to 60 colleagues within the hour: "Invoice
 * <number> for <first recipient's name>", 20 of them to one recipient and 20 to two; four say
 * "Overdue invoice …" (one word more) and must still join the campaign.
 */
function plantBurst(c: SendCase): Burst {
  const targets = USERS.filter((u) => !SENDERS.includes(u)).slice(0, 60);
  const messageIds: string[] = [];
  const perSender = SENDERS.map((sender) => ({ sender, messages: 0, recipients: 0 }));
  let next = 0;
  let first = '';
  let last = '';
  for (let i = 0; i < 40; i++) {
    const sender = SENDERS[i % 3]!;
    const to = i < 20 ? [targets[next++]!, targets[next++]!] : [targets[next++]!];
    const at = BURST + i * 70_000;
    const subject = `${i % 10 === 7 ? 'Overdue invoice' : 'Invoice'} ${1000 + ((i * 7919) % 9000)} for ${firstName(to[0]!)}`;
    messageIds.push(c.mail(at, sender, to, subject));
    perSender[i % 3]!.messages++;
    perSender[i % 3]!.recipients += to.length;
    if (i === 0) first = new Date(at).toISOString();
    last = new Date(at).toISOString();
  }
  assert.equal(next, 60);
  return { first, last, messageIds, perSender };
}

test('a benign month (reply-all threads, common subjects, a newsletter to 500) yields no campaign', () => {
  const c = new SendCase();
  try {
    c.benignMonth();
    const n = (sqlite(c.db).prepare('SELECT count(*) AS n FROM message').get() as { n: number }).n;
    // A floor: 80 people on 20 working days, 2-6 hours a day to 1-4 colleagues, plus 2,000 newsletter rows.
    assert.ok(n > 15_000, `a realistic month: ${n} trace rows`);
    assert.deepEqual(campaigns(c.analyze()), []);
  } finally {
    c.close();
  }
});

test('40 near-identical mails from 3 internal accounts to 60 colleagues within an hour are one campaign', () => {
  const c = new SendCase();
  try {
    c.benignMonth();
    const burst = plantBurst(c);
    const found = campaigns(c.analyze());
    assert.equal(found.length, 1, JSON.stringify(found.map((f) => f.title)));
    const f = found[0]!;
    assert.deepEqual(f.techniques, ['T1534']);
    assert.equal(f.details.messages, '40', 'the "Overdue invoice" variants cluster with the rest');
    assert.equal(f.details.recipients, '60');
    assert.equal(f.details.internalRecipients, '60');
    assert.equal(f.details.first, burst.first);
    assert.equal(f.details.last, burst.last);
    assert.equal(f.time, burst.first);
    // Numbers become "#" and the recipient's first name "{name}"; the "Overdue" variants meet it with that word
    // left out.
    assert.equal(f.details.normalizedSubject, 'invoice # for {name}');
    // Mail i goes from SENDERS[i % 3], to two recipients while i < 20 and to one after: carla 14 messages
    // (7 of them to two), david 13 (7 to two), emil 13 (6 to two).
    assert.equal(
      f.details.senders,
      burst.perSender.map((x) => `${x.sender} (${x.messages} messages, ${x.recipients} recipients)`).join('; '),
    );
    assert.deepEqual(
      burst.perSender.map((x) => [x.messages, x.recipients]),
      [
        [14, 21],
        [13, 20],
        [13, 19],
      ],
    );
    assert.deepEqual([...f.principals].sort(), [...SENDERS].sort());
    // Mail 0: "Invoice 1000 for Anna" (number 1000 + 0, first recipient anna.berg).
    assert.match(f.details.sampleSubjects!, /^Invoice 1000 for Anna \| Invoice \d+ for /);
    assert.equal(f.severity, 'high', 'a campaign starts high; business hours, no grant');
    // 39 gaps of 70 s: 45.5 min from the first mail to the last, shown as 46 min.
    assert.match(
      f.details.severityReasons!,
      /3 internal senders sent 40 near-identical messages to 60 recipients within 46 min/,
    );
    assert.match(f.details.severityReasons!, /personalised/);
    // One row per message: every one of the 40 the summary counts is cited.
    assert.equal(f.evidenceTotal, 40, 'every message of the campaign is cited');
    assert.match(f.title, /^Near-identical mail from 3 internal senders to 60 recipients: "Invoice 1000 for Anna"$/);
    assert.match(f.details.publicRuleGap!, /No public rule maps T1534/);
  } finally {
    c.close();
  }
});

test('a grant on a sender mailbox before the burst raises the campaign and is cited; SendAs records dedupe with the trace', () => {
  const c = new SendCase();
  try {
    c.benignMonth();
    const grantId = c.grant(BURST - 2 * HOUR, SENDERS[1]!, DELEGATE, 'FullAccess');
    const burst = plantBurst(c);
    // The delegate sent david's share through SendAs: the audit log has the same messages (by
    // InternetMessageId, in other case and without brackets) and must not double them.
    const rows = sqlite(c.db)
      .prepare(
        `SELECT time, message_id, subject FROM message
         WHERE sender = ? AND time >= ? GROUP BY message_id ORDER BY time`,
      )
      .all(SENDERS[1]!, burst.first) as Array<{ time: string; message_id: string; subject: string }>;
    for (const r of rows) {
      c.audit(
        Date.parse(r.time) - 1500,
        'SendAs',
        2,
        DELEGATE,
        SENDERS[1]!,
        {},
        {
          MailboxOwnerUPN: SENDERS[1]!,
          SendAsUserSmtp: SENDERS[1]!.toUpperCase(),
          Item: { InternetMessageId: r.message_id.replace(/[<>]/g, '').toUpperCase(), Subject: r.subject },
        },
      );
    }
    const f = campaigns(c.analyze())[0];
    assert.ok(f);
    assert.equal(f.details.messages, '40', 'audited sends of traced messages count once');
    // High, raised for the grant shortly before and for the sends as another mailbox.
    assert.equal(f.severity, 'critical');
    // BURST (2024-03-21T10:05Z) less 2 h.
    assert.match(
      f.details.grants!,
      /^FullAccess on david\.berg@contoso\.com granted to eve\.intruder@contoso\.com by it-admin@contoso\.com at 2024-03-21T08:05:00\.000Z \(2 h 0 min before\)$/,
    );
    assert.equal(f.details.sentBy, DELEGATE);
    const grantRecord = (
      sqlite(c.db).prepare('SELECT record_id FROM audit_event WHERE id = ?').get(grantId) as { record_id: string }
    ).record_id;
    assert.equal(f.evidence[0]!.recordId, grantRecord, 'the grant row first, then the message sample');
    assert.equal(f.evidenceTotal, 1 + 40, 'the grant and every message of the campaign');
    assert.ok(f.principals.includes(DELEGATE));
  } finally {
    c.close();
  }
});

test('one account sending the same lure to many is not a campaign (one sender), nor is a one-off reply-all thread', () => {
  const c = new SendCase();
  try {
    c.benignMonth();
    const targets = USERS.slice(10, 40);
    targets.forEach((t, i) => c.mail(BURST + i * 60_000, SENDERS[0]!, [t], `Invoice ${2000 + i} for ${firstName(t)}`));
    // A one-off reply-all thread: 5 of 14 people answer everyone within the hour (subject never seen before).
    const people = USERS.slice(50, 64);
    people.slice(0, 5).forEach((p, i) =>
      c.mail(
        BURST + 2 * HOUR + i * 9 * 60_000,
        p,
        people.filter((x) => x !== p),
        'RE: Farewell drinks for Quentin on Friday',
      ),
    );
    assert.deepEqual(campaigns(c.analyze()), []);
  } finally {
    c.close();
  }
});
