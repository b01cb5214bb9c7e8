/**
 * `npm run bench:import`: a ~1M-record Purview audit CSV from the generator, imported end to end
 * (hash, sniff, stream-parse, JSON-parse AuditData, normalize, insert with indexes, commit, close —
 * the analysis that follows an import is measured by bench:analyze), compared in the same run with the
 * sqlite3 shell's `.import` of the same file into a plain table. Prints both times, the ratio and
 * peak RSS. Target: ratio <= 1.5 (stretch 1.25), peak RSS <= 400 MB.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDataset, mb, measureInChild } from './dataset.js';

const data = await benchDataset();
const size = fs.statSync(data.auditCsv).size;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-bench-import-'));

const ours = await measureInChild(`
  import { openCase } from '../dist/electron/engine/store/db.js';
  import { importFile } from '../dist/electron/engine/ingest/import-file.js';
  const db = openCase(${JSON.stringify(path.join(work, 'case.db'))});
  const t0 = performance.now();
  const r = await importFile(db, { path: ${JSON.stringify(data.auditCsv)} });
  db.close(); // timed too: in WAL mode closing is where the last checkpoint would land
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ seconds, rows: r.accepted + r.rejected + r.duplicates, rejected: r.rejected, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
`);

const sqliteDb = path.join(work, 'sqlite3.db');
const t0 = performance.now();
const shell = spawnSync('sqlite3', [sqliteDb, `.import --csv ${data.auditCsv} audit`], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
const sqliteSeconds = (performance.now() - t0) / 1000;
fs.rmSync(work, { recursive: true, force: true });

const rows = Number(ours.rows);
const oursSeconds = Number(ours.seconds);
console.log(
  `\nbench:import — ${path.basename(data.auditCsv)}: ${rows.toLocaleString('en-US')} records, ${mb(size)} MB (${data.users} users, ${data.days} days)`,
);
console.log(
  '  (a file this size is parsed in a worker thread while the engine thread inserts, under a rollback journal)',
);
console.log(
  `  dlens import       ${oursSeconds.toFixed(1)} s   ${Math.round(rows / oursSeconds).toLocaleString('en-US')} rows/s   ${(size / 1024 / 1024 / oursSeconds).toFixed(1)} MB/s   peak RSS ${Number(ours.peakRssMb).toFixed(0)} MB   rejected ${ours.rejected}`,
);
if (shell.error || shell.status !== 0) {
  console.log(
    `  sqlite3 .import    not run (${shell.error ? 'sqlite3 shell not found: apt-get install sqlite3' : shell.stderr.toString().trim()})`,
  );
  process.exit(1);
}
console.log(
  `  sqlite3 .import    ${sqliteSeconds.toFixed(1)} s   ${Math.round(rows / sqliteSeconds).toLocaleString('en-US')} rows/s   (plain TEXT table, no JSON, no indexes)`,
);
console.log(`  ratio              ${(oursSeconds / sqliteSeconds).toFixed(2)}   (target <= 1.5, stretch 1.25)`);
console.log(`  peak RSS           ${Number(ours.peakRssMb).toFixed(0)} MB   (target <= 400 MB)`);
