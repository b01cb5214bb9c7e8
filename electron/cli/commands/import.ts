import fs from 'node:fs';
import path from 'node:path';
import type { ImportProgress } from '../../../shared/domain.js';
import { UsageError } from '../args.js';
import type { Command } from '../command.js';
import { collectEvidence } from '../evidence-walk.js';
import { openEngine } from '../open-case.js';
import { err, errStatus, formatBytes, inert, out } from '../output.js';

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
    // they are not evidence (collection folders also hold logs and notes). Every entry not read is
    // reported by name (evidence-walk.ts).
    const walked = collectEvidence(inputs);
    for (const s of walked.skipped) out(`skipped ${inert(s)}`);
    for (const e of walked.errors) err(`dlens: ${inert(e)}`);
    let failed = walked.errors.length > 0;
    const files = walked.files;

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
        if (progress) errStatus('');
        outcomes.forEach((o, j) => {
          const source = batch[j]!;
          if (!o.ok) {
            if (source.fromFolder && /: unsupported format: /.test(o.error)) {
              out(`skipped ${inert(source.path)}: ${inert(o.error.slice(o.error.indexOf('unsupported format')))}`);
              return;
            }
            err(`dlens: ${inert(source.path)}: ${inert(o.error.slice(o.error.indexOf(': ') + 2))}`);
            failed = true;
            return;
          }
          const r = o.result;
          imported = true;
          if (r.alreadyImported) {
            out(`${inert(source.path)}: already in the case (same SHA-256 ${r.sha256}); nothing changed`);
            return;
          }
          out(inert(source.path));
          out(`  format    ${r.formatLabel} [${r.format}]`);
          out(`  rows      ${r.accepted} accepted, ${r.rejected} rejected, ${r.duplicates} duplicates`);
          out(`  size      ${formatBytes(r.size)}`);
          out(`  sha256    ${r.sha256}`);
          for (const n of r.notes) out(`  note      ${inert(n)}`);
          for (const rej of r.rejections) out(`  rejected  row ${rej.row} (line ${rej.line}): ${inert(rej.reason)}`);
          if (r.rejected > r.rejections.length)
            out(`  rejected  … ${r.rejected - r.rejections.length} more (all stored in the case)`);
        });
      }
      if (imported) {
        const findings = await engine.call('findings.list', { evidenceLimit: 0 });
        out(`case ${inert(casePath)}: ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
      }
    } finally {
      await engine.close();
      // A case this command created and put nothing into is not left behind.
      if (newCase && !imported) {
        for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${casePath}${suffix}`, { force: true });
        out(`nothing was imported: ${inert(casePath)} was not created`);
      }
    }
    return failed ? 1 : 0;
  },
};

function progressPrinter(): (p: ImportProgress) => void {
  return (p) => {
    const pct = p.bytesTotal > 0 ? Math.floor((p.bytesRead / p.bytesTotal) * 100) : 100;
    const eta = p.etaSeconds === null ? '' : `, ETA ${p.etaSeconds} s`;
    errStatus(`  ${p.file}: ${pct}% (${p.rows.toLocaleString('en-US')} rows${eta})`);
  };
}
