/**
 * Send volume on a generated attack tenant imported whole: the same mail in several trace files
 * (Get-MessageTrace, its remote-session copy, the admin center's report, on-premises tracking logs
 * and their CSV export), so a message has rows at several instants. The stored hourly series must
 * still count each message once, the sender list must name each sender's findings, and the
 * campaign view must restate the campaign finding.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Finding } from '../../shared/domain.js';
import { Engine } from '../../electron/engine/engine.js';
import { isTraceFormat } from '../../electron/engine/store/send-hours.js';
import { SECONDARY_EVENTS } from '../../electron/engine/store/send-reads.js';
import { runScenario } from '../scenario-truth.js';
import { fixture, tempDir } from '../helpers.js';

const SECONDARY = new Set(SECONDARY_EVENTS);
const hourOf = (iso: string) => `${iso.slice(0, 13)}:00:00.000Z`;

let casePath: string;
let engine: Engine;
let db: Database.Database;
let findings: Finding[];

before(async () => {
  const dir = tempDir('dlens-volume-');
  const run = await runScenario(dir, { scenario: 'attack', seed: 7, users: 40, days: 7 });
  await run.close();
  casePath = path.join(dir, 'case.db');
  engine = Engine.open({ casePath });
  db = new Database(casePath, { readonly: true });
  findings = await engine.call('findings.list', { evidenceLimit: 0 });
});
after(async () => {
  db.close();
  await engine.close();
});

/**
 * Messages per sender and hour counted here from the rows, independently of the engine: trace rows
 * keyed by InternetMessageId (else the trace id), later tracking events left out, plus audited
 * sends no trace row of the sender carries within 10 minutes.
 */
function directCounts(): Map<string, Map<string, Set<string>>> {
  const out = new Map<string, Map<string, Set<string>>>();
  const add = (sender: string, time: string, key: string) => {
    let hours = out.get(sender);
    if (!hours) out.set(sender, (hours = new Map<string, Set<string>>()));
    let keys = hours.get(hourOf(time));
    if (!keys) hours.set(hourOf(time), (keys = new Set<string>()));
    keys.add(key);
  };
  const traced = new Map<string, number[]>();
  const rows = db
    .prepare('SELECT id, time, sender, message_id, trace_id, status FROM message WHERE sender IS NOT NULL')
    .all() as Array<{
    id: number;
    time: string;
    sender: string;
    message_id: string | null;
    trace_id: string | null;
    status: string | null;
  }>;
  for (const r of rows) {
    const key = r.message_id
      ? r.message_id.replace(/^[<> ]+|[<> ]+$/g, '').toLowerCase()
      : (r.trace_id?.toLowerCase() ?? `m:${r.id}`);
    const k = `${r.sender}|${key}`;
    traced.set(k, [...(traced.get(k) ?? []), Date.parse(r.time)]);
    if (r.status === null || !SECONDARY.has(r.status)) add(r.sender, r.time, key);
  }
  const audited = db
    .prepare("SELECT id, time, target, raw FROM audit_event WHERE operation IN ('Send', 'SendAs', 'SendOnBehalf')")
    .all() as Array<{ id: number; time: string; target: string | null; raw: string }>;
  for (const a of audited) {
    const data = JSON.parse(a.raw) as {
      SendAsUserSmtp?: string;
      SendOnBehalfOfUserSmtp?: string;
      ResultStatus?: string;
      Item?: { InternetMessageId?: string };
    };
    if (['false', 'failed', 'failure'].includes((data.ResultStatus ?? '').toLowerCase())) continue;
    let sender = (data.SendAsUserSmtp?.trim() || data.SendOnBehalfOfUserSmtp?.trim() || a.target || '').toLowerCase();
    if (sender.startsWith('smtp:')) sender = sender.slice(5);
    if (!sender) continue;
    const key = data.Item?.InternetMessageId?.replace(/^[<> ]+|[<> ]+$/g, '').toLowerCase() ?? `a:${a.id}`;
    const t = Date.parse(a.time);
    if ((traced.get(`${sender}|${key}`) ?? []).some((m) => Math.abs(m - t) <= 600_000)) continue;
    add(sender, a.time, key);
  }
  return out;
}

