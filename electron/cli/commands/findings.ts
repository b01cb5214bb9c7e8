import { flag, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { FINDING_CSV_COLUMNS, findingCsvCells } from '../finding-csv.js';
import { openEngine } from '../open-case.js';
import { csv, err, inert, json, out, outRaw, table } from '../output.js';

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
        out(json(findings));
      } else if (flag(args, 'csv')) {
        outRaw(csv([...FINDING_CSV_COLUMNS], findings.map(findingCsvCells)));
      } else if (findings.length === 0) {
        out('no findings');
      } else {
        out(
          table(
            ['severity', 'triage', 'time (UTC)', 'technique', 'title', 'evidence'],
            findings.map((f) => [
              f.severity,
              f.triage?.state ?? 'new',
              f.time === null ? 'time unknown' : f.time.replace('T', ' ').replace(/\.000Z$/, 'Z'),
              f.techniques.join(','),
              f.title,
              f.evidence.map((e) => `${e.file}:${e.row}`).join(' ') +
                (f.evidenceTotal > f.evidence.length ? ` (${f.evidence.length} of ${f.evidenceTotal})` : ''),
            ]),
          ),
        );
      }
      // Findings that are stale or miss a failed rule's share are never passed off as complete.
      const { analysis } = await engine.call('case.info', {});
      if (!analysis.current)
        err(
          `dlens: ${inert(casePath)}: these findings are stale (not those of the evidence and settings now in the case)`,
        );
      for (const f of analysis.failures)
        err(
          `dlens: ${inert(casePath)}: analysis rule ${inert(f.rule)} failed, its findings are missing: ${inert(f.error)}`,
        );
      return analysis.current && analysis.failures.length === 0 ? 0 : 1;
    } finally {
      await engine.close();
    }
  },
};
