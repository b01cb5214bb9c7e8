import { flag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openEngine } from '../open-case.js';
import { csv, json, table } from '../output.js';

export const findingsCommand: Command = {
  name: 'findings',
  arguments: '<case.db>',
  summary: 'List findings with their evidence rows',
  description: 'List findings (ATT&CK-mapped, each citing its evidence rows) as a table, JSON or CSV.',
  options: {
    json: { type: 'boolean', description: 'print the findings as JSON' },
    csv: { type: 'boolean', description: 'print CSV (cells that would run as spreadsheet formulas are neutralized)' },
  },
  examples: ['dlens findings case.db', 'dlens findings case.db --csv > findings.csv'],
  async run(args) {
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError('give exactly one case file');
    if (flag(args, 'json') && flag(args, 'csv')) throw new UsageError('choose one of --json and --csv');
    const engine = openEngine(casePath, { create: false });
    try {
      // JSON and CSV are exports: every citation. The table shows the first few and the count.
      const exporting = flag(args, 'json') || flag(args, 'csv');
      const findings = await engine.call('findings.list', { evidenceLimit: exporting ? 1_000_000 : 5 });
      if (flag(args, 'json')) {
        console.log(json(findings));
      } else if (flag(args, 'csv')) {
        process.stdout.write(
          csv(
            ['id', 'severity', 'time', 'rule', 'techniques', 'title', 'principals', 'summary', 'evidence'],
            findings.map((f) => [
              f.id,
              f.severity,
              f.time ?? '',
              f.rule,
              f.techniques.join(' '),
              f.title,
              f.principals.join(' '),
              f.summary,
              f.evidence.map((e) => `${e.file}#row${e.row} (${e.recordId})`).join('; '),
            ]),
          ),
        );
      } else if (findings.length === 0) {
        console.log('no findings');
      } else {
        console.log(
          table(
            ['severity', 'time (UTC)', 'technique', 'title', 'evidence'],
            findings.map((f) => [
              f.severity,
              f.time === null ? 'time unknown' : f.time.replace('T', ' ').replace(/\.000Z$/, 'Z'),
              f.techniques.join(','),
              f.title,
              f.evidence.map((e) => `${e.file}:${e.row}`).join(' ') +
                (f.evidenceTotal > f.evidence.length ? ` (${f.evidence.length} of ${f.evidenceTotal})` : ''),
            ]),
          ),
        );
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};
