import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEVERITIES, type Finding } from '../../shared/domain.js';
import { DOMAIN, MONTH_START, NEWSLETTER, SendCase, USERS } from '../send-evidence.js';
import { sqlite } from '../../electron/engine/store/db.js';

const HOUR = 3_600_000;
const ours = (fs: Finding[]) =>
  fs.filter((f) => f.rule === 'send-volume-spike' || f.rule === 'internal-phishing-campaign');
const ANNA = USERS[0]!;
/** Wednesday 20 March, 18:00 UTC: a business hour in which the benign month has no mail from anyone. */
const SPIKE_HOUR = MONTH_START + 16 * 86_400_000 + 18 * HOUR;

function withSpike(c: SendCase): string[] {
  const topics = [
    'contract',
    'renewal',
    'pricing',
    'timeline',
    'budget sign-off',
    'open items',
    'slides',
    'minutes',
    'room booking',
    'handover',
  ];
  const times: string[] = [];
  topics.forEach((t, i) => {
    const at = SPIKE_HOUR + 2 * 60_000 + i * 5 * 60_000;
    times.push(new Date(at).toISOString());
    c.mail(at, ANNA, c.colleagues(ANNA, 3), `Question about the ${t}`);
  });
  return times;
}

test('a benign month (per-user business-hours mail, reply-all threads, a weekly newsletter to 500) yields no send finding', () => {
  const c = new SendCase();
  try {
    c.benignMonth();
    const n = (sqlite(c.db).prepare('SELECT count(*) AS n FROM message').get() as { n: number }).n;
    // A floor: 80 people on 20 working days, 2-6 hours a day to 1-4 colleagues, plus 2,000 newsletter rows.
    assert.ok(n > 15_000, `a realistic month: ${n} trace rows`);
    assert.deepEqual(ours(c.analyze()), []);
  } finally {
    c.close();
  }
});

test('one sender at 10x its baseline in one hour is a spike finding with its size', () => {
  const c = new SendCase();
  try {
    c.benignMonth();
    const times = withSpike(c);
    const findings = ours(c.analyze());
    assert.equal(findings.length, 1, JSON.stringify(findings.map((f) => f.title)));
    const f = findings[0]!;
    assert.equal(f.rule, 'send-volume-spike');
    assert.equal(f.details.sender, ANNA);
    assert.equal(f.details.messages, '10');
    assert.equal(f.details.ratio, '10', 'ten messages against a median of one per active hour');
    assert.match(f.details.baseline!, /^median 1, MAD 0 messages per active hour over \d+ hours \(own history\)$/);
    // (10 - median 1) / scale, the scale floored at 1 message because the MAD is 0.
    assert.equal(f.details.robustZ, '9');
    assert.equal(
      f.details.hour,
      `${new Date(SPIKE_HOUR).toISOString()} - ${new Date(SPIKE_HOUR + HOUR).toISOString()}`,
    );
    assert.equal(new Date(SPIKE_HOUR).toISOString(), '2024-03-20T18:00:00.000Z');
    assert.equal(f.time, times[0]);
    assert.deepEqual(f.techniques, ['T1534'], 'all 30 recipient rows are colleagues');
    assert.equal(Number(f.details.internalRecipients), Number(f.details.recipients));
    assert.equal(f.severity, 'medium', 'low, raised once for internal fan-out');
    assert.equal(f.evidence.length, 10, 'one trace row cited per message');
    assert.match(f.details.publicRuleGap!, /No public rule maps T1534/);
    assert.match(f.details.correspondsTo!, /O365 Email Send Attachments Excessive Volume/);
    assert.match(f.details.correspondsTo!, /MTL-Analyzer/);
  } finally {
    c.close();
  }
});

test('a grant on the sender mailbox shortly before raises the spike and is cited first; ids are stable', () => {
  const run = () => {
    const c = new SendCase();
    try {
      c.benignMonth();
      const grantId = c.grant(SPIKE_HOUR - 40 * 60_000, ANNA, `eve.intruder@${DOMAIN}`, 'SendAs');
      withSpike(c);
      const f = ours(c.analyze()).find((x) => x.rule === 'send-volume-spike');
      const grantRecord = (
        sqlite(c.db).prepare('SELECT record_id FROM audit_event WHERE id = ?').get(grantId) as { record_id: string }
      ).record_id;
      return { f, grantRecord };
    } finally {
      c.close();
    }
  };
  const { f, grantRecord } = run();
  assert.ok(f);
  assert.equal(f.severity, 'critical', 'medium raised two steps by the SendAs grant 40 min before');
  assert.ok(SEVERITIES.indexOf(f.severity) > SEVERITIES.indexOf('medium'));
  assert.match(
    f.details.severityReasons!,
    /granted shortly before: SendAs on anna\.berg@contoso\.com granted to eve\.intruder@contoso\.com by it-admin@contoso\.com/,
  );
  assert.match(
    f.details.grants!,
    /42 min before/,
    'the dwell time from the grant to the first message (40 min + 2 min)',
  );
  assert.equal(f.evidence[0]!.recordId, grantRecord, 'the grant audit row is the first citation');
  assert.equal(f.evidence.length, 1 + 10, 'the grant, then one trace row per message');
  assert.ok(f.principals.includes(`eve.intruder@${DOMAIN}`));
  assert.equal(run().f!.id, f.id, 'same evidence, same finding id');
});

test('the weekly newsletter is learned as periodic bulk mail even when one issue is twice as large', () => {
  const c = new SendCase();
  try {
    c.benignMonth();
    // A bigger issue in week 5: 20 batches instead of 10, still the Monday-06:00 cadence.
    const monday = MONTH_START + 28 * 86_400_000 + 6 * HOUR;
    for (let b = 0; b < 20; b++)
      c.mail(
        monday + b * 10_000,
        NEWSLETTER,
        Array.from({ length: 50 }, (_, i) => `staff${i}@${DOMAIN}`),
        'Contoso Weekly #14: news from around the company',
      );
    assert.deepEqual(ours(c.analyze()), []);
  } finally {
    c.close();
  }
});

test('a new account with no history is judged against the peer group', () => {
  const c = new SendCase();
  try {
    c.benignMonth();
    const fresh = `temp.contractor@${DOMAIN}`;
    for (let i = 0; i < 15; i++)
      c.mail(SPIKE_HOUR + i * 3 * 60_000, fresh, c.colleagues(fresh, 2), `Please review document ${i + 1}`);
    const f = ours(c.analyze());
    assert.equal(f.length, 1);
    assert.equal(f[0]!.rule, 'send-volume-spike');
    assert.equal(f[0]!.details.sender, fresh);
    assert.match(f[0]!.details.baseline!, /peer group of internal senders/);
    assert.match(f[0]!.details.severityReasons!, /judged against the peer group/);
  } finally {
    c.close();
  }
});
