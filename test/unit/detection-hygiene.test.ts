/**
 * Hygiene (issue 10, classes 15, 16, 17 and 19): the principal count counts identities, a finding
 * cites every row it counts and pages through them (handler and CLI), a refused import leaves no
 * case file behind, and a Microsoft 365 group's Member@local / Owner@local are the group's own
 * members and owners while a person's Member@local on their Inbox is everyone.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { EvidenceRowView } from '../../shared/domain.js';
import { cliPath, tempDir } from '../helpers.js';
import { atLeast, detectionFixture, ofRule, openDetectionCase, summary } from '../detection-case.js';

const dlens = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });

test('class 15: the principal count counts accounts and addresses, not SharePoint URLs, rule object paths, rule names, SIDs or anonymous', async () => {
  const c = await openDetectionCase([
    // Actors and targets: 7 staff accounts, SharePoint file URLs, an inbox rule's object path, "anonymous",
    // the Exchange application id of sign-ins.
    'tenant-week.csv',
    // + helpdesk7; rule paths ("…/ceo\Sync") and alias\RuleIdentity.
    'rule-owner-paths.csv',
    // + the group mailbox teams-public; S-1-5-18 as the actor.
    'group-mailbox-folders.csv',
    // Rule names as targets ("Board pack copy"), "Microsoft Operator" as an actor.
    'transport-rule-changes.csv',
  ]);
  try {
    const info = await c.engine.call('case.info', {});
    assert.equal(info.counts.principals, 9, JSON.stringify(info.counts));
  } finally {
    await c.close();
  }
});

test('class 16: a sign-in finding cites every sign-in and follow-up it counts; findings.evidence pages through them to the total; the CLI says "n of m"', async () => {
  const c = await openDetectionCase(['tenant-week.csv']);
  try {
    const [full] = (await c.findings()).filter((f) => f.rule === 'sign-in-from-new-address');
    assert.ok(full, 'the attacker address finding');
    const counted = Number(full.details.signIns) + Number(full.details.followUps);
    assert.deepEqual([full.details.signIns, full.details.followUps], ['2', '17']);
    assert.equal(full.evidenceTotal, counted);
    assert.equal(full.evidence.length, counted, 'all cited when the caller asks for all');

    const [short] = (await c.engine.call('findings.list', { evidenceLimit: 5 })).filter((f) => f.id === full.id);
    assert.deepEqual([short!.evidence.length, short!.evidenceTotal], [5, counted]);

    const pages: EvidenceRowView[][] = [];
    for (let offset = 0; offset < counted + 7; offset += 7) {
      const page: { rows: EvidenceRowView[]; total: number } = await c.engine.call('findings.evidence', {
        findingId: full.id,
        offset,
        limit: 7,
      });
      assert.equal(page.total, counted);
      pages.push(page.rows);
    }
    assert.deepEqual(
      pages.map((p) => p.length),
      [7, 7, 5, 0],
    );
    const rows = pages.flat();
    assert.deepEqual(
      rows.map((r) => r.row),
      full.evidence.map((e) => e.row),
      'the pages are the citations, in order, each once',
    );
    assert.deepEqual(
      rows.slice(0, 2).map((r) => [r.what, r.clientIp]),
      [
        ['UserLoggedIn', '203.0.113.77'],
        ['UserLoggedIn', '203.0.113.77'],
      ],
    );
    assert.ok(rows.slice(2).every((r) => r.what !== 'UserLoggedIn' && r.clientIp === '203.0.113.77'));

    await c.close();
    const table = dlens('findings', c.casePath);
    assert.equal(table.status, 0, table.stderr);
    const line = table.stdout.split('\n').find((l) => l.includes('signed in from 203.0.113.77'));
    assert.match(line ?? '', new RegExp(`\\(5 of ${counted}\\)`), table.stdout);
    const json = JSON.parse(dlens('findings', c.casePath, '--json').stdout) as Array<{
      id: string;
      evidence: unknown[];
    }>;
    assert.equal(
      json.find((f) => f.id === full.id)!.evidence.length,
      counted,
      'the JSON export carries every citation',
    );
  } finally {
    await c.close();
  }
});

test('class 17: an import that is refused leaves no new case file behind; an existing case keeps its evidence', () => {
  const dir = tempDir();
  const notes = path.join(dir, 'notes.txt');
  fs.writeFileSync(notes, 'call with the CFO at 10:00\n');
  const casePath = path.join(dir, 'case.db');
  const refused = dlens('import', casePath, notes);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /notes\.txt: unsupported format/);
  assert.match(refused.stdout, /nothing was imported: .*case\.db was not created/);
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    assert.ok(!fs.existsSync(`${casePath}${suffix}`), `case.db${suffix} left behind`);

  // A folder holding nothing that is evidence: skipped files, no case either.
  const folder = path.join(dir, 'collection');
  fs.mkdirSync(folder);
  fs.copyFileSync(notes, path.join(folder, 'readme.txt'));
  const skipped = dlens('import', casePath, folder);
  assert.match(skipped.stdout, /skipped .*readme\.txt/);
  assert.ok(!fs.existsSync(casePath), 'no case for a folder without evidence');

  // A case that exists is not removed by a later refusal.
  assert.equal(dlens('import', casePath, detectionFixture('helpdesk-grants.csv')).status, 0);
  const again = dlens('import', casePath, notes);
  assert.equal(again.status, 1);
  assert.ok(fs.existsSync(casePath));
  const info = JSON.parse(dlens('info', casePath, '--json').stdout) as { evidence: Array<{ file: string }> };
  assert.deepEqual(
    info.evidence.map((e) => e.file),
    ['helpdesk-grants.csv'],
  );
});

test('class 19: Member@local / Owner@local configured by the service on a group mailbox are the group’s members and owners, with no finding; a person’s Member@local on their Inbox is Default and is one', async () => {
  const c = await openDetectionCase(['group-mailbox-folders.csv']);
  try {
    const findings = await c.findings();
    assert.deepEqual(
      findings.map((f) => [f.rule, f.details.mailbox, f.details.trustee, f.details.folder]),
      [['folder-delegation-granted', 'cfo@example.com', 'Default', 'Inbox']],
      summary(findings),
    );
    const inbox = findings[0]!;
    assert.ok(atLeast(inbox, 'high'), inbox.severity);
    assert.match(inbox.details.severityReasons!, /granted to Default: every user can read it/);
    assert.deepEqual(
      inbox.evidence.map((e) => e.row),
      [3],
    );
    for (const f of findings)
      assert.ok(!f.principals.some((p) => /@local$|teams-public/i.test(p)), `${f.title}: ${f.principals.join()}`);

    const graph = await c.engine.call('graph.asOf', { asOf: null });
    assert.deepEqual(graph.edges.map((e) => [e.from, e.to, e.folder]).sort(), [
      ['Default', 'cfo@example.com', 'Inbox'],
      ['Members of teams-public@example.com', 'teams-public@example.com', 'Calendar'],
      ['Owners of teams-public@example.com', 'teams-public@example.com', 'Calendar'],
    ]);
    const types = new Map(graph.nodes.map((n) => [n.id, n.type]));
    assert.equal(types.get('Members of teams-public@example.com'), 'pseudo');
    assert.equal(types.get('Owners of teams-public@example.com'), 'pseudo');
    assert.ok(![...types.keys()].some((id) => /@local$/i.test(id)), 'Member@local is not an address');
    assert.ok(![...types.values()].includes('external'), JSON.stringify(graph.nodes));
    assert.equal(ofRule(findings, 'standing-delegation').length, 0);
  } finally {
    await c.close();
  }
});
