/**
 * The benchmark dataset: one generated tenant (attack scenario), cached under .dlens-tmp/bench so
 * repeated benchmark runs measure the same bytes. DLENS_BENCH_USERS / DLENS_BENCH_DAYS shrink it
 * for a quick look; the defaults give about 1M audit records and 5M message-trace rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateEvidence } from '../../electron/engine/generate/generate.js';
import { repoRoot } from '../helpers.js';

export interface BenchDataset {
  dir: string;
  /** Purview "new search" export: 8 columns, US-culture dates. */
  auditCsv: string;
  /** The same records in the classic 4-column layout (CreationDate, UserIds, Operations, AuditData). */
  auditClassicCsv: string;
  traceCsv: string;
  users: number;
  days: number;
}

export async function benchDataset(): Promise<BenchDataset> {
  const users = Number(process.env.DLENS_BENCH_USERS ?? 50_000);
  const days = Number(process.env.DLENS_BENCH_DAYS ?? 22);
  const dir = path.join(repoRoot, '.dlens-tmp', 'bench', `attack-${users}u-${days}d`);
  const marker = path.join(dir, 'truth.json');
  if (!fs.existsSync(marker)) {
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(
      `generating the benchmark tenant (${users} users, ${days} days) into ${path.relative(repoRoot, dir)} …`,
    );
    const started = Date.now();
    await generateEvidence(dir, { scenario: 'attack', seed: 1, users, days });
    console.log(`generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const auditCsv = path.join(dir, 'audit', 'Purview_AuditSearch_Export.csv');
  const auditClassicCsv = path.join(dir, 'classic-4-column.csv');
  if (!fs.existsSync(auditClassicCsv)) await writeClassic(auditCsv, auditClassicCsv);
  return {
    dir,
    auditCsv,
    auditClassicCsv,
    traceCsv: path.join(dir, 'messagetrace', 'Get-MessageTrace.csv'),
    users,
    days,
  };
}

/**
 * The generator samples its classic-layout file on big tenants; the benchmark needs every record in
 * both layouts, so the classic file is rewritten from the full 8-column one (one record per line there).
 */
async function writeClassic(from: string, to: string): Promise<void> {
  const readline = await import('node:readline');
  const cell = String.raw`("(?:[^"]|"")*"|[^,]*)`;
  const record = new RegExp(String.raw`^[^,]*,([^,]*),[^,]*,${cell},${cell},("(?:[^"]|"")*"),,$`);
  const out = fs.createWriteStream(`${to}.partial`);
  out.write('CreationDate,UserIds,Operations,AuditData\r\n');
  let first = true;
  for await (const line of readline.createInterface({ input: fs.createReadStream(from) })) {
    if (first) {
      first = false;
      continue;
    }
    const m = record.exec(line);
    if (!m) throw new Error(`bench dataset: unexpected line in ${from}: ${line.slice(0, 80)}`);
    const [, usDate, operation, user, auditData] = m;
    if (!out.write(`${isoFromUs(usDate!)},${user},${operation},${auditData}\r\n`))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  fs.renameSync(`${to}.partial`, to);
}

/** "3/5/2024 8:05:12 AM" -> "2024-03-05T08:05:12.0000000Z" (the classic export's 7-digit form). */
function isoFromUs(us: string): string {
  const m = /^(\d+)\/(\d+)\/(\d{4}) (\d+):(\d\d):(\d\d) (AM|PM)$/.exec(us);
  if (!m) throw new Error(`bench dataset: unexpected date ${us}`);
  const hour = (Number(m[4]) % 12) + (m[7] === 'PM' ? 12 : 0);
  const pad = (n: string | number) => String(n).padStart(2, '0');
  return `${m[3]}-${pad(m[1]!)}-${pad(m[2]!)}T${pad(hour)}:${m[5]}:${m[6]}.0000000Z`;
}

/**
 * Run a child node process on an ES module source (it lives in .dlens-tmp, so it imports ../dist/…);
 * resolves to its last stdout line parsed as JSON.
 */
export async function measureInChild(moduleSource: string): Promise<Record<string, number | string>> {
  const { spawn } = await import('node:child_process');
  // A file, not `-e`: workers inherit the parent's exec flags, and `--input-type` breaks theirs.
  const script = path.join(repoRoot, '.dlens-tmp', `bench-child-${process.pid}.mjs`);
  fs.mkdirSync(path.dirname(script), { recursive: true });
  fs.writeFileSync(script, moduleSource);
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.on('exit', (code) => {
        const last = out.trim().split('\n').pop() ?? '';
        if (code !== 0) return reject(new Error(`benchmark child exited ${code}: ${out}`));
        resolve(JSON.parse(last) as Record<string, number | string>);
      });
    });
  } finally {
    fs.rmSync(script, { force: true });
  }
}

export const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);
