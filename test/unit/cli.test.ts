import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliPath, corpus, corpusMissing, fixture, tempDir } from '../helpers.js';

function dlens(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test(
  'import prints format, counts, rejections and SHA-256 per file; ' +
    'info --json and findings --json follow the contract; re-importing the same bytes changes nothing',
  () => {
    const casePath = path.join(tempDir(), 'case.db');
    const imp = dlens('import', casePath, fixture('purview-new-fullaccess.csv'), fixture('purview-new-bad-rows.csv'));
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout, /Purview audit export \(new search, 8 columns\) \[purview-csv-8\]/);
    // purview-new-fullaccess.csv: 4 well-formed data rows. purview-new-bad-rows.csv: 5 data rows of which only
    // row 2 (the ReadPermission grant to mallory) is whole; row 3 has an empty Operation.
    assert.match(imp.stdout, /rows +4 accepted, 0 rejected, 0 duplicates/);
    assert.match(imp.stdout, /rows +1 accepted, 4 rejected, 0 duplicates/);
    assert.match(imp.stdout, /rejected +row 3 \(line 4\): record has no Operation/);
    assert.match(imp.stdout, /sha256 +[0-9a-f]{64}/);

    const info = JSON.parse(dlens('info', casePath, '--json').stdout) as {
      evidence: Array<Record<string, unknown>>;
      counts: Record<string, number>;
    };
    assert.deepEqual(
      info.evidence.map((e) => [e.file, e.format, e.accepted, e.rejected]),
      [
        ['purview-new-fullaccess.csv', 'purview-csv-8', 4, 0],
        ['purview-new-bad-rows.csv', 'purview-csv-8', 1, 4],
      ],
    );
    assert.match(String(info.evidence[0]!.sha256), /^[0-9a-f]{64}$/);
    // 4 + 1 accepted audit records, no trace or dump rows.
    assert.deepEqual(info.counts, { auditEvents: 5, messages: 0, permissions: 0, principals: info.counts.principals });
    // At least the accounts that act or are acted on in the accepted records: it-admin, ceo, helpdesk7, payroll.
    assert.ok(info.counts.principals! >= 4);

    // The FullAccess grant on ceo, its use (helpdesk7's SendAs as ceo) and the ReadPermission grant on payroll;
    // the Discovery Management provisioning grant is not flagged.
    const findings = JSON.parse(dlens('findings', casePath, '--json').stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(findings.map((f) => f.rule).sort(), [
      'delegate-sent-as-mailbox',
      'mailbox-delegation-granted',
      'mailbox-delegation-granted',
    ]);
    for (const f of findings) {
      for (const key of ['id', 'rule', 'title', 'severity', 'techniques', 'time', 'principals', 'summary', 'evidence'])
        assert.ok(key in f, `finding has ${key}`);
      assert.match(String(f.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      assert.ok(['info', 'low', 'medium', 'high', 'critical'].includes(String(f.severity)));
      for (const e of f.evidence as Array<Record<string, unknown>>)
        assert.deepEqual(Object.keys(e).sort(), ['file', 'recordId', 'row', 'sha256']);
    }
    const readGrant = findings.find((f) => (f.details as Record<string, string>).rights === 'ReadPermission')!;
    assert.deepEqual(readGrant.evidence, [
      {
        file: 'purview-new-bad-rows.csv',
        sha256: info.evidence[1]!.sha256,
        row: 2,
        recordId: 'bb000001-0000-4000-8000-08dc3c1a0201',
      },
    ]);

    const again = dlens('import', casePath, fixture('purview-new-fullaccess.csv'));
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already in the case \(same SHA-256 [0-9a-f]{64}\); nothing changed/);
    const after = JSON.parse(dlens('info', casePath, '--json').stdout) as typeof info;
    assert.equal(after.evidence.length, 2, 'no third evidence entry');
    assert.equal(after.counts.auditEvents, 5, 'no record added');
  },
);

test(
  'a missing or unsupported file: exit 1 with one line naming the file and the reason, no stack trace; ' +
    'the readable file of the same command is imported',
  () => {
    const casePath = path.join(tempDir(), 'case.db');
    const missing = dlens('import', casePath, '/nonexistent/evidence.csv');
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim(), 'dlens: /nonexistent/evidence.csv: file not found');

    const dir = tempDir();
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, 'meeting notes\n');
    const unknown = dlens('import', casePath, notes, fixture('purview-new-fullaccess.csv'));
    assert.equal(unknown.code, 1);
    const lines = unknown.stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /^dlens: .*notes\.txt: unsupported format: a text file starting "meeting notes"\. Supported: /,
    );
    assert.doesNotMatch(unknown.stderr, /\n\s+at /);
    assert.match(unknown.stdout, /4 accepted/, 'the readable file of the same command was imported');
  },
);

test('folders are imported recursively; non-evidence files inside them are skipped, not fatal', () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'audit'));
  fs.copyFileSync(fixture('purview-old-sendonbehalf.csv'), path.join(dir, 'audit', 'ual.csv'));
  fs.writeFileSync(path.join(dir, 'readme.txt'), 'collected by IR\n');
  const casePath = path.join(tempDir(), 'case.db');
  const r = dlens('import', casePath, dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /skipped .*readme\.txt: unsupported format/);
  assert.match(r.stdout, /rows +3 accepted/, 'the 3 data rows of purview-old-sendonbehalf.csv, found in audit/');
});

