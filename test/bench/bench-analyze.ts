/**
 * `npm run bench:analyze`: full analysis (identity resolution, delegation changes, every rule,
 * writing findings) over a case holding ~1M audit records and ~5M message-trace rows from the
 * generator. Targets: <= 30 s and <= 600 MB peak RSS on the project's 2-core machines. The imported case is cached beside
 * the dataset; the import time is printed when it is built.
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchDataset, measureInChild } from './dataset.js';

const data = await benchDataset();
const casePath = path.join(data.dir, '..', `analyze-${data.users}u-${data.days}d.db`);
if (!fs.existsSync(casePath)) {
  const built = await measureInChild(`
    import { openCase, closeDb } from '../dist/electron/engine/store/db.js';
    import { importFile } from '../dist/electron/engine/pipelines/import/import-file.js';
    const db = openCase(${JSON.stringify(casePath + '.partial')});
    const t0 = performance.now();
    const a = await importFile(db, { path: ${JSON.stringify(data.auditCsv)}, rollbackJournal: true });
    const t1 = performance.now();
    const m = await importFile(db, { path: ${JSON.stringify(data.traceCsv)}, rollbackJournal: true });
    const t2 = performance.now();
    closeDb(db);
    console.log(JSON.stringify({ audit: a.accepted, auditSeconds: (t1 - t0) / 1000, messages: m.accepted, messageSeconds: (t2 - t1) / 1000 }));
  `);
  fs.renameSync(`${casePath}.partial`, casePath);
  for (const ext of ['-wal', '-shm']) fs.rmSync(`${casePath}.partial${ext}`, { force: true });
  console.log(
    `imported ${Number(built.audit).toLocaleString('en-US')} audit records in ${Number(built.auditSeconds).toFixed(0)} s and ${Number(built.messages).toLocaleString('en-US')} message-trace rows in ${Number(built.messageSeconds).toFixed(0)} s`,
  );
}

const result = await measureInChild(`
  import { openCase, closeDb, sqlite } from '../dist/electron/engine/store/db.js';
  import { buildContext, runAnalysis } from '../dist/electron/engine/pipelines/analysis/run-analysis.js';
  import { rules } from '../dist/electron/engine/rules/index.js';
  const db = openCase(${JSON.stringify(casePath)});
  const counts = sqlite(db).prepare('SELECT (SELECT count(*) FROM audit_event) AS audit, (SELECT count(*) FROM message) AS messages').get();
  const t0 = performance.now();
  const summary = runAnalysis(db);
  const seconds = (performance.now() - t0) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  // Per-rule times on a fresh context, to show where the time goes.
  const ctx = buildContext(db);
  const perRule = {};
  for (const r of rules) { const s = performance.now(); r.run(ctx); perRule[r.id] = ((performance.now() - s) / 1000).toFixed(1); }
  closeDb(db);
  console.log(JSON.stringify({ seconds, audit: counts.audit, messages: counts.messages, findings: summary.findings, changes: summary.changes, peakRssMb, perRule: JSON.stringify(perRule) }));
`);
console.log(
  `\nbench:analyze — ${Number(result.audit).toLocaleString('en-US')} audit records, ${Number(result.messages).toLocaleString('en-US')} message-trace rows`,
);
console.log(`  full analysis      ${Number(result.seconds).toFixed(1)} s   (target <= 30 s)`);
console.log(`  findings           ${result.findings}   delegation changes ${result.changes}`);
console.log(`  peak RSS           ${Number(result.peakRssMb).toFixed(0)} MB   (target <= 600 MB)`);
console.log(`  per rule (s)       ${String(result.perRule)}`);
