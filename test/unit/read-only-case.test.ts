/**
 * Issue 14.10: a read-only case (file, folder or medium) opens for viewing instead of failing; an
 * SQLite file of another application is refused by every command, never turned into a case; every
 * error names the file.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { toApiError } from '../../electron/engine/engine.js';
import { dlens, NOBODY, ownCli, runningAsRoot, type CliRun } from '../evidence-builders.js';
import { fixture, tempDir } from '../helpers.js';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/** Run as someone file modes bind (root ignores them). */
const viewer = (args: string[]): CliRun => dlens(args, runningAsRoot ? { asUser: NOBODY } : {});

function builtCase(): { dir: string; casePath: string } {
  const dir = tempDir();
  fs.chmodSync(dir, 0o755);
  const casePath = path.join(dir, 'case.db');
  const r = dlens(['import', casePath, fixture('purview-new-fullaccess.csv')]);
  assert.equal(r.code, 0, r.stderr);
  return { dir, casePath };
}

test('a read-only case in a read-only folder opens for viewing: findings, info and graph work, changes are refused by name', () => {
  const { dir, casePath } = builtCase();
  fs.chmodSync(casePath, 0o444);
  fs.chmodSync(dir, 0o555);
  const before = sha(casePath);
  try {
    const findings = viewer(['findings', casePath]);
    assert.equal(findings.code, 0, findings.stderr);
    assert.match(findings.stdout, /FullAccess on ceo@example\.com granted to helpdesk7@example\.com/);
    const info = viewer(['info', casePath, '--json']);
    assert.equal(info.code, 0, info.stderr);
    assert.match(
      (JSON.parse(info.stdout) as { readOnly: string }).readOnly,
      /cannot be written: open for viewing only/,
    );
    const graph = viewer(['graph', casePath]);
    assert.equal(graph.code, 0, graph.stderr);
    const imp = viewer(['import', casePath, fixture('purview-new-bad-rows.csv')]);
    assert.equal(imp.code, 1);
    assert.match(
      imp.stderr,
      new RegExp(`^dlens: ${casePath}: importing evidence is not possible: .*open for viewing only`),
    );
    const settings = viewer(['settings', casePath, '--known-admin', 'ops@example.com']);
    assert.equal(settings.code, 1);
    assert.match(settings.stderr, new RegExp(`^dlens: ${casePath}: changing settings is not possible`));
    for (const r of [findings, info, graph, imp, settings])
      assert.doesNotMatch(r.stderr, /attempt to write a readonly database|no such table|internal error/);
  } finally {
    fs.chmodSync(dir, 0o755);
  }
  assert.equal(sha(casePath), before, 'the case file is unchanged');
  assert.deepEqual(fs.readdirSync(dir), ['case.db'], 'nothing was created beside it');
});

/** Run shell `script` with `dir` bind-mounted read-only (a private mount namespace), or null where not permitted. */
function onReadOnlyMount(dir: string, script: string): { status: number | null; stdout: string } | null {
  const probe = spawnSync('unshare', [
    '-m',
    'sh',
    '-c',
    `mount --bind "${dir}" "${dir}" && mount -o remount,bind,ro "${dir}"`,
  ]);
  if (probe.status !== 0) return null;
  const r = spawnSync(
    'unshare',
    ['-m', 'sh', '-c', `mount --bind "${dir}" "${dir}" && mount -o remount,bind,ro "${dir}" && ${script}`],
    { encoding: 'utf8' },
  );
  return { status: r.status, stdout: r.stdout + r.stderr };
}

test('a case on read-only media (a read-only mount, where even root cannot write) opens for viewing', (t) => {
  const { dir, casePath } = builtCase();
  const before = sha(casePath);
  const cli = (args: string) => `"${process.execPath}" "${ownCli}" ${args}`;
  const r = onReadOnlyMount(
    dir,
    `${cli(`findings "${casePath}"`)} && ${cli(`info "${casePath}"`)} && ! ${cli(`import "${casePath}" "${fixture('purview-new-bad-rows.csv')}"`)}`,
  );
  if (r === null) {
    t.skip('mounting a folder read-only needs a private mount namespace (unshare -m as root); not permitted here');
    return;
  }
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /FullAccess on ceo@example\.com granted to helpdesk7@example\.com/);
  assert.match(r.stdout, /importing evidence is not possible: the case file or its folder cannot be written/);
  assert.equal(sha(casePath), before);
});

test('a read-only case file in a writable folder is read in place', () => {
  const { dir, casePath } = builtCase();
  fs.chmodSync(casePath, 0o444);
  if (runningAsRoot) fs.chownSync(dir, NOBODY, NOBODY);
  const before = sha(casePath);
  const info = viewer(['info', casePath, '--json']);
  assert.equal(info.code, 0, info.stderr);
  const readOnly = (JSON.parse(info.stdout) as { readOnly: string }).readOnly;
  assert.match(readOnly, /open for viewing only$/, 'no private copy was needed');
  assert.equal(viewer(['findings', casePath]).code, 0);
  assert.equal(sha(casePath), before);
});

test("another application's SQLite database is refused by every command, named, and left as it was", () => {
  const dir = tempDir();
  const other = path.join(dir, 'browser-history.sqlite');
  const db = new Database(other);
  db.exec("CREATE TABLE visits (url TEXT); INSERT INTO visits VALUES ('https://example.com')");
  db.close();
  const empty = path.join(dir, 'empty.db');
  fs.writeFileSync(empty, '');
  const text = path.join(dir, 'notes.db');
  fs.writeFileSync(text, 'not a database at all\n');
  const before = sha(other);
  const evidence = fixture('purview-new-fullaccess.csv');
  const commands = [['info'], ['findings'], ['graph'], ['settings', '--known-admin', 'ops@example.com'], ['verify']];
  for (const [name, ...rest] of commands) {
    const r = dlens([name!, other, ...rest]);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.match(
      r.stderr,
      new RegExp(`${other}: not a Delegation Lens case file \\(it is an SQLite database of another application\\)`),
      name,
    );
  }
  const imp = dlens(['import', other, evidence]);
  assert.equal(imp.code, 1);
  assert.match(imp.stderr, /not a Delegation Lens case file \(it is an SQLite database of another application\)/);
  assert.equal(sha(other), before, 'the other database is untouched');
  const emptyInfo = dlens(['info', empty]);
  assert.equal(emptyInfo.code, 1);
  assert.match(
    emptyInfo.stderr,
    new RegExp(`${empty}: not a Delegation Lens case file \\(an empty file or SQLite database, not a case\\)`),
  );
  assert.equal(fs.statSync(empty).size, 0, 'the empty file stays empty');
  const textInfo = dlens(['findings', text]);
  assert.equal(textInfo.code, 1);
  assert.match(textInfo.stderr, new RegExp(`${text}: not a Delegation Lens case file \\(not an SQLite database\\)`));
});

test('errors from SQLite name the case file', () => {
  const { casePath } = builtCase();
  const db = new Database(casePath);
  db.exec('DROP TABLE finding_ref; DROP TABLE finding');
  db.close();
  const r = dlens(['findings', casePath]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^dlens: ${casePath}: no such table: finding`, 'm'));
  assert.equal(
    toApiError(new Error('attempt to write a readonly database'), '/cases/a.db').message,
    '/cases/a.db: attempt to write a readonly database',
  );
});
