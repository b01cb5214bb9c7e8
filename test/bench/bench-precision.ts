/**
 * `npm run bench:precision`: every scenario of the generator analysed end to end, printing per
 * scenario the planted behaviours found by their rule out of all planted, and the findings at
 * medium or above that stand on nothing planted. Targets: all found; 0 on benign-heavy.
 * DLENS_PRECISION_USERS / DLENS_PRECISION_DAYS / DLENS_PRECISION_SEED change the tenant.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findingFor, runScenario, unplantedLoudFindings } from '../scenario-truth.js';

const users = Number(process.env.DLENS_PRECISION_USERS ?? 200);
const days = Number(process.env.DLENS_PRECISION_DAYS ?? 14);
const seed = Number(process.env.DLENS_PRECISION_SEED ?? 7);
const scenarios = ['attack', 'baseline', 'benign-heavy', 'demo'];

console.log(`\nbench:precision — seed ${seed}, ${users} users, ${days} days (demo at its own size)`);
console.log('  scenario        planted found   loud unplanted   findings (crit/high/med/low/info)   seconds');
let failed = false;
for (const scenario of scenarios) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dlens-precision-${scenario}-`));
  const t0 = performance.now();
  try {
    const size = scenario === 'demo' ? { users: 25, days: 7 } : { users, days };
    const run = await runScenario(dir, { scenario, seed, ...size });
    const missed: string[] = [];
    for (const a of run.truth.actions) if (!(await findingFor(run, a))) missed.push(`${a.id} ${a.kind}`);
    const stray = await unplantedLoudFindings(run);
    const bySeverity = ['critical', 'high', 'medium', 'low', 'info']
      .map((s) => run.findings.filter((f) => f.severity === s).length)
      .join('/');
    const planted = run.truth.actions.length;
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(
      `  ${scenario.padEnd(15)} ${`${planted - missed.length}/${planted}`.padStart(13)}   ${String(stray.length).padStart(14)}   ${bySeverity.padStart(33)}   ${seconds.padStart(7)}`,
    );
    for (const m of missed) console.log(`      missed: ${m}`);
    for (const f of stray) console.log(`      unplanted ${f.severity}: ${f.rule}: ${f.title}`);
    if (missed.length > 0 || stray.length > 0) failed = true;
    await run.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`  targets: every planted behaviour found; 0 loud unplanted findings${failed ? '  — NOT MET' : '  — met'}`);
