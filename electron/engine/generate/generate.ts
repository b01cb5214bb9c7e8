/**
 * `generateEvidence`: writes a synthetic tenant's evidence files and truth.json. Day by day, the
 * baseline plan of the day is merged in time order with the planted attack records and fanned out
 * to every writer; permission dumps are written last from the end state. Same seed and options give
 * byte-identical output: no clock, no Math.random, no locale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { plantAttacks, type Story } from './attacks.js';
import { Baseline } from './baseline.js';
import { DAY } from './clock.js';
import type { AuditRecord, EventSink, MailMessage } from './model.js';
import { dayStartOf } from './plan.js';
import { findScenario, SCENARIO_LIST } from './scenarios.js';
import { PermissionState } from './state.js';
import { buildTenant, MIN_USERS, minUsersFor } from './tenant.js';
import { createWriters } from './writers/index.js';
import { Outputs, Policy, type DayInfo } from './writers/output.js';
import { writeDumps } from './writers/permissions.js';
import { buildTruth } from './truth.js';

export interface GenerateOptions {
  scenario: string;
  seed: number;
  users: number;
  days: number;
}

export interface GeneratedFile {
  /** Relative to outDir, '/' separators. */
  path: string;
  /** Stable format id. */
  format: string;
  encoding: string;
  records: number;
}

export interface GenerateResult {
  files: GeneratedFile[];
  /** Absolute path of truth.json. */
  truthPath: string;
}

export const SCENARIOS: readonly string[] = SCENARIO_LIST.map((s) => s.name);

/** Fixed scenario start: Friday 2024-03-01 00:00 UTC. */
export const SCENARIO_START = Date.UTC(2024, 2, 1);

/** Runs up to this many user-days write every variant in full; larger runs sample the variants. */
export const FULL_VARIANT_LIMIT = 20_000;

export const LIMITS = { minUsers: MIN_USERS, maxUsers: 1_000_000, maxDays: 366, minAttackDays: 3 } as const;

export function validateOptions(o: GenerateOptions): void {
  const scenario = findScenario(o.scenario);
  if (!scenario) throw new RangeError(`unknown scenario "${o.scenario}" (known: ${SCENARIOS.join(', ')})`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff)
    throw new RangeError('seed must be a whole number from 0 to 4294967295');
  const minUsers = minUsersFor(scenario.profile);
  if (!Number.isInteger(o.users) || o.users < minUsers || o.users > LIMITS.maxUsers)
    throw new RangeError(
      `users must be a whole number from ${minUsers} to ${LIMITS.maxUsers} for scenario ${o.scenario}`,
    );
  const minDays = scenario.attacks ? LIMITS.minAttackDays : 1;
  if (!Number.isInteger(o.days) || o.days < minDays || o.days > LIMITS.maxDays)
    throw new RangeError(`days must be a whole number from ${minDays} to ${LIMITS.maxDays} for scenario ${o.scenario}`);
}

export async function generateEvidence(outDir: string, options: GenerateOptions): Promise<GenerateResult> {
  validateOptions(options);
  const scenario = findScenario(options.scenario)!;
  const root = path.resolve(outDir);
  if (fs.existsSync(root) && fs.readdirSync(root).length > 0) throw new Error(`output folder ${root} is not empty`);
  fs.mkdirSync(root, { recursive: true });

  const { seed, users, days } = options;
  const start = SCENARIO_START;
  const end = start + days * DAY;
  const tenant = buildTenant(seed, users, scenario.profile);
  const state = new PermissionState();
  const baseline = new Baseline(tenant, state, seed);
  baseline.seedState(start);
  const story: Story = scenario.attacks ? plantAttacks(tenant, state, seed, start, days) : { actions: [], planted: [] };

  const outputs = new Outputs(root, new Policy(users * days <= FULL_VARIANT_LIMIT, 1));
  const writers = createWriters(outputs, tenant, seed, start, end);
  let day = 0;
  const sink: EventSink = {
    audit(r: AuditRecord) {
      for (const w of writers) w.audit?.(r, day);
    },
    mail(m: MailMessage) {
      for (const w of writers) w.mail?.(m, day);
    },
  };
  const emitPlanted = (k: number): void => {
    const p = story.planted[k]!;
    if ('audit' in p) sink.audit(p.audit);
    else sink.mail(p.mail);
  };

  let next = 0;
  for (day = 0; day < days; day++) {
    const dayStart = dayStartOf(start, day);
    const plan = baseline.plan(day, dayStart);
    let last = next;
    let plantedAudit = 0;
    while (last < story.planted.length && (story.planted[last]!.time < dayStart + DAY || day === days - 1)) {
      if ('audit' in story.planted[last]!) plantedAudit++;
      last++;
    }
    const info: DayInfo = { day, dayStart, auditTotal: plan.auditCount + plantedAudit, auditPlanted: plantedAudit };
    for (const w of writers) w.beginDay?.(info);
    for (let k = 0; k < plan.length; k++) {
      const i = plan.order[k]!;
      const t = plan.timeOf(i);
      while (next < last && story.planted[next]!.time <= t) emitPlanted(next++);
      baseline.emit(plan, i, sink);
      if ((k & 255) === 255) await outputs.drain();
    }
    while (next < last) emitPlanted(next++);
    await outputs.drain();
  }
  for (const w of writers) await w.end?.();
  await writeDumps({ tenant, state, outputs, collected: end + 3 * 3_600_000 }, () => outputs.drain());
  await outputs.closeAll();

  const truth = buildTruth({ options, tenant, start, end, story, outputs, baseline });
  const truthPath = path.join(root, 'truth.json');
  fs.writeFileSync(truthPath, `${JSON.stringify(truth, null, 2)}\n`);
  return {
    files: [...outputs.list]
      .sort((a, b) => (a.spec.rel < b.spec.rel ? -1 : a.spec.rel > b.spec.rel ? 1 : 0))
      .map((o) => ({ path: o.spec.rel, format: o.spec.format, encoding: o.spec.encoding, records: o.records })),
    truthPath,
  };
}
