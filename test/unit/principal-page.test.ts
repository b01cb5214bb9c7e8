/**
 * principal.get on a hand-made case (test/fixtures/volume): an audit export with sign-ins, a FullAccess
 * grant later removed and a SendAs grant; a Get-Mailbox export with display names and aliases; a
 * CRT FullAccess dump with standing access the log never granted; a message trace.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Engine } from '../../electron/engine/engine.js';
import { fixture, tempDir } from '../helpers.js';

let engine: Engine;

before(async () => {
  engine = Engine.open({ casePath: path.join(tempDir('dlens-principal-'), 'case.db') });
  const files = ['principal-mailboxes.csv', 'principal-fullaccess.csv', 'principal-audit.csv', 'principal-trace.csv'];
  const outcomes = await engine.call('import.files', { files: files.map((f) => ({ path: fixture(`volume/${f}`) })) });
  for (const o of outcomes) assert.ok(o.ok && o.result.rejected === 0, o.ok ? o.result.file : o.error);
});
after(async () => {
  await engine.close();
});

test('the holder of access: grants held (current and removed), aliases, sign-in addresses, send volume, findings', async () => {
  const p = await engine.call('principal.get', { address: 'mallory@example.com' });
  assert.equal(p.address, 'mallory@example.com');
  assert.equal(p.kind, 'user');
  assert.equal(p.displayName, 'Mallory Stone');
  assert.ok(p.aliases.includes('mstone') && p.aliases.includes('Mallory Stone'), p.aliases.join(', '));
  assert.deepEqual(p.held, [
    {
      other: 'cfo@example.com',
      kind: 'send-as',
      rights: ['SendAs'],
      folder: null,
      since: '2024-03-07T03:12:00.000Z',
      grantedBy: 'it-admin@example.com',
      current: true,
    },
    {
      other: 'ceo@example.com',
      kind: 'mailbox',
      rights: ['FullAccess'],
      folder: null,
      since: '2024-03-07T03:10:00.000Z',
      grantedBy: 'it-admin@example.com',
      current: false,
    },
  ]);
  assert.deepEqual(p.given, []);
  assert.deepEqual(p.signIns, [
    { ip: '198.51.100.10', first: '2024-03-04T08:05:00.000Z', last: '2024-03-06T08:30:00.000Z', count: 2 },
    { ip: '203.0.113.66', first: '2024-03-07T02:55:00.000Z', last: '2024-03-08T10:05:00.000Z', count: 2 },
  ]);
  assert.deepEqual(p.send, { messages: 3, activeHours: 1, median: 1, mad: 0, bulk: false });
  assert.deepEqual(p.counts, { asActor: 4, asTarget: 0, sent: 3, received: 2 });
  assert.equal(p.first, '2024-03-04T08:05:00.000Z');
  assert.equal(p.last, '2024-03-08T10:05:00.000Z');
  const grants = p.findings.filter((f) => f.rule === 'mailbox-delegation-granted').map((f) => f.title);
  assert.deepEqual(grants.sort(), [
    'FullAccess on ceo@example.com granted to mallory@example.com',
    'SendAs on cfo@example.com granted to mallory@example.com',
  ]);
  // Every finding naming it, worst first.
  const all = await engine.call('findings.list', { evidenceLimit: 0 });
  assert.deepEqual(
    p.findings.map((f) => f.id).sort(),
    all
      .filter((f) => f.principals.includes('mallory@example.com'))
      .map((f) => f.id)
      .sort(),
  );
  const rank = ['critical', 'high', 'medium', 'low', 'info'];
  const order = p.findings.map((f) => rank.indexOf(f.severity));
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
  );
});

test('the mailbox reached, found by its display name: access given (standing from the dump, and removed)', async () => {
  const p = await engine.call('principal.get', { address: 'Chief Executive' });
  assert.equal(p.address, 'ceo@example.com');
  assert.equal(p.displayName, 'Chief Executive');
  assert.deepEqual(p.held, []);
  assert.deepEqual(
    p.given.map((g) => [g.other, g.kind, g.rights.join(','), g.since, g.grantedBy, g.current]),
    [
      ['ea@example.com', 'mailbox', 'FullAccess', null, null, true],
      ['mallory@example.com', 'mailbox', 'FullAccess', '2024-03-07T03:10:00.000Z', 'it-admin@example.com', false],
    ],
  );
  assert.deepEqual(
    p.signIns.map((s) => [s.ip, s.count]),
    [['198.51.100.10', 2]],
  );
  // The grant and the removal were made on it.
  assert.equal(p.counts.asTarget, 2);
  assert.equal(p.counts.received, 1);
  assert.equal(p.counts.sent, 2);
  assert.ok(p.findings.some((f) => f.rule === 'mailbox-delegation-granted'));
  // Lower case and mixed case name the same principal.
  assert.equal((await engine.call('principal.get', { address: 'CEO@Example.com' })).address, 'ceo@example.com');
});

test('an outside address is external; the standing holder from the dump is a user with the access it holds', async () => {
  const partner = await engine.call('principal.get', { address: 'partner@fabrikam.example' });
  assert.equal(partner.kind, 'external');
  assert.equal(partner.counts.received, 1);
  assert.equal(partner.send, null);
  const ea = await engine.call('principal.get', { address: 'ea@example.com' });
  assert.equal(ea.kind, 'user');
  assert.deepEqual(
    ea.held.map((g) => [g.other, g.kind, g.current]),
    [['ceo@example.com', 'mailbox', true]],
  );
});

test('an address the case does not know is not found', async () => {
  await assert.rejects(engine.call('principal.get', { address: 'nobody@example.com' }), { code: 'not_found' });
});
