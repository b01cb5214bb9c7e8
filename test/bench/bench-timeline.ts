/**
 * `npm run bench:timeline`: the timeline's requests on the benchmark tenant (~1M audit records, ~5.7M
 * message-trace rows and the tenant's permission dumps: about 6.7M events), through the engine as
 * the renderer calls it, beside the targets: histogram of the whole case <= 50 ms, a page 1M events
 * deep (by instant and by cursor) <= 10 ms. Also the first page, filtered pages and histograms, and
 * what the importer's timeline bookkeeping (buckets, session ids, the trace rows' address index)
 * costs: the same 1M-record audit import with and without it. The case is built once beside the
 * dataset. DLENS_BENCH_USERS / DLENS_BENCH_DAYS shrink the tenant; DLENS_BENCH_NO_TRACE=1 leaves the
 * trace out (a quicker 1M-event case); DLENS_BENCH_TRACE_COST=1 also measures the trace import's cost.
 *
 * Child scripts import the build this file runs from (dist/ or a private outDir), by absolute URL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchDataset, measureInChild } from './dataset.js';

const data = await benchDataset();
const dist = new URL('../../', import.meta.url);
const mod = (p: string) => JSON.stringify(new URL(p, dist).href);
const withTrace = process.env.DLENS_BENCH_NO_TRACE !== '1';
const dumps = fs
  .readdirSync(path.join(data.dir, 'permissions'), { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile())
  .map((d) => path.join(d.parentPath, d.name))
  .sort();
const casePath = path.join(data.dir, '..', `timeline-${data.users}u-${data.days}d${withTrace ? '' : '-audit'}.db`);

if (!fs.existsSync(casePath)) {
  const files = [data.auditCsv, ...(withTrace ? [data.traceCsv] : []), ...dumps];
  const built = await measureInChild(`
    import { openCase, closeDb } from ${mod('electron/engine/store/db.js')};
    import { importFile } from ${mod('electron/engine/pipelines/import/import-file.js')};
    import { runAnalysis } from ${mod('electron/engine/pipelines/analysis/run-analysis.js')};
    const db = openCase(${JSON.stringify(`${casePath}.partial`)});
    const t0 = performance.now();
    for (const f of ${JSON.stringify(files)}) await importFile(db, { path: f });
    const t1 = performance.now();
    runAnalysis(db);
    closeDb(db);
    console.log(JSON.stringify({ importSeconds: (t1 - t0) / 1000, analysisSeconds: (performance.now() - t1) / 1000 }));
  `);
  fs.renameSync(`${casePath}.partial`, casePath);
  for (const ext of ['-wal', '-shm']) fs.rmSync(`${casePath}.partial${ext}`, { force: true });
  console.log(
    `built the case: import ${Number(built.importSeconds).toFixed(0)} s, analysis ${Number(built.analysisSeconds).toFixed(0)} s`,
  );
}

const q = await measureInChild(`
  import { Engine } from ${mod('electron/engine/engine.js')};
  import { openCaseReader, sqlite } from ${mod('electron/engine/store/db.js')};
  const engine = Engine.open({ casePath: ${JSON.stringify(casePath)}, create: false });
  const reader = sqlite(openCaseReader(${JSON.stringify(casePath)}));
  const counts = reader.prepare("SELECT source, sum(n) AS n FROM timeline_bucket WHERE grain = 1 GROUP BY source").all();
  const events = counts.reduce((s, r) => s + r.n, 0);
  // The instant of the 1,000,000th event (or the middle of a smaller case), from the minute buckets.
  const depth = Math.min(1_000_000, Math.floor(events / 2));
  let seen = 0, at = null;
  for (const r of reader.prepare('SELECT start, sum(n) AS n FROM timeline_bucket WHERE grain = 1 GROUP BY start ORDER BY start').iterate()) {
    seen += r.n;
    if (seen >= depth) { at = new Date(r.start * 60000).toISOString(); break; }
  }
  const ip = reader.prepare('SELECT client_ip AS ip FROM audit_event WHERE id = (SELECT max(id) / 2 FROM audit_event)').get().ip;
  const actor = reader.prepare('SELECT actor FROM audit_event WHERE id = (SELECT max(id) / 3 FROM audit_event)').get().actor;
  const session = reader.prepare('SELECT session FROM audit_session WHERE event_id >= (SELECT max(id) / 4 FROM audit_event) LIMIT 1').get()?.session ?? 'none';
  // The busiest actor, address and operation: pivots whose matches run to hundreds of thousands.
  const busyActor = reader.prepare('SELECT actor FROM audit_event WHERE actor IS NOT NULL GROUP BY actor ORDER BY count(*) DESC LIMIT 1').get().actor;
  const busyIp = reader.prepare('SELECT client_ip AS ip FROM audit_event WHERE client_ip IS NOT NULL GROUP BY client_ip ORDER BY count(*) DESC LIMIT 1').get().ip;
  const busyOp = reader.prepare('SELECT operation AS op FROM audit_event GROUP BY operation ORDER BY count(*) DESC LIMIT 1').get().op;
  /** Median and worst of 15 calls after one warm-up call. */
  async function time(name, args) {
    await engine.call(name, args);
    const t = [];
    let r;
    for (let i = 0; i < 15; i++) { const s = performance.now(); r = await engine.call(name, args); t.push(performance.now() - s); }
    t.sort((a, b) => a - b);
    const rows = r.rows ? r.rows.length + (r.partial ? ' (partial)' : '') : (r.total ?? r.entries) + (r.countedTo ? ' (counted to ' + r.countedTo + ')' : '');
    return { median: t[7], worst: t[14], rows };
  }
  const deep = await engine.call('timeline.page', { at, limit: 200 });
  const out = {
    events, depth, at, ip, actor, session, busyActor, busyIp, busyOp,
    histogram: await time('timeline.histogram', { bins: 400 }),
    histogramDay: await time('timeline.histogram', { bins: 400, from: at, to: new Date(Date.parse(at) + 86400000).toISOString() }),
    histogramIp: await time('timeline.histogram', { bins: 400, q: 'ip:' + ip }),
    first: await time('timeline.page', { limit: 200 }),
    deepAt: await time('timeline.page', { at, limit: 200 }),
    deepCursor: await time('timeline.page', { after: deep.after, limit: 200 }),
    deepBack: await time('timeline.page', { before: deep.before, limit: 200 }),
    ipPage: await time('timeline.page', { q: 'ip:' + ip, limit: 200 }),
    ipDeep: await time('timeline.page', { q: 'ip:' + ip, at, limit: 200 }),
    actorPage: await time('timeline.page', { q: 'actor:' + JSON.stringify(actor), at, limit: 200 }),
    sessionPage: await time('timeline.page', { q: 'session:' + session, limit: 200 }),
    busyActorPage: await time('timeline.page', { q: 'actor:' + JSON.stringify(busyActor), at, limit: 200 }),
    busyIpPage: await time('timeline.page', { q: 'ip:' + busyIp, at, limit: 200 }),
    busyOpPage: await time('timeline.page', { q: 'op:' + JSON.stringify(busyOp), at, limit: 200 }),
    histogramWord: await time('timeline.histogram', { bins: 400, q: 'New-InboxRule' }),
    wordPage: await time('timeline.page', { q: 'New-InboxRule', limit: 200 }),
    rarePage: await time('timeline.page', { q: 'zzqx', limit: 200 }),
    record: await time('timeline.record', { source: 'audit', id: 1000 }),
  };
  for (const [k, v] of Object.entries(out)) if (typeof v === 'object') out[k] = JSON.stringify(v);
  await engine.close();
  console.log(JSON.stringify(out));
