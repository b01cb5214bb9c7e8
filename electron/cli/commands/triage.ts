import { TRIAGE_STATES, type TriageState } from '../../../shared/domain.js';
import { triageTable, type TriageLine } from '../annotation-tables.js';
import { flag, listOption, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { CliError, openEngine } from '../open-case.js';
import { json, out } from '../output.js';

/** Ids per triage.set request (the contract's bound); each request is one transaction. */
const BULK = 100_000;

const isState = (s: string): s is TriageState => (TRIAGE_STATES as readonly string[]).includes(s);

export const triageCommand: Command = {
  name: 'triage',
  arguments: '<case.db> [finding-id]...',
  summary: 'Show or set the triage of findings',
  description:
    'Set the triage of findings (new, needs-review, confirmed, benign) with a reason, or without --state show ' +
    'it. Triage is kept when findings are recomputed; each change is recorded with the time and the analyst ' +
    '(DLENS_ANALYST, else the user name) in the case history. Finding ids are those of dlens findings --json.',
  options: {
    state: { type: 'string', value: 'STATE', description: `set this state: ${TRIAGE_STATES.join(', ')}` },
    reason: { type: 'string', value: 'TEXT', description: 'why (with --state)' },
    'all-of-rule': { type: 'string', multiple: true, value: 'RULE', description: 'every finding of this rule' },
    json: { type: 'boolean', description: 'print the triage as JSON' },
  },
  examples: [
    'dlens triage case.db FINDING-ID --state confirmed --reason "attacker grant"',
    'dlens triage case.db --all-of-rule delegation-before-window --state benign',
    'dlens triage case.db mailbox-delegation-granted:e67cf1bd67269587',
  ],
  async run(args) {
    const [casePath, ...ids] = args.positionals;
    const rules = listOption(args, 'all-of-rule');
    if (!casePath || (ids.length === 0 && rules.length === 0))
      throw new UsageError('give a case file, then finding ids or --all-of-rule RULE');
    const state = stringOption(args, 'state');
    if (state !== undefined && !isState(state))
      throw new UsageError(`--state takes one of ${TRIAGE_STATES.join(', ')}`);
    const reason = stringOption(args, 'reason');
    if (reason !== undefined && state === undefined) throw new UsageError('--reason goes with --state');
    const engine = openEngine(casePath, { create: false });
    try {
      const findings = new Map(
        (await engine.call('findings.list', { evidenceLimit: 0 })).map((f) => [f.id, f] as const),
      );
      // Ids of findings that are gone may still be shown (their triage is orphaned), never changed.
      const orphaned = new Map((await engine.call('triage.list', {})).orphaned.map((t) => [t.findingId, t] as const));
      const missing = ids.filter((id) => !findings.has(id) && (state !== undefined || !orphaned.has(id)));
      if (missing.length > 0) {
        const more = missing.length > 1 ? ` (and ${missing.length - 1} more of the ids given)` : '';
        throw new CliError(`${casePath}: no finding ${missing[0]}${more}`);
      }
      const selected = new Set(ids);
      for (const rule of rules) {
        const of = [...findings.values()].filter((f) => f.rule === rule);
        if (of.length === 0) throw new CliError(`${casePath}: no finding of rule ${rule}`);
        for (const f of of) selected.add(f.id);
      }
      const chosen = [...selected];
      if (state !== undefined) {
        for (let i = 0; i < chosen.length; i += BULK) {
          const set = await engine.call('triage.set', {
            findingIds: chosen.slice(i, i + BULK),
            state,
            reason: reason ?? '',
          });
          for (const t of set) {
            const f = findings.get(t.findingId);
            if (f)
              findings.set(t.findingId, { ...f, triage: { state: t.state, reason: t.reason, at: t.at, by: t.by } });
          }
        }
      }
      const lines: TriageLine[] = chosen.map((id) => {
        const f = findings.get(id);
        if (f) return { findingId: id, rule: f.rule, title: f.title, triage: f.triage };
        const { findingId: _, ...triage } = orphaned.get(id)!;
        return { findingId: id, rule: null, title: null, triage };
      });
      out(flag(args, 'json') ? json(lines) : triageTable(lines));
      return 0;
    } finally {
      await engine.close();
    }
  },
};
