import type { AnalysisStatus } from '../../../shared/domain.js';
import { flag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openEngine } from '../open-case.js';
import { formatBytes, inert, json, out, table } from '../output.js';

export const infoCommand: Command = {
  name: 'info',
  arguments: '<case.db>',
  summary: 'Evidence registry, counts, analysis state and coverage warnings',
  description:
    'Show the evidence registry (files, SHA-256, formats, counts), record counts, coverage warnings and ' +
    'the analysis state: whether the findings are current, when and by which analysis version they were ' +
    'computed, and any rule that failed.',
  options: { json: { type: 'boolean', description: 'print the registry, counts, warnings and analysis as JSON' } },
  examples: ['dlens info case.db', 'dlens info case.db --json'],
  async run(args) {
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError('give exactly one case file');
    const engine = openEngine(casePath, { create: false });
    try {
      const info = await engine.call('case.info', {});
      if (flag(args, 'json')) {
        out(
          json({
            evidence: info.evidence.map((e) => ({
              file: e.file,
              sha256: e.sha256,
              format: e.format,
              formatLabel: e.formatLabel,
              size: e.size,
              encoding: e.encoding,
              importedAt: e.importedAt,
              parserVersion: e.parserVersion,
              appVersion: e.appVersion,
              accepted: e.accepted,
              rejected: e.rejected,
              duplicates: e.duplicates,
              firstTime: e.firstTime,
              lastTime: e.lastTime,
              notes: e.notes,
            })),
            counts: info.counts,
            warnings: info.warnings,
            analysis: info.analysis,
            digest: info.digest,
            readOnly: info.readOnly,
          }),
        );
        return 0;
      }
      out(`case ${inert(casePath)} (schema ${info.schemaVersion})`);
      out(
        `${info.counts.auditEvents} audit events, ${info.counts.messages} messages, ` +
          `${info.counts.permissions} permission entries, ${info.counts.principals} principals`,
      );
      if (info.readOnly) out(`read-only: ${inert(info.readOnly)}`);
      // The seal dlens verify rechecks: SHA-256 over the registry and the findings.
      out(`digest: ${info.digest ?? 'none sealed yet'}`);
      out(analysisLines(info.analysis).join('\n') + '\n');
      for (const w of info.warnings) out(`warning: ${inert(w)}`);
      if (info.warnings.length) out();
      out(
        table(
          ['file', 'format', 'size', 'accepted', 'rejected', 'dup', 'sha256'],
          info.evidence.map((e) => [
            e.file,
            e.format,
            formatBytes(e.size),
            String(e.accepted),
            String(e.rejected),
            String(e.duplicates),
            e.sha256,
          ]),
        ),
      );
      return 0;
    } finally {
      await engine.close();
    }
  },
};

/** What an examiner must know before trusting the findings: current or stale, when, by what, and what failed. */
export function analysisLines(a: AnalysisStatus): string[] {
  const by = a.version === null ? '' : ` by analysis ${a.version}`;
  const when = a.analysedAt === null ? 'never analysed' : `analysed ${a.analysedAt}${by}`;
  const lines = [
    a.current
      ? `findings: current (${when})`
      : `findings: STALE: not those of the evidence and settings now in the case (${when}; ` +
        `this is analysis ${a.currentVersion}); the case is analysed again when next opened`,
  ];
  if (a.failures.length > 0) {
    lines.push(`failed rules: ${a.failures.length} (their findings are missing; the other rules ran)`);
    for (const f of a.failures) lines.push(`  ${inert(f.rule)}: ${inert(f.error)}`);
  }
  return lines;
}
