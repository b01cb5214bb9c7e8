import { flag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openEngine } from '../open-case.js';
import { formatBytes, json, table } from '../output.js';

export const infoCommand: Command = {
  name: 'info',
  arguments: '<case.db>',
  summary: 'Evidence registry, counts and coverage warnings',
  description: 'Show the evidence registry (files, SHA-256, formats, counts), record counts and coverage warnings.',
  options: { json: { type: 'boolean', description: 'print the registry, counts and warnings as JSON' } },
  examples: ['dlens info case.db --json'],
  async run(args) {
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError('give exactly one case file');
    const engine = openEngine(casePath, { create: false });
    try {
      const info = await engine.call('case.info', {});
      if (flag(args, 'json')) {
        console.log(
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
              accepted: e.accepted,
              rejected: e.rejected,
              duplicates: e.duplicates,
              firstTime: e.firstTime,
              lastTime: e.lastTime,
              notes: e.notes,
            })),
            counts: info.counts,
            warnings: info.warnings,
          }),
        );
        return 0;
      }
      console.log(`case ${casePath} (schema ${info.schemaVersion})`);
      console.log(
        `${info.counts.auditEvents} audit events, ${info.counts.messages} messages, ` +
          `${info.counts.permissions} permission entries, ${info.counts.principals} principals\n`,
      );
      for (const w of info.warnings) console.log(`warning: ${w}`);
      if (info.warnings.length) console.log('');
      console.log(
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
