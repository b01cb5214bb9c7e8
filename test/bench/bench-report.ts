/**
 * `npm run bench:report`: the time to report a large case: building the report (every section, read
 * through the engine as the app asks for it) and printing it to PDF with the system Chromium (each
 * part, then the whole with its contents numbered), beside the target of 20 s for a 1M-event case.
 *
 * The case: DLENS_BENCH_CASE if set; else the case bench:timeline builds beside the benchmark
 * dataset (~1M audit records, ~5.7M trace rows) when it exists; else one built here from the
 * dataset's audit export and dumps (~1M events). DLENS_BENCH_USERS / DLENS_BENCH_DAYS shrink the
 * tenant. DLENS_BENCH_NO_PDF=1 times the HTML only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchDataset, measureInChild } from './dataset.js';

const TARGET_SECONDS = 20;
const dist = new URL('../../', import.meta.url);
const mod = (p: string) => JSON.stringify(new URL(p, dist).href);

async function caseToReport(): Promise<string> {
  if (process.env.DLENS_BENCH_CASE) return path.resolve(process.env.DLENS_BENCH_CASE);
  const data = await benchDataset();
  const timelineCase = path.join(data.dir, '..', `timeline-${data.users}u-${data.days}d.db`);
  if (fs.existsSync(timelineCase)) return timelineCase;
  const casePath = path.join(data.dir, '..', `report-${data.users}u-${data.days}d.db`);
  if (fs.existsSync(casePath)) return casePath;
  const dumps = fs
    .readdirSync(path.join(data.dir, 'permissions'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
  const built = await measureInChild(`
    import { openCase, closeDb } from ${mod('electron/engine/store/db.js')};
    import { importFile } from ${mod('electron/engine/pipelines/import/import-file.js')};
    import { runAnalysis } from ${mod('electron/engine/pipelines/analysis/run-analysis.js')};
    const db = openCase(${JSON.stringify(`${casePath}.partial`)});
    const t0 = performance.now();
    for (const f of ${JSON.stringify([data.auditCsv, ...dumps])}) await importFile(db, { path: f });
    runAnalysis(db);
    closeDb(db);
    console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000 }));
  `);
  fs.renameSync(`${casePath}.partial`, casePath);
  for (const ext of ['-wal', '-shm']) fs.rmSync(`${casePath}.partial${ext}`, { force: true });
  console.log(`built the case in ${Number(built.seconds).toFixed(0)} s`);
  return casePath;
}

const casePath = await caseToReport();
const pdf = process.env.DLENS_BENCH_NO_PDF !== '1';
const out = path.join(path.dirname(casePath), `${path.basename(casePath, '.db')}-report`);
const r = await measureInChild(`
  import fs from 'node:fs';
  import { Engine } from ${mod('electron/engine/engine.js')};
  import { printReport } from ${mod('electron/cli/report-print.js')};
  const engine = Engine.open({ casePath: ${JSON.stringify(casePath)}, create: false });
  const info = await engine.call('case.info', {});
  const events = info.counts.auditEvents + info.counts.messages;
  const t0 = performance.now();
  const doc = await engine.call('report.build', { parts: ${pdf} });
  const built = performance.now() - t0;
  fs.writeFileSync(${JSON.stringify(`${out}.html`)}, doc.html);
  let pages = 0, printed = 0;
  if (${pdf}) {
    const p = await printReport(doc);
    printed = performance.now() - t0 - built;
    pages = p.pages;
    fs.writeFileSync(${JSON.stringify(`${out}.pdf`)}, p.pdf);
  }
  await engine.close();
  console.log(JSON.stringify({ events, findings: doc.html.match(/class="finding"/g)?.length ?? 0, htmlBytes: doc.html.length, buildMs: built, printMs: printed, pages }));
`);
const total = (Number(r.buildMs) + Number(r.printMs)) / 1000;
console.log(`case: ${casePath} (${Number(r.events).toLocaleString('en-US')} events)`);
console.log(
  `report built in ${(Number(r.buildMs) / 1000).toFixed(1)} s (${(Number(r.htmlBytes) / 1048576).toFixed(1)} MiB of HTML, ${String(r.findings)} findings in full)`,
);
if (pdf) console.log(`printed to PDF in ${(Number(r.printMs) / 1000).toFixed(1)} s: ${String(r.pages)} pages`);
console.log(
  `total ${total.toFixed(1)} s (target <= ${TARGET_SECONDS} s): ${total <= TARGET_SECONDS ? 'met' : 'MISSED'}; written to ${out}.*`,
);
