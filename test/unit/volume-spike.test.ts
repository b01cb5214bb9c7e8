/**
 * Send volume against the send-volume rule on a benign month with one spike: the stored baseline and
 * the chart's threshold are the rule's, the spike is marked with its finding, the hour's messages
 * are the finding's, and the aggregates survive reopening the case and follow a re-analysis.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Finding } from '../../shared/domain.js';
import { Engine } from '../../electron/engine/engine.js';
import { VOLUME, standsOut } from '../../electron/engine/analysis/volume/hourly.js';
import { CAMPAIGN_RULE, SPIKE_RULE } from '../../electron/engine/handlers/send-findings.js';
import { internalPhishingCampaignRule } from '../../electron/engine/rules/internal-campaign.js';
import { sendVolumeSpikeRule } from '../../electron/engine/rules/send-volume.js';
import { sqlite } from '../../electron/engine/store/db.js';
import { MONTH_START, SendCase, USERS } from '../send-evidence.js';

const HOUR = 3_600_000;
const ANNA = USERS[0]!;
/** Wednesday 20 March, 18:00 UTC: no one else sends in that hour. */
const SPIKE_HOUR = MONTH_START + 16 * 86_400_000 + 18 * HOUR;
const PARTNER = 'orders@fabrikam.example';

let casePath: string;
let engine: Engine;
let spike: Finding;
const planted: string[] = [];

before(async () => {
  const c = new SendCase();
  try {
    c.benignMonth();
    for (let i = 0; i < 10; i++)
      planted.push(c.mail(SPIKE_HOUR + 2 * 60_000 + i * 5 * 60_000, ANNA, c.colleagues(ANNA, 3), `Question ${i}`));
    // An outside sender: no profile until its domain is declared the tenant's.
    for (let d = 0; d < 12; d++) c.mail(MONTH_START + d * 86_400_000 + 9 * HOUR, PARTNER, [ANNA], `Order ${d}`);
    c.analyze();
    casePath = sqlite(c.db).name;
  } finally {
    c.close();
  }
  engine = Engine.open({ casePath });
  const spikes = (await engine.call('findings.list', { evidenceLimit: 0 })).filter((f) => f.rule === SPIKE_RULE);
  assert.equal(spikes.length, 1, JSON.stringify(spikes.map((f) => f.title)));
  spike = spikes[0]!;
});
after(async () => {
  await engine.close();
});

test('the finding rule ids the volume views read are the rules’ own', () => {
  assert.equal(SPIKE_RULE, sendVolumeSpikeRule.id);
  assert.equal(CAMPAIGN_RULE, internalPhishingCampaignRule.id);
});

test('the series carries the baseline and threshold the send-volume rule judged the spike by, and marks it', async () => {
  const series = await engine.call('volume.series', { sender: ANNA });
  const m = /^median ([\d.]+), MAD ([\d.]+) messages per active hour over (\d+) hours \(own history\)$/.exec(
    spike.details.baseline!,
  );
  assert.ok(m, spike.details.baseline);
  assert.equal(series.baseline.median, Number(m[1]));
  assert.equal(series.baseline.mad, Number(m[2]));
  assert.equal(series.baseline.hours, Number(m[3]));
  assert.equal(series.baseline.source, 'sender');
  // The threshold is the fewest messages the rule's own test calls a spike against that baseline.
  const b = { ...series.baseline };
  assert.ok(series.spikeThreshold >= VOLUME.minSpikeMessages);
  assert.ok(standsOut(series.spikeThreshold, b));
  assert.ok(series.spikeThreshold === VOLUME.minSpikeMessages || !standsOut(series.spikeThreshold - 1, b));
  assert.ok(Number(spike.details.messages) >= series.spikeThreshold, 'the reported spike is above the line');
  const hour = new Date(SPIKE_HOUR).toISOString();
  assert.deepEqual(series.spikes, [{ hour, messages: 10, findingId: spike.id, severity: spike.severity }]);
  assert.deepEqual(
    series.hours.find((h) => h.hour === hour),
    { hour, messages: 10, recipients: 30 },
  );
  // No other hour of the month reaches the line: the rule reported the one spike there is.
  assert.deepEqual(
    series.hours.filter((h) => h.messages >= series.spikeThreshold).map((h) => h.hour),
    [hour],
  );
  const peer = series.peer;
  assert.ok(peer.median >= 1 && peer.mad >= 0);
  const listed = await engine.call('volume.senders', { q: ANNA, sort: 'ratio', limit: 5 });
  const me = listed.senders.find((s) => s.sender === ANNA)!;
  assert.equal(me.peakHour, hour);
  assert.equal(me.peakMessages, 10);
  assert.equal(me.peakRatio, Number(spike.details.ratio));
  assert.deepEqual(me.findings, [{ id: spike.id, severity: spike.severity, rule: SPIKE_RULE }]);
});

test("a spike hour's messages are the finding's messages, each with its recipients", async () => {
  const from = new Date(SPIKE_HOUR).toISOString();
  const to = new Date(SPIKE_HOUR + HOUR).toISOString();
  const page = await engine.call('volume.messages', { sender: ANNA, from, to, limit: 200 });
  assert.equal(page.total, 10);
  assert.deepEqual(
    page.rows.map((r) => r.messageId),
    planted,
  );
  for (const r of page.rows) {
    assert.equal(r.source, 'message');
    assert.equal(r.recipientCount, 3);
    assert.equal(r.recipients.length, 3);
    assert.deepEqual(r.recipients, [...r.recipients].sort());
    assert.equal(r.status, 'Delivered');
  }
  const cited = (await engine.call('findings.evidence', { findingId: spike.id, limit: 100 })).rows;
  assert.deepEqual(
    page.rows.map((r) => r.id),
    cited.filter((r) => r.source === 'message').map((r) => r.id),
    'the rows the finding cites are the hour’s messages',
  );
  const tail = await engine.call('volume.messages', { sender: ANNA, from, to, offset: 8, limit: 4 });
  assert.deepEqual(tail, { rows: page.rows.slice(8), total: 10 });
  const past = await engine.call('volume.messages', { sender: ANNA, from, to, offset: 20, limit: 4 });
  assert.deepEqual(past, { rows: [], total: 10 });
});

test('an address with no stored send volume is not found', async () => {
  await assert.rejects(engine.call('volume.series', { sender: 'nobody@contoso.com' }), { code: 'not_found' });
});

test('the aggregates survive reopening the case and are rebuilt when the analysis reruns', async () => {
  const before = await engine.call('volume.senders', { sort: 'messages', limit: 5000 });
  const series = await engine.call('volume.series', { sender: ANNA });
  assert.ok(!before.senders.some((s) => s.sender === PARTNER), 'an outside sender has no profile');
  await engine.close();
  engine = Engine.open({ casePath });
  assert.deepEqual(await engine.call('volume.senders', { sort: 'messages', limit: 5000 }), before);
  assert.deepEqual(await engine.call('volume.series', { sender: ANNA }), series);

  // Declaring the partner's domain the tenant's makes it an internal sender: the analysis reruns.
  await engine.call('settings.update', { tenantDomains: ['contoso.com', 'fabrikam.example'] });
  const after = await engine.call('volume.senders', { sort: 'messages', limit: 5000 });
  assert.equal(after.total, before.total + 1);
  const partner = after.senders.find((s) => s.sender === PARTNER)!;
  assert.equal(partner.messages, 12);
  assert.equal(partner.activeHours, 12);
  const partnerSeries = await engine.call('volume.series', { sender: PARTNER });
  assert.equal(partnerSeries.hours.length, 12);
});