`);

const parse = (k: string) => JSON.parse(String(q[k])) as { median: number; worst: number; rows: number | string };
const line = (label: string, k: string, target = '') => {
  const r = parse(k);
  console.log(
    `  ${label.padEnd(44)} ${r.median.toFixed(2).padStart(8)} ms  (worst ${r.worst.toFixed(2)})  ${String(r.rows).padStart(8)} ${target}`,
  );
};
console.log(
  `\nbench:timeline — ${Number(q.events).toLocaleString('en-US')} events; deep pages ${Number(q.depth).toLocaleString('en-US')} events in (${q.at})`,
);
console.log('  request                                        median          rows/total  target');
line('histogram, whole case (400 bins)', 'histogram', '<= 50 ms');
line('histogram, one day', 'histogramDay');
line(`histogram, q=ip:${q.ip} (live count)`, 'histogramIp');
line('first page (200 rows)', 'first', '<= 1 s first render');
line('deep page via at', 'deepAt', '<= 10 ms');
line('deep page via cursor (after)', 'deepCursor', '<= 10 ms');
line('deep page backward (before)', 'deepBack', '<= 10 ms');
line(`filtered page q=ip:${q.ip}`, 'ipPage');
line('filtered deep page q=ip:… at', 'ipDeep');
line('filtered deep page q=actor:… at', 'actorPage');
line('filtered page q=session:…', 'sessionPage');
line(`busiest actor, deep (${String(q.busyActor).slice(0, 24)})`, 'busyActorPage');
line(`busiest address, deep (${String(q.busyIp)})`, 'busyIpPage');
line(`busiest operation, deep (${String(q.busyOp)})`, 'busyOpPage');
line('free text q=New-InboxRule', 'wordPage');
line('free text matching nothing (one budgeted request)', 'rarePage');
line('histogram, q=New-InboxRule (budgeted count)', 'histogramWord');
line('timeline.record (audit)', 'record');

if (process.env.DLENS_BENCH_SKIP_IMPORT_COST !== '1') await importCost();

/**
 * The importer's timeline bookkeeping, measured as the same import with and without it ("before"
 * turns the bucket tally and the session inserts into no-ops and drops the trace rows' address index;
 * the session-id scan of each record stays, and is timed on its own).
 */
async function importCost(): Promise<void> {
  const run = (file: string, before: boolean) =>
    measureInChild(`
    import Database from 'better-sqlite3';
    import fs from 'node:fs';
    import { openCase, closeDb, sqlite } from ${mod('electron/engine/store/db.js')};
    import { importFile } from ${mod('electron/engine/pipelines/import/import-file.js')};
    import { TimelineTally } from ${mod('electron/engine/store/timeline-tally.js')};
    import { sessionIdsOf } from ${mod('electron/engine/store/audit-sessions.js')};
    const file = ${JSON.stringify(path.join(data.dir, '..', 'timeline-import-cost.db'))};
    const evidence = ${JSON.stringify(file)};
    for (const ext of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + ext, { force: true });
    if (${before}) {
      const prepare = Database.prototype.prepare;
      Database.prototype.prepare = function (sql) {
        return /INTO (audit_session|timeline_bucket)/.test(sql) ? { run: () => ({ changes: 0, lastInsertRowid: 0 }) } : prepare.call(this, sql);
      };
      TimelineTally.prototype.add = () => {};
    }
    const db = openCase(file);
    if (${before}) sqlite(db).exec('DROP INDEX message_client_ip');
    const t0 = performance.now();
    const r = await importFile(db, { path: evidence });
    const seconds = (performance.now() - t0) / 1000;
    let scan = 0;
    if (!${before}) {
      const raws = sqlite(db).prepare('SELECT raw FROM audit_event LIMIT 200000').pluck().all();
      const s = performance.now();
      for (const raw of raws) sessionIdsOf(raw);
      scan = raws.length ? ((performance.now() - s) / raws.length) * r.accepted / 1000 : 0;
    }
    closeDb(db);
    for (const ext of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + ext, { force: true });
    console.log(JSON.stringify({ seconds, rows: r.accepted, scan }));
  `);
  const files = [data.auditCsv, ...(process.env.DLENS_BENCH_TRACE_COST === '1' ? [data.traceCsv] : [])];
  console.log('\n  import cost of the timeline bookkeeping (same file, fresh case, parse worker as in the app)');
  for (const file of files) {
    const before1 = await run(file, true);
    const after1 = await run(file, false);
    const before2 = await run(file, true);
    const after2 = await run(file, false);
    const b = Math.min(Number(before1.seconds), Number(before2.seconds));
    const a = Math.min(Number(after1.seconds), Number(after2.seconds));
    console.log(
      `  ${path.basename(file).padEnd(44)} without ${b.toFixed(1)} s, with ${a.toFixed(1)} s (+${(((a - b) / b) * 100).toFixed(1)}%), ` +
        `${Number(after1.rows).toLocaleString('en-US')} rows; session-id scan alone ~${Number(after1.scan).toFixed(2)} s`,
    );
  }
}
