/**
 * Issue 12, triage and annotations from the command line: `dlens triage` sets (one finding, several,
 * every finding of a rule) and shows triage, names the finding id that does not exist, refuses
 * changes on a case open for viewing only; `dlens annotations` lists annotations and orphaned triage
 * as a table or JSON, with the history; `dlens findings` shows the triage in its table, JSON and CSV.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../electron/engine/engine.js';
import { dlens as dlensAs, NOBODY, runningAsRoot } from '../evidence-builders.js';
import { cliPath, fixture, tempDir } from '../helpers.js';

const GRANT = 'mailbox-delegation-granted:e67cf1bd67269587';
const SENT_AS = 'delegate-sent-as-mailbox:302d1323c544d01e';
const FINANCE_LEAD = 'delegation-before-window:8f861a3d76d880c1';

function dlens(args: string[], analyst = 'Cli Analyst') {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DLENS_ANALYST: analyst },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function builtCase(): string {
  const dir = tempDir();
  fs.chmodSync(dir, 0o755);
  const casePath = path.join(dir, 'case.db');
  const r = dlens([
    'import',
    casePath,
    fixture('dumps/extractor-mailbox-permissions.csv'),
    fixture('purview-new-fullaccess.csv'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  return casePath;
}

interface TriageLine {
  findingId: string;
  rule: string | null;
  title: string | null;
  triage: { state: string; reason: string; at: string; by: string } | null;
}
const parse = (stdout: string) => JSON.parse(stdout) as TriageLine[];

test('dlens triage sets and shows triage, by id and by rule; findings shows it in table, JSON and CSV', () => {
  const casePath = builtCase();
  const shown = dlens(['triage', casePath, GRANT, '--json']);
  assert.equal(shown.code, 0, shown.stderr);
  assert.deepEqual(
    parse(shown.stdout).map((l) => [l.findingId, l.rule, l.triage]),
    [[GRANT, 'mailbox-delegation-granted', null]],
  );

  const set = dlens(['triage', casePath, GRANT, '--state', 'confirmed', '--reason', 'attacker grant\x1b[2J']);
  assert.equal(set.code, 0, set.stderr);
  const grantLine = set.stdout.split('\n').find((l) => l.startsWith(GRANT))!;
  assert.match(
    grantLine,
    /confirmed +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +Cli Analyst +attacker grant<U\+001B>\[2J +FullAccess on ceo/,
  );
  assert.ok(!set.stdout.includes('\x1b'), 'no raw escape reaches the terminal');

  const bulk = dlens(['triage', casePath, '--all-of-rule', 'delegation-before-window', '--state', 'benign', '--json']);
  assert.equal(bulk.code, 0, bulk.stderr);
  const lines = parse(bulk.stdout);
  assert.equal(lines.length, 3);
  assert.ok(lines.every((l) => l.rule === 'delegation-before-window' && l.triage?.state === 'benign'));

  // Without --state: the current triage.
  const now = parse(dlens(['triage', casePath, GRANT, FINANCE_LEAD, '--json']).stdout);
  assert.deepEqual(
    now.map((l) => [l.findingId, l.triage?.state, l.triage?.reason, l.triage?.by]),
    [
      [GRANT, 'confirmed', 'attacker grant\x1b[2J', 'Cli Analyst'],
      [FINANCE_LEAD, 'benign', '', 'Cli Analyst'],
    ],
  );

  const table = dlens(['findings', casePath]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^severity +triage +time \(UTC\)/);
  assert.match(table.stdout, /^critical +confirmed +2024-03-04 09:15:02Z +T1098\.002 +FullAccess on ceo/m);
  const json = JSON.parse(dlens(['findings', casePath, '--json']).stdout) as Array<{
    id: string;
    title: string;
    triage: unknown;
  }>;
  assert.deepEqual(json.find((f) => f.id === GRANT)!.triage, now[0]!.triage);
  const sentAs = json.find((f) => f.id === SENT_AS)!;
  assert.equal(sentAs.triage, null);
  assert.ok(
    table.stdout.split('\n').some((l) => /^medium +new +/.test(l) && l.includes(sentAs.title)),
    'an untriaged finding shows new',
  );
  const csv = dlens(['findings', casePath, '--csv']).stdout.split('\r\n');
  assert.match(csv[0]!, /,triage,triage_reason,triage_by,triage_at$/);
  const grantRow = csv.find((l) => l.startsWith(`${GRANT},`))!;
  assert.match(grantRow, /,confirmed,attacker grant<U\+001B>\[2J,Cli Analyst,\d{4}-\d\d-\d\dT[\d:.]+Z$/);
});

test('dlens triage: errors name the finding id that does not exist; usage mistakes exit 2', () => {
  const casePath = builtCase();
  const missing = dlens(['triage', casePath, GRANT, 'no-such-rule:0123', '--state', 'benign']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr.trim(), `dlens: ${casePath}: no finding no-such-rule:0123`);
  assert.equal(parse(dlens(['triage', casePath, GRANT, '--json']).stdout)[0]!.triage, null, 'nothing was changed');
  const rule = dlens(['triage', casePath, '--all-of-rule', 'no-such-rule', '--state', 'benign']);
  assert.equal(rule.code, 1);
  assert.match(rule.stderr, /no finding of rule no-such-rule/);
  assert.equal(dlens(['triage', casePath, GRANT, '--state', 'malicious']).code, 2);
  assert.equal(dlens(['triage', casePath, GRANT, '--reason', 'why']).code, 2);
  assert.equal(dlens(['triage', casePath]).code, 2);
  assert.equal(dlens(['annotations', casePath, '--kind', 'mailbox']).code, 2);
  const gone = dlens(['triage', path.join(path.dirname(casePath), 'none.db'), GRANT]);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /none\.db: no such case file/);
});

test('dlens annotations lists annotations and orphaned triage as a table or JSON, with the history', async () => {
  const casePath = builtCase();
  assert.equal(dlens(['triage', casePath, FINANCE_LEAD, '--state', 'needs-review', '--reason', 'ask']).code, 0);
  assert.equal(
    dlens(['settings', casePath, '--approve-delegate', 'finance.lead@example.com -> shared-finance@example.com']).code,
    0,
  );
  process.env.DLENS_ANALYST = 'Engine Analyst';
  const engine = Engine.open({ casePath });
  try {
    await engine.call('annotations.set', { kind: 'finding', target: GRANT, starred: true, tags: ['bec'] });
    await engine.call('annotations.set', {
      kind: 'principal',
      target: 'helpdesk7@example.com',
      tags: ['attacker'],
      comment: 'line one\nline two \u202e',
    });
  } finally {
    await engine.close();
    delete process.env.DLENS_ANALYST;
  }

  const all = dlens(['annotations', casePath]);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, /^kind +target +star +tags +updated \(UTC\) +by +comment$/m);
  assert.match(
    all.stdout,
    /^principal +helpdesk7@example\.com +attacker .*Engine Analyst +line one<U\+000A>line two <U\+202E>$/m,
  );
  assert.match(all.stdout, /^finding +mailbox-delegation-granted:e67cf1bd67269587 +\* +bec /m);
  assert.match(all.stdout, /triaged findings no longer in the case \(1\):/);
  assert.match(all.stdout, new RegExp(`^${FINANCE_LEAD} +needs-review +.* Cli Analyst +ask$`, 'm'));
  assert.doesNotMatch(all.stdout, /history/);

  const principals = JSON.parse(dlens(['annotations', casePath, '--kind', 'principal', '--json']).stdout) as {
    annotations: Array<{ target: string }>;
    orphanedTriage: unknown[];
  };
  assert.deepEqual(
    principals.annotations.map((a) => a.target),
    ['helpdesk7@example.com'],
  );
  assert.deepEqual(principals.orphanedTriage, [], 'orphaned triage is about findings');

  const tagged = JSON.parse(dlens(['annotations', casePath, '--tag', 'bec', '--history', '--json']).stdout) as {
    annotations: Array<{ target: string }>;
    history: Array<{ target: string; field: string }>;
  };
  assert.deepEqual(
    tagged.annotations.map((a) => a.target),
    [GRANT],
  );
  assert.deepEqual(tagged.history.map((h) => [h.target, h.field]).reverse(), [
    [GRANT, 'starred'],
    [GRANT, 'tags'],
  ]);

  const history = dlens(['annotations', casePath, '--history']);
  assert.equal(history.code, 0, history.stderr);
  assert.match(history.stdout, /^history \(newest first\):$/m);
  assert.match(history.stdout, new RegExp(`Cli Analyst +triage +${FINANCE_LEAD} +state +— -> needs-review$`, 'm'));
  assert.match(
    history.stdout,
    /Engine Analyst +principal +helpdesk7@example\.com +comment +— -> line one<U\+000A>line two/,
  );
});

test(
  'a case open for viewing only: triage is shown, changes are refused naming the case',
  { skip: !runningAsRoot && process.getuid?.() === undefined ? 'no uid' : false },
  () => {
    const casePath = builtCase();
    assert.equal(dlens(['triage', casePath, GRANT, '--state', 'confirmed']).code, 0);
    const dir = path.dirname(casePath);
    fs.chmodSync(casePath, 0o444);
    fs.chmodSync(dir, 0o555);
    const viewer = (args: string[]) => dlensAs(args, runningAsRoot ? { asUser: NOBODY } : {});
    try {
      const show = viewer(['triage', casePath, GRANT, '--json']);
      assert.equal(show.code, 0, show.stderr);
      assert.equal(parse(show.stdout)[0]!.triage?.state, 'confirmed');
      assert.equal(viewer(['annotations', casePath]).code, 0);
      const change = viewer(['triage', casePath, GRANT, '--state', 'benign']);
      assert.equal(change.code, 1);
      assert.match(
        change.stderr,
        new RegExp(`^dlens: ${casePath}: triaging findings is not possible: .*open for viewing only`),
      );
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  },
);
