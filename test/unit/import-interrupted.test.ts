/**
 * An import killed part-way leaves a consistent case: the interrupted file is simply absent (its
 * transaction never committed), earlier files are intact, and importing again completes it.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliPath, fixture, tempDir } from '../helpers.js';
import { purviewExport } from '../import-helpers.js';

const info = (casePath: string) =>
  JSON.parse(spawnSync(process.execPath, [cliPath, 'info', casePath, '--json'], { encoding: 'utf8' }).stdout) as {
    evidence: Array<{ file: string; accepted: number }>;
    counts: { auditEvents: number };
  };

test('killing an import mid-file keeps the case consistent, and the file imports fully afterwards', async () => {
  const dir = tempDir();
  const casePath = path.join(dir, 'case.db');
  const big = path.join(dir, 'big.csv');
  fs.writeFileSync(big, purviewExport(25_000, { idPrefix: 'cccccccc', padding: 600 }));
  assert.equal(
    spawnSync(process.execPath, [cliPath, 'import', casePath, fixture('purview-new-fullaccess.csv')]).status,
    0,
  );

  const child = spawn(process.execPath, [cliPath, 'import', casePath, big], { stdio: 'ignore' });
  // Kill once the import transaction is under way (the case's WAL file grows), before it can commit.
  const wal = `${casePath}-wal`;
  const started = fs.existsSync(wal) ? fs.statSync(wal).size : 0;
  const walSize = () => (fs.existsSync(wal) ? fs.statSync(wal).size : 0);
  for (let i = 0; i < 1_000 && walSize() <= started + 1_000_000; i++) await new Promise((r) => setTimeout(r, 10));
  const underWay = walSize() > started + 1_000_000;
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  assert.ok(underWay, 'the import had written over 1 MB of its transaction when it was killed');

  const after = info(casePath);
  assert.deepEqual(
    after.evidence.map((e) => e.file),
    ['purview-new-fullaccess.csv'],
    'the interrupted file left nothing behind',
  );
  assert.equal(after.counts.auditEvents, 4, "only purview-new-fullaccess.csv's 4 records");

  const again = spawnSync(process.execPath, [cliPath, 'import', casePath, big], { encoding: 'utf8' });
  assert.equal(again.status, 0, again.stderr);
  const done = info(casePath);
  assert.deepEqual(
    done.evidence.map((e) => [e.file, e.accepted]),
    [
      ['purview-new-fullaccess.csv', 4],
      ['big.csv', 25_000],
    ],
  );
  assert.equal(done.counts.auditEvents, 4 + 25_000);
});
