import { flag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { verifyCase } from '../../engine/verify.js';
import { collectEvidence } from '../evidence-walk.js';
import { CliError } from '../open-case.js';
import { err, inert, json, out, table } from '../output.js';

export const verifyCommand: Command = {
  name: 'verify',
  arguments: '<case.db> [evidence-file-or-folder]...',
  summary: 'Check a case and its evidence files against the registry',
  description:
    "Check the case without changing it: SQLite's integrity check, the rows held per evidence file against the " +
    'counts in the registry, whether the findings are current, and the digest over the registry and findings ' +
    'sealed by the last analysis. Given the original evidence files (or their folders), re-hash each against the ' +
    'registry; every registered file must be among them. Lists every difference and exits 1 when there is any.',
  options: { json: { type: 'boolean', description: 'print the report as JSON' } },
  examples: ['dlens verify case.db', 'dlens verify case.db ~/evidence/'],
  async run(args) {
    const [casePath, ...inputs] = args.positionals;
    if (!casePath) throw new UsageError('give a case file, then optionally evidence files or folders');
    const walked = inputs.length > 0 ? collectEvidence(inputs) : { files: [], skipped: [], errors: [] };
    let report;
    try {
      report = await verifyCase(
        casePath,
        walked.files.map((f) => f.path),
      );
    } catch (e) {
      const message = (e as Error).message;
      throw new CliError(message.startsWith(casePath) ? message : `${casePath}: ${message}`);
    }
    report.differences.push(...walked.errors);
    if (flag(args, 'json')) {
      out(json({ ...report, skipped: walked.skipped }));
      return report.differences.length > 0 ? 1 : 0;
    }
    out(`case ${inert(casePath)} (schema ${report.schemaVersion})`);
    out(
      `findings  ${report.findings.current ? 'current' : 'STALE'}` +
        (report.findings.analysedAt ? ` (analysed ${report.findings.analysedAt})` : ''),
    );
    out(`digest    ${report.digest.computed}${report.digest.sealed === report.digest.computed ? ' (as sealed)' : ''}`);
    out('');
    out(
      table(
        ['file', 'sha256', 'app', 'parser', 'accepted', 'rejected', 'stored', 'original'],
        report.evidence.map((e) => [
          inert(e.file),
          e.sha256,
          e.appVersion ?? 'unknown',
          e.parserVersion,
          String(e.accepted),
          String(e.rejected),
          `${e.storedRows}+${e.storedRejections}`,
          inputs.length === 0 ? 'not given' : e.matchedBy === null ? 'MISSING' : 'matches',
        ]),
      ),
    );
    for (const s of walked.skipped) out(`skipped ${inert(s)}`);
    for (const f of report.notInCase) out(`not in the case: ${inert(f)}`);
    for (const n of report.notes) out(`note: ${inert(n)}`);
    if (report.differences.length === 0) {
      out(`verified: no differences${inputs.length === 0 ? ' (no evidence files given to re-hash)' : ''}`);
      return 0;
    }
    for (const d of report.differences) err(`difference: ${inert(d)}`);
    err(`dlens: ${inert(casePath)}: ${report.differences.length} difference(s) found`);
    return 1;
  },
};
