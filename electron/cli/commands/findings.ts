import { parseArgs, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openEngine } from '../open-case.js';
import { csv, json, table } from '../output.js';

export const findingsCommand: Command = {
  name: 'findings',
  usage: 'dlens findings <case.db> [--json | --csv]',
  summary: 'List findings (ATT&CK-mapped, each citing its evidence rows)',
  async run(argv) {
    const args = parseArgs(argv, { flags: ['json', 'csv'] });
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError(`usage: ${this.usage}`);
    if (args.options.has('json') && args.options.has('csv')) throw new UsageError('choose one of --json and --csv');
    const engine = openEngine(casePath, { create: false });
    try {
      const findings = await engine.call('findings.list', {});
      if (args.options.has('json')) {
        console.log(json(findings));
      } else if (args.options.has('csv')) {
        process.stdout.write(
          csv(
            ['id', 'severity', 'time', 'rule', 'techniques', 'title', 'principals', 'summary', 'evidence'],
            findings.map((f) => [
              f.id,
              f.severity,
              f.time,
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
              f.time.replace('T', ' ').replace(/\.000Z$/, 'Z'),
              f.techniques.join(','),
              f.title,
              f.evidence.map((e) => `${e.file}:${e.row}`).join(' '),
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
