import { parseArgs, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openEngine } from '../open-case.js';
import { json, table } from '../output.js';

export const graphCommand: Command = {
  name: 'graph',
  usage: 'dlens graph <case.db> [--as-of <ISO-8601>] [--json]',
  summary: 'Who could read or send as whom at an instant (default: after all evidence)',
  async run(argv) {
    const args = parseArgs(argv, { values: ['as-of'], flags: ['json'] });
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError(`usage: ${this.usage}`);
    const asOf = stringOption(args, 'as-of') ?? null;
    if (asOf !== null && Number.isNaN(Date.parse(asOf)))
      throw new UsageError('--as-of must be an ISO-8601 instant, e.g. 2024-03-04T12:00:00Z');
    const engine = openEngine(casePath, { create: false });
    try {
      const graph = await engine.call('graph.asOf', { asOf: asOf === null ? null : new Date(asOf).toISOString() });
      if (args.options.has('json')) {
        console.log(json(graph));
        return 0;
      }
      console.log(
        `delegation state ${graph.asOf ? `at ${graph.asOf}` : 'after all evidence'}: ${graph.edges.length} edges, ${graph.nodes.length} principals`,
      );
      if (graph.edges.length > 0) {
        console.log(
          table(
            ['holder', 'access', 'mailbox', 'since (UTC)', 'granted by', 'known from'],
            graph.edges.map((e) => [
              e.from,
              `${e.kind}: ${e.rights.join(', ')}${e.folder ? ` (${e.folder})` : ''}`,
              e.to === '*' ? 'all mailboxes' : e.to,
              e.since ?? 'before the evidence',
              e.grantedBy ?? '',
              e.origin,
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
