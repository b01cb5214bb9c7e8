import { ANNOTATION_KINDS, type AnnotationKind } from '../../../shared/requests/triage.js';
import { annotationTable, historyTable, orphanedTable } from '../annotation-tables.js';
import { flag, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openEngine } from '../open-case.js';
import { json, out } from '../output.js';

/** The most history rows the contract returns in one request. */
const HISTORY_LIMIT = 10_000;

const isKind = (s: string): s is AnnotationKind => (ANNOTATION_KINDS as readonly string[]).includes(s);

export const annotationsCommand: Command = {
  name: 'annotations',
  arguments: '<case.db>',
  summary: 'List stars, tags, comments and orphaned triage',
  description:
    'List the annotations in the case (stars, tags and comments on findings, events and principals) and the ' +
    'triage of findings the evidence no longer yields, as a table or JSON; --history adds the append-only record ' +
    `of every change (the ${HISTORY_LIMIT.toLocaleString('en')} most recent, newest first).`,
  options: {
    kind: { type: 'string', value: 'KIND', description: `only annotations on ${ANNOTATION_KINDS.join(', ')}` },
    tag: { type: 'string', value: 'TAG', description: 'only annotations with this tag' },
    starred: { type: 'boolean', description: 'only starred annotations' },
    history: { type: 'boolean', description: 'also the history of changes (of the annotations listed, when filtered)' },
    json: { type: 'boolean', description: 'print { annotations, orphanedTriage, history } as JSON' },
  },
  examples: [
    'dlens annotations case.db',
    'dlens annotations case.db --kind principal --tag attacker',
    'dlens annotations case.db --history --json',
  ],
  async run(args) {
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError('give exactly one case file');
    const kind = stringOption(args, 'kind');
    if (kind !== undefined && !isKind(kind)) throw new UsageError(`--kind takes one of ${ANNOTATION_KINDS.join(', ')}`);
    const tag = stringOption(args, 'tag');
    const starred = flag(args, 'starred') || undefined;
    const engine = openEngine(casePath, { create: false });
    try {
      const annotations = await engine.call('annotations.list', { kind, tag, starred });
      // Orphaned triage is about findings and has no tags or star: shown unless a filter excludes it.
      const filtered = tag !== undefined || starred !== undefined;
      const orphaned =
        filtered || (kind !== undefined && kind !== 'finding') ? [] : (await engine.call('triage.list', {})).orphaned;
      let history = flag(args, 'history') ? await engine.call('annotations.history', { limit: HISTORY_LIMIT }) : null;
      if (history && kind !== undefined)
        history = history.filter((h) => h.kind === kind || (kind === 'finding' && h.kind === 'triage'));
      if (history && filtered) {
        const listed = new Set(annotations.map((a) => a.target));
        history = history.filter((h) => listed.has(h.target) && h.kind !== 'triage');
      }
      if (flag(args, 'json')) {
        out(json({ annotations, orphanedTriage: orphaned, ...(history ? { history } : {}) }));
        return 0;
      }
      out(annotations.length === 0 ? 'no annotations' : annotationTable(annotations));
      if (orphaned.length > 0) {
        out('');
        out(`triaged findings no longer in the case (${orphaned.length}):`);
        out(orphanedTable(orphaned));
      }
      if (history) {
        out('');
        out(history.length === 0 ? 'no changes recorded' : `history (newest first):\n${historyTable(history)}`);
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};
