import { flag, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openEngine } from '../open-case.js';
import { json, out, table } from '../output.js';

export const graphCommand: Command = {
  name: 'graph',
  arguments: '<case.db>',
  summary: 'Delegation state at an instant',
  description:
    'Who could read or send as whom at an instant (default: after all evidence), each edge with its evidence rows.',
  options: {
    'as-of': { type: 'string', value: 'ISO-8601', description: 'the instant to show, e.g. 2024-03-05T03:00:00Z' },
    json: { type: 'boolean', description: 'print nodes and edges as JSON' },
  },
  examples: ['dlens graph case.db --as-of 2024-03-05T03:00:00Z'],
  async run(args) {
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError('give exactly one case file');
    const asOf = stringOption(args, 'as-of') ?? null;
    if (asOf !== null && Number.isNaN(Date.parse(asOf)))
      throw new UsageError('--as-of must be an ISO-8601 instant, e.g. 2024-03-04T12:00:00Z');
    const engine = openEngine(casePath, { create: false });
    try {
      const graph = await engine.call('graph.asOf', { asOf: asOf === null ? null : new Date(asOf).toISOString() });
      if (flag(args, 'json')) {
        out(json(graph));
        return 0;
      }
      out(
        `delegation state ${graph.asOf ? `at ${graph.asOf}` : 'after all evidence'}: ` +
          `${graph.edges.length} edges, ${graph.nodes.length} principals`,
      );
      if (graph.edges.length > 0) {
        out(
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
