/**
 * Issue 14.7: folder import follows or reports every entry, by name. Symbolic links to files and
 * folders are followed (a loop is walked once and reported), hidden files are read like any other,
 * hidden folders, FIFOs and non-evidence are reported as skipped, a broken link, an unreadable
 * folder and an empty folder are errors naming the path with a non-zero exit.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { collectEvidence } from '../../electron/cli/evidence-walk.js';
import { dlens, NOBODY, runningAsRoot } from '../evidence-builders.js';
import { fixture, tempDir } from '../helpers.js';

function collectionFolder(): { root: string; dir: string } {
  const root = tempDir();
  const dir = path.join(root, 'collection');
  const outside = path.join(root, 'elsewhere');
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  fs.mkdirSync(path.join(outside, 'traces'), { recursive: true });
  fs.copyFileSync(fixture('purview-new-fullaccess.csv'), path.join(dir, 'ual.csv'));
  fs.copyFileSync(fixture('purview-new-bad-rows.csv'), path.join(dir, '.hidden-ual.csv'));
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'collected by the responder\n');
  fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.copyFileSync(fixture('audit/auditdata-lines.jsonl'), path.join(outside, 'linked.jsonl'));
  fs.copyFileSync(fixture('trace/message-trace-rps.csv'), path.join(outside, 'traces', 'trace.csv'));
  fs.symlinkSync(path.join(outside, 'linked.jsonl'), path.join(dir, 'link-to-file.jsonl'));
  fs.symlinkSync(path.join(outside, 'traces'), path.join(dir, 'link-to-folder'));
  fs.symlinkSync('.', path.join(dir, 'loop'));
  fs.symlinkSync(path.join(outside, 'gone.csv'), path.join(dir, 'broken.csv'));
  assert.equal(spawnSync('mkfifo', [path.join(dir, 'pipe')]).status, 0, 'mkfifo');
  return { root, dir };
}

test('collecting a folder follows links, reads hidden files and names every entry it does not read', () => {
  const { dir } = collectionFolder();
  const walk = collectEvidence([dir]);
  assert.deepEqual(
    walk.files.map((f) => path.relative(dir, f.path)),
    ['.hidden-ual.csv', 'link-to-file.jsonl', path.join('link-to-folder', 'trace.csv'), 'notes.txt', 'ual.csv'],
  );
  assert.deepEqual(
    walk.skipped.map((s) => path.relative(dir, s.slice(0, s.indexOf(': ')))),
    ['.git', 'loop', 'pipe'],
  );
  assert.match(walk.skipped[0]!, /hidden folder \(system or version-control data\), not walked/);
  assert.match(walk.skipped[1]!, /the same folder as .*collection, already walked \(a link loop/);
  assert.match(walk.skipped[2]!, /a named pipe \(FIFO\), not a file; not read/);
  assert.equal(walk.errors.length, 1);
  assert.match(walk.errors[0]!, /broken\.csv: broken symbolic link \(its target .*gone\.csv does not exist\)/);
});

test('dlens import of a folder imports through links and hidden files, reports skips, and exits 1 for the broken link', () => {
  const { root, dir } = collectionFolder();
  const casePath = path.join(root, 'case.db');
  const r = dlens(['import', casePath, dir]);
  assert.equal(r.code, 1, 'the broken link fails the command');
  for (const imported of ['.hidden-ual.csv', 'link-to-file.jsonl', 'link-to-folder/trace.csv', 'ual.csv'])
    assert.match(r.stdout, new RegExp(`^${path.join(dir, imported).replaceAll('.', '\\.')}$`, 'm'), imported);
  assert.match(r.stdout, /^skipped .*notes\.txt: unsupported format/m);
  assert.match(r.stdout, /^skipped .*\.git: hidden folder/m);
  assert.match(r.stdout, /^skipped .*loop: the same folder as/m);
  assert.match(r.stdout, /^skipped .*pipe: a named pipe/m);
  assert.match(r.stderr, /^dlens: .*broken\.csv: broken symbolic link/m);
  assert.doesNotMatch(r.stderr, /internal error/);
  const info = JSON.parse(dlens(['info', casePath, '--json']).stdout) as { evidence: unknown[] };
  assert.equal(info.evidence.length, 4, 'everything readable was imported');
});

test('an empty folder is an error naming it (exit 1), and no case is left behind', () => {
  const root = tempDir();
  const empty = path.join(root, 'empty');
  fs.mkdirSync(empty);
  const casePath = path.join(root, 'case.db');
  const r = dlens(['import', casePath, empty]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`dlens: ${empty.replaceAll('/', '\\/')}: the folder holds no file to import`));
  assert.equal(fs.existsSync(casePath), false);
});

test('an unreadable folder is an error naming it, not "internal error: EACCES"; the rest still imports', () => {
  const root = tempDir();
  fs.chmodSync(root, 0o777);
  const evidence = path.join(root, 'evidence');
  const locked = path.join(evidence, 'locked');
  fs.mkdirSync(locked, { recursive: true });
  fs.copyFileSync(fixture('purview-new-fullaccess.csv'), path.join(evidence, 'ual.csv'));
  fs.writeFileSync(path.join(locked, 'secret.csv'), 'a,b\n1,2\n');
  fs.chmodSync(evidence, 0o755);
  fs.chmodSync(locked, 0o000);
  try {
    // Root reads any folder whatever its mode: run the CLI as an unprivileged user then.
    const r = dlens(['import', path.join(root, 'case.db'), evidence], runningAsRoot ? { asUser: NOBODY } : {});
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^dlens: .*evidence\/locked: cannot list the folder \(permission denied\)$/m);
    assert.doesNotMatch(r.stderr, /internal error|EACCES/);
    assert.match(r.stdout, /rows +4 accepted/);
  } finally {
    fs.chmodSync(locked, 0o755);
  }
});