test('the evidence holds one message at several instants (trace files overlap, tracking logs log events)', () => {
  const files = db.prepare('SELECT format FROM evidence WHERE first_time IS NOT NULL').all() as Array<{
    format: string;
  }>;
  assert.ok(files.filter((f) => isTraceFormat(f.format)).length >= 3, JSON.stringify(files));
  const { instants, messages } = db
    .prepare(
      `SELECT count(DISTINCT sender || time) AS instants,
              count(DISTINCT sender || coalesce(lower(trim(message_id, '<> ')), trace_id)) AS messages
       FROM message WHERE sender IS NOT NULL`,
    )
    .get() as { instants: number; messages: number };
  assert.ok(instants > messages * 1.2, `${instants} instants for ${messages} messages`);
});

test("a sender's hourly series is its messages per hour counted directly, each message once across trace files", async () => {
  const direct = directCounts();
  const { senders, total } = await engine.call('volume.senders', { sort: 'messages', limit: 5000 });
  assert.equal(senders.length, total);
  assert.ok(total >= 20, `${total} internal senders`);
  let hours = 0;
  for (const s of senders) {
    const series = await engine.call('volume.series', { sender: s.sender });
    const expected = [...(direct.get(s.sender) ?? new Map<string, Set<string>>())]
      .map(([hour, keys]) => ({ hour, messages: keys.size }))
      .sort((a, b) => a.hour.localeCompare(b.hour));
    assert.deepEqual(
      series.hours.map((h) => ({ hour: h.hour, messages: h.messages })),
      expected,
      s.sender,
    );
    assert.equal(
      s.messages,
      expected.reduce((n, h) => n + h.messages, 0),
      `${s.sender} total`,
    );
    const peak = Math.max(...expected.map((h) => h.messages));
    assert.equal(s.peakMessages, peak, `${s.sender} peak`);
    assert.equal(s.peakHour, expected.find((h) => h.messages === peak)!.hour);
    hours += expected.length;
  }
  assert.ok(hours > 200, `${hours} sender-hours compared`);
});

test('a range narrows the series to its hours; the messages of an hour are listed once each and page', async () => {
  const { senders } = await engine.call('volume.senders', { sort: 'messages', limit: 1 });
  const sender = senders[0]!.sender;
  const all = await engine.call('volume.series', { sender });
  const busiest = [...all.hours].sort((a, b) => b.messages - a.messages)[0]!;
  const to = new Date(Date.parse(busiest.hour) + 3_600_000).toISOString();
  const one = await engine.call('volume.series', { sender, from: busiest.hour, to });
  assert.deepEqual(one.hours, [busiest]);
  const page = await engine.call('volume.messages', { sender, from: busiest.hour, to, limit: 1000 });
  assert.equal(page.total, busiest.messages);
  assert.equal(page.rows.length, busiest.messages);
  assert.equal(new Set(page.rows.map((m) => `${m.source}:${m.id}`)).size, page.rows.length);
  const keys = page.rows.map((m) => m.messageId ?? `${m.source}:${m.id}`);
  assert.equal(new Set(keys).size, keys.length, 'each message once');
  const second = await engine.call('volume.messages', { sender, from: busiest.hour, to, offset: 1, limit: 1 });
  assert.deepEqual(second, { rows: page.rows.slice(1, 2), total: page.total });
});

test('the sender list filters by part of the address, sorts, and names each sender’s send findings', async () => {
  const byRatio = await engine.call('volume.senders', { sort: 'ratio', limit: 5000 });
  const ratios = byRatio.senders.map((s) => s.peakRatio);
  assert.deepEqual(
    ratios,
    [...ratios].sort((a, b) => b - a),
  );
  const byMessages = await engine.call('volume.senders', { sort: 'messages', limit: 5000 });
  const counts = byMessages.senders.map((s) => s.messages);
  assert.deepEqual(
    counts,
    [...counts].sort((a, b) => b - a),
  );

  const someone = byRatio.senders[3]!.sender;
  const q = someone.slice(0, someone.indexOf('@')).toUpperCase();
  const found = await engine.call('volume.senders', { q, sort: 'ratio', limit: 50 });
  assert.ok(found.senders.some((s) => s.sender === someone));
  assert.ok(found.senders.every((s) => s.sender.includes(q.toLowerCase())));
  assert.equal(found.total, found.senders.length);

  const send = findings.filter((f) => f.rule === 'internal-phishing-campaign' || f.rule === 'send-volume-spike');
  assert.ok(send.length > 0, 'the attack tenant has a campaign');
  for (const s of byRatio.senders) {
    const expected = send
      .filter((f) =>
        f.rule === 'send-volume-spike' ? f.details.sender === s.sender : f.details.senders?.includes(`${s.sender} (`),
      )
      .map((f) => f.id)
      .sort();
    assert.deepEqual(s.findings.map((f) => f.id).sort(), expected, s.sender);
  }
});

