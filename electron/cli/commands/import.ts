import fs from 'node:fs';
import path from 'node:path';
import type { ImportProgress } from '../../../shared/domain.js';
import { UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openEngine } from '../open-case.js';
import { formatBytes } from '../output.js';

const BATCH = 500;

export const importCommand: Command = {
  name: 'import',
  arguments: '<case.db> <file-or-folder>...',
  summary: 'Import evidence files or folders into a case',
  description:
    'Import evidence files (folders recursively) into a case, creating it if missing. Per file: format, ' +
    'rows accepted, rejected (with reasons), duplicates, SHA-256 and the decisions the parser made.',
  options: {},
  examples: ['dlens import case.db ~/evidence/UAL-export.csv ~/evidence/hawk-output/'],
  async run(args) {
    const [casePath, ...inputs] = args.positionals;
    if (!casePath || inputs.length === 0) throw new UsageError('give a case file and at least one file or folder');

    // Explicitly named files must import; files met while walking a folder may be skipped when
    // they are not evidence (collection folders also hold logs and notes).
    const files: Array<{ path: string; fromFolder: boolean }> = [];
    let failed = false;
    for (const input of inputs) {
      let st: fs.Stats;
      try {
        st = fs.statSync(input);
      } catch {
        console.error(`dlens: ${input}: file not found`);
        failed = true;
        continue;
      }
      if (st.isDirectory()) for (const f of walk(input)) files.push({ path: f, fromFolder: true });
      else files.push({ path: input, fromFolder: false });
    }

    const progress = process.stderr.isTTY ? progressPrinter() : undefined;
    const newCase = !fs.existsSync(casePath);
    let imported = false;
    const engine = openEngine(casePath, {
      create: true,
      ...(progress ? { emit: (_e, p) => progress(p as ImportProgress) } : {}),
    });
    try {
      for (let i = 0; i < files.length; i += BATCH) {
        const batch = files.slice(i, i + BATCH);
        const outcomes = await engine.call('import.files', {
          files: batch.map((f) => ({ path: path.resolve(f.path), name: path.basename(f.path) })),
        });
        if (progress) process.stderr.write('\r\x1b[K');
        outcomes.forEach((o, j) => {
          const source = batch[j]!;
          if (!o.ok) {
            if (source.fromFolder && /: unsupported format: /.test(o.error)) {
              console.log(`skipped ${source.path}: ${o.error.slice(o.error.indexOf('unsupported format'))}`);
              return;
            }
            console.error(`dlens: ${source.path}: ${o.error.slice(o.error.indexOf(': ') + 2)}`);
            failed = true;
            return;
          }
          const r = o.result;
          imported = true;
          if (r.alreadyImported) {
            console.log(`${source.path}: already in the case (same SHA-256 ${r.sha256}); nothing changed`);
            return;
          }
          console.log(`${source.path}`);
          console.log(`  format    ${r.formatLabel} [${r.format}]`);
          console.log(`  rows      ${r.accepted} accepted, ${r.rejected} rejected, ${r.duplicates} duplicates`);
          console.log(`  size      ${formatBytes(r.size)}`);
          console.log(`  sha256    ${r.sha256}`);
          for (const n of r.notes) console.log(`  note      ${n}`);
          for (const rej of r.rejections) console.log(`  rejected  row ${rej.row} (line ${rej.line}): ${rej.reason}`);
          if (r.rejected > r.rejections.length)
            console.log(`  rejected  … ${r.rejected - r.rejections.length} more (all stored in the case)`);
        });
      }
      if (imported) {
        const findings = await engine.call('findings.list', { evidenceLimit: 0 });
        console.log(`case ${casePath}: ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
      }
    } finally {
      await engine.close();
      // A case this command created and put nothing into is not left behind.
      if (newCase && !imported) {
        for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${casePath}${suffix}`, { force: true });
        console.log(`nothing was imported: ${casePath} was not created`);
      }
    }
    return failed ? 1 : 0;
  },
};

function* walk(dir: string): Generator<string> {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else if (e.isFile()) yield full;
  }
}

function progressPrinter(): (p: ImportProgress) => void {
  return (p) => {
    const pct = p.bytesTotal > 0 ? Math.floor((p.bytesRead / p.bytesTotal) * 100) : 100;
    const eta = p.etaSeconds === null ? '' : `, ETA ${p.etaSeconds} s`;
    process.stderr.write(`\r\x1b[K  ${p.file}: ${pct}% (${p.rows.toLocaleString('en-US')} rows${eta})`);
  };
}
