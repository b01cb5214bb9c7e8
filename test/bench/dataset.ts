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
  auditCsv: string;
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
  return {
    dir,
    auditCsv: path.join(dir, 'audit', 'Purview_AuditSearch_Export.csv'),
    traceCsv: path.join(dir, 'messagetrace', 'Get-MessageTrace.csv'),
    users,
    days,
  };
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