test('info and findings on a missing case fail cleanly; usage errors exit 2; help lists the commands', () => {
  const r = dlens('info', '/nonexistent/case.db', '--json');
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim(), 'dlens: /nonexistent/case.db: no such case file');
  const f = dlens('findings', '/nonexistent/case.db', '--json');
  assert.equal(f.code, 1);
  assert.equal(f.stderr.trim(), 'dlens: /nonexistent/case.db: no such case file');
  assert.equal(dlens('findings').code, 2);
  assert.equal(dlens('info', 'x.db', '--bogus').code, 2);
  assert.equal(dlens('frobnicate').code, 2);
  assert.match(dlens('help').stdout, /^ {2}import +Import evidence files or folders into a case$/m);
  assert.match(dlens('import', '--help').stdout, /^usage: dlens import <case\.db> <file-or-folder>\.\.\.$/m);
});

test('every command answers --help (exit 0) with its options, and all help fits an 80-column terminal', () => {
  const top = dlens('help');
  assert.equal(top.code, 0);
  const names = [...top.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);
  assert.deepEqual(names, [
    'import',
    'info',
    'findings',
    'triage',
    'annotations',
    'graph',
    'report',
    'export',
    'settings',
    'verify',
    'serve',
    'demo',
    'generate',
  ]);
  for (const text of [top.stdout, ...names.map((n) => dlens(n, '--help').stdout)]) {
    for (const line of text.split('\n')) assert.ok(line.length <= 80, `help line over 80 columns: ${line}`);
  }
  for (const name of names) {
    const h = dlens(name, '--help');
    assert.equal(h.code, 0, `${name} --help`);
    assert.match(h.stdout, new RegExp(`^usage: dlens ${name} `, 'm'));
    assert.match(h.stdout, /^options:$/m);
  }
  assert.match(dlens('settings', '--help').stdout, /--known-admin ACCOUNT \(repeatable\)/);
});

test('a repeated option keeps every value: --known-admin twice adds both accounts', () => {
  const casePath = path.join(tempDir(), 'case.db');
  assert.equal(dlens('import', casePath, fixture('purview-new-fullaccess.csv')).code, 0);
  const r = dlens(
    'settings',
    casePath,
    '--known-admin',
    'a@example.com',
    '--known-admin',
    'b@example.com,c@example.com',
    '--json',
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as { knownAdmins: string[] }).knownAdmins, [
    'a@example.com',
    'b@example.com',
    'c@example.com',
  ]);
});

test('findings --csv neutralizes spreadsheet formulas', () => {
  const dir = tempDir();
  const file = path.join(dir, 'evil.csv');
  fs.writeFileSync(
    file,
    fs
      .readFileSync(fixture('purview-new-fullaccess.csv'), 'utf8')
      .replaceAll('it-admin@example.com', '=1+1@example.com'),
  );
  const casePath = path.join(dir, 'case.db');
  assert.equal(dlens('import', casePath, file).code, 0);
  const out = dlens('findings', casePath, '--csv').stdout;
  // The grant's principals (actor, mailbox, trustee) with the actor renamed: the cell gets a leading quote.
  assert.match(out, /,"'=1\+1@example\.com ceo@example\.com helpdesk7@example\.com",/);
  assert.doesNotMatch(out, /(^|,)"?=1\+1/m);
});

// SOURCES.md: the sample's only Add-MailboxPermission is the Discovery Management system grant, and its
// Set-Mailbox records are system provisioning.
test(
  'npx dlens import of the Hawk sample yields no finding: the system grant stays unflagged',
  { skip: corpusMissing },
  () => {
    const casePath = path.join(tempDir(), 'case.db');
    assert.equal(dlens('import', casePath, corpus('hawk/AuditLog.csv')).code, 0);
    assert.deepEqual(JSON.parse(dlens('findings', casePath, '--json').stdout), []);
  },
);

test('settings: approving a delegate recomputes findings (capped at info); a bad time zone is refused', () => {
  const casePath = path.join(tempDir(), 'case.db');
  assert.equal(dlens('import', casePath, fixture('purview-new-fullaccess.csv')).code, 0);
  const severityOf = () =>
    (JSON.parse(dlens('findings', casePath, '--json').stdout) as Array<{ rule: string; severity: string }>).find(
      (f) => f.rule === 'mailbox-delegation-granted',
    )!.severity;
  // Medium base, raised for AutoMapping False and again for the use 2 h 25 min later (the SendAs as ceo).
  assert.equal(severityOf(), 'critical');
  const set = dlens('settings', casePath, '--approve-delegate', 'helpdesk7@example.com -> ceo@example.com', '--json');
  assert.equal(set.code, 0, set.stderr);
  assert.deepEqual((JSON.parse(set.stdout) as { approvedDelegates: string[] }).approvedDelegates, [
    'helpdesk7@example.com -> ceo@example.com',
  ]);
  assert.equal(severityOf(), 'info');
  const bad = dlens('settings', casePath, '--time-zone', 'Mars/Olympus');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown time zone "Mars\/Olympus"/);
});
