import { intOption, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { generateEvidence, LIMITS, SCENARIOS, validateOptions } from '../../engine/generate/generate.js';
import { findScenario } from '../../engine/generate/scenarios.js';
import { CliError } from '../open-case.js';
import { out, table } from '../output.js';

export const generateCommand: Command = {
  name: 'generate',
  arguments: '<out-dir>',
  summary: "Write a synthetic tenant's evidence",
  description:
    "Write a synthetic tenant's evidence in every export format, plus truth.json listing every planted action " +
    '(same seed, byte-identical files).',
  options: {
    scenario: { type: 'string', value: 'NAME', description: `one of ${SCENARIOS.join(', ')} (default attack)` },
    seed: { type: 'string', value: 'N', description: 'random seed (default 1)' },
    users: { type: 'string', value: 'N', description: 'users in the tenant' },
    days: { type: 'string', value: 'N', description: 'days of evidence' },
  },
  examples: ['dlens generate ./evidence --scenario attack --seed 7 --users 200 --days 14'],
  async run(args) {
    const [outDir] = args.positionals;
    if (!outDir || args.positionals.length > 1) throw new UsageError('give exactly one output folder');
    const name = stringOption(args, 'scenario') ?? 'attack';
    const scenario = findScenario(name);
    if (!scenario) throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}`);
    const options = {
      scenario: name,
      seed: intOption(args, 'seed', 1, 0, 0xffffffff),
      users: intOption(args, 'users', scenario.defaults.users, LIMITS.minUsers, LIMITS.maxUsers),
      days: intOption(
        args,
        'days',
        scenario.defaults.days,
        scenario.attacks ? LIMITS.minAttackDays : 1,
        LIMITS.maxDays,
      ),
    };
    validateOptions(options);
    let result;
    try {
      result = await generateEvidence(outDir, options);
    } catch (err) {
      if (err instanceof Error && /not empty/.test(err.message)) throw new CliError(err.message);
      throw err;
    }
    out(`scenario ${options.scenario}, seed ${options.seed}, ${options.users} users, ${options.days} days\n`);
    out(
      table(
        ['records', 'format', 'encoding', 'file'],
        result.files.map((f) => [String(f.records), f.format, f.encoding, f.path]),
      ),
    );
    out(`\ntruth: ${result.truthPath}`);
    return 0;
  },
};
