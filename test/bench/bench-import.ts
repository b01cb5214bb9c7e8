/**
 * `npm run bench:import`: what the analyst waits for when a ~1M-record Purview audit export is
 * dropped in: hash, sniff, stream-parse, JSON-parse AuditData, normalize, insert with indexes, commit,
 * then the analysis the import triggers (every rule, findings written). Both Purview layouts are
 * measured: the classic 4-column export and the new-search 8-column one with US-culture dates. Each
 * is compared in the same run with the sqlite3 shell's `.import` of the same file into a plain table.
 * Prints the times, the ratio and peak RSS. Targets: end to end <= 1.5x sqlite3, peak RSS <= 400 MB.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDataset, mb, measureInChild } from './dataset.js';

const data = await benchDataset();
const shapes = [
  { name: 'classic 4-column', file: data.auditClassicCsv },
  { name: 'new 8-column (US dates)', file: data.auditCsv },
];

/** Import then analyse in a fresh process, as the engine's import handler does for a file this size. */
const endToEnd = (file: string, casePath: string) =>
  measureInChild(`
  import { openCase, closeDb } from '../dist/electron/engine/store/db.js';
  import { importFile } from '../dist/electron/engine/pipelines/import/import-file.js';
  import { runAnalysis } from '../dist/electron/engine/pipelines/analysis/run-analysis.js';
  const db = openCase(${JSON.stringify(casePath)});
  const t0 = performance.now();
  const r = await importFile(db, { path: ${JSON.stringify(file)}, rollbackJournal: true });
  const t1 = performance.now();
  const a = runAnalysis(db);
  closeDb(db); // timed too: closing is where the last checkpoint would land
  const t2 = performance.now();
  console.log(JSON.stringify({
    importSeconds: (t1 - t0) / 1000, analysisSeconds: (t2 - t1) / 1000, findings: a.findings,
    rows: r.accepted + r.rejected + r.duplicates, rejected: r.rejected, peakRssMb: process.resourceUsage().maxRSS / 1024,
  }));
`);

function sqliteImport(file: string, dbPath: string): number | string {
  const t0 = performance.now();
  const shell = spawnSync('sqlite3', [dbPath, `.import --csv ${file} audit`], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (shell.error) return 'sqlite3 shell not found: apt-get install sqlite3';
  if (shell.status !== 0) return shell.stderr.toString().trim();
  return (performance.now() - t0) / 1000;
}

console.log(
  `\nbench:import — one tenant (${data.users} users, ${data.days} days), import plus the analysis it triggers`,
);
console.log(
  '  (a file this size is parsed in a worker thread while the engine thread inserts, under a rollback journal)',
);
let peak = 0;
let worstRatio = 0;
for (const shape of shapes) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-bench-import-'));
  try {
    const ours = await endToEnd(shape.file, path.join(work, 'case.db'));
    const sqliteSeconds = sqliteImport(shape.file, path.join(work, 'sqlite3.db'));
    const rows = Number(ours.rows);
    const total = Number(ours.importSeconds) + Number(ours.analysisSeconds);
    peak = Math.max(peak, Number(ours.peakRssMb));
    console.log(
      `\n  ${shape.name}: ${path.basename(shape.file)}, ${rows.toLocaleString('en-US')} records, ${mb(fs.statSync(shape.file).size)} MB`,
    );
    console.log(
      `    dlens import          ${Number(ours.importSeconds).toFixed(1)} s   ${Math.round(rows / Number(ours.importSeconds)).toLocaleString('en-US')} rows/s   rejected ${ours.rejected}`,
    );
    console.log(`    + analysis            ${Number(ours.analysisSeconds).toFixed(1)} s   ${ours.findings} findings`);
    console.log(`    = end to end          ${total.toFixed(1)} s   peak RSS ${Number(ours.peakRssMb).toFixed(0)} MB`);
    if (typeof sqliteSeconds === 'string') {
      console.log(`    sqlite3 .import       not run (${sqliteSeconds})`);
      process.exitCode = 1;
      continue;
    }
    worstRatio = Math.max(worstRatio, total / sqliteSeconds);
    console.log(`    sqlite3 .import       ${sqliteSeconds.toFixed(1)} s   (plain TEXT table, no JSON, no indexes)`);
    console.log(`    ratio end to end      ${(total / sqliteSeconds).toFixed(2)}   (target <= 1.5)`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
console.log(`\n  worst ratio            ${worstRatio.toFixed(2)}   (target <= 1.5)`);
console.log(`  peak RSS (both)        ${peak.toFixed(0)} MB   (target <= 400 MB)`);