test('campaigns.list restates each campaign finding: senders, recipients, counts, times, subjects and grants', async () => {
  const views = await engine.call('campaigns.list', {});
  const campaigns = findings.filter((f) => f.rule === 'internal-phishing-campaign');
  assert.equal(views.length, campaigns.length);
  assert.ok(views.length > 0);
  for (const f of campaigns) {
    const v = views.find((x) => x.findingId === f.id)!;
    assert.ok(v, f.id);
    const rows = (await engine.call('findings.evidence', { findingId: f.id, limit: 10_000 })).rows;
    const sent = rows.filter((r) => r.source === 'message' || ['Send', 'SendAs', 'SendOnBehalf'].includes(r.what));
    assert.equal(v.messages, Number(f.details.messages));
    assert.equal(v.messages, sent.length, 'one citation per message');
    assert.equal(v.recipients, Number(f.details.recipients));
    assert.equal(v.first, f.details.first);
    assert.equal(v.last, f.details.last);
    assert.equal(v.normalizedSubject, f.details.normalizedSubject);
    assert.equal(v.severity, f.severity);
    assert.deepEqual(
      v.senders.map((s) => `${s.sender} (${s.messages} messages, ${s.recipients} recipients)`).join('; '),
      f.details.senders,
    );
    const perSender = new Map<string, number>();
    for (const r of sent.filter((x) => x.source === 'message')) perSender.set(r.who!, (perSender.get(r.who!) ?? 0) + 1);
    for (const [sender, n] of perSender) assert.ok(v.senders.find((s) => s.sender === sender)!.messages >= n, sender);
    assert.equal(
      v.perMinute.reduce((n, p) => n + p.messages, 0),
      v.messages,
    );
    assert.equal(v.perMinute[0]!.minute.slice(0, 16), v.first.slice(0, 16));
    assert.equal(v.perMinute.at(-1)!.minute.slice(0, 16), v.last.slice(0, 16));
    assert.ok(v.sampleSubjects.length > 0 && v.sampleSubjects.length <= 5);
    assert.ok(f.details.sampleSubjects!.startsWith(v.sampleSubjects[0]!));
    const grantRows = rows.filter((r) => r.source === 'audit' && !sent.includes(r));
    assert.equal(new Set(v.grants.map((g) => `${g.mailbox}|${g.trustee}|${g.kind}|${g.time}`)).size, grantRows.length);
    for (const g of v.grants) {
      assert.ok(
        v.senders.some((s) => s.sender === g.mailbox),
        `grant on ${g.mailbox} is on a sender`,
      );
      assert.ok(
        f.details.grants!.includes(`granted to ${g.trustee} by ${g.grantedBy ?? '(unknown actor)'} at ${g.time}`),
      );
    }
  }
});

test('every message-trace format the importers know is classified for the exact hourly recount', async () => {
  const files = [
    'trace/Get-MessageTrackingLog-CET.csv',
    'trace/MSGTRK2024030411-1.LOG',
    'trace/eac-enhanced-summary.csv',
    'trace/eac-extended.csv',
    'trace/message-trace-detail.csv',
    'trace/message-trace-rps.csv',
    'trace/message-trace-v2-semicolon.csv',
    'audit/message-trace-ps51.json',
  ];
  const e = Engine.open({ casePath: path.join(tempDir(), 'formats.db') });
  try {
    const outcomes = await e.call('import.files', { files: files.map((f) => ({ path: fixture(f) })) });
    for (const o of outcomes) {
      assert.ok(o.ok, o.ok ? '' : o.error);
      if (o.ok && o.result.accepted > 0)
        assert.ok(isTraceFormat(o.result.format), `${o.result.file}: ${o.result.format}`);
    }
  } finally {
    await e.close();
  }
});
