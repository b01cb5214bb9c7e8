/**
 * Scoring the engine against a generated scenario's truth.json: which planted actions were found by
 * the rule that should find them, and which loud findings stand on nothing planted. Shared by the
 * analysis-scenarios test (which asserts) and bench:precision (which prints the figures).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { EvidenceRowView, Finding } from '../shared/domain.js';
import { Engine } from '../electron/engine/engine.js';
import { generateEvidence } from '../electron/engine/generate/generate.js';

export interface TruthAction {
  id: string;
  kind: string;
  principals: string[];
  time: string;
  inLogWindow: boolean;
  description: string;
}

/** Which rule must report each kind of planted action. */
export const EXPECTED_RULE: Record<string, string> = {
  'attacker-sign-in': 'sign-in-from-new-address',
  'mailbox-permission-grant': 'mailbox-delegation-granted',
  'recipient-permission-grant': 'mailbox-delegation-granted',
  'send-on-behalf-grant': 'mailbox-delegation-granted',
  'permission-removal': 'mailbox-delegation-granted',
  'folder-permission-grant': 'folder-delegation-granted',
  'external-forwarding': 'mail-forwarding-set',
  'activesync-device-allowed': 'activesync-device-allowed',
  'service-principal-added': 'tenant-wide-mail-access-granted',
  'app-role-assignment': 'tenant-wide-mail-access-granted',
  'delegated-permission-grant': 'tenant-wide-mail-access-granted',
  consent: 'tenant-wide-mail-access-granted',
  'app-mail-access': 'app-mail-access',
  'delegate-logon': 'delegate-mailbox-access',
  'mail-items-accessed': 'delegate-mailbox-access',
  'inbox-rule-hiding': 'inbox-rule-hiding',
  'send-as': 'delegate-sent-as-mailbox',
  'send-on-behalf': 'delegate-sent-as-mailbox',
  'pre-window-grant': 'delegation-before-window',
  'internal-phishing': 'internal-phishing-campaign',
  'transport-rule-forwarding': 'mail-forwarding-set',
  'outlook-forwarding-rule': 'mail-forwarding-set',
  'dump-activesync-device': 'activesync-device-allowed',
  'inbox-rule-burst': 'activity-burst',
  'second-account-sign-in': 'sign-in-from-new-address',
  'anonymous-sharing-link': 'sharing-from-flagged-address',
};

export interface ScenarioRun {
  truth: { actions: TruthAction[] };
  findings: Finding[];
  evidenceOf: (id: string) => Promise<EvidenceRowView[]>;
  close: () => Promise<void>;
}

/** Generate a scenario into `dir`, import every file into a new case there, and list its findings. */
export async function runScenario(
  dir: string,
  options: { scenario: string; seed: number; users: number; days: number },
): Promise<ScenarioRun> {
  const out = path.join(dir, 'evidence');
  const result = await generateEvidence(out, options);
  const engine = Engine.open({ casePath: path.join(dir, 'case.db') });
  const outcomes = await engine.call('import.files', {
    files: result.files.map((f) => ({ path: path.join(out, f.path) })),
  });
  for (const o of outcomes)
    if (!o.ok || o.result.rejected > 0)
      throw new Error(o.ok ? `${o.result.file}: ${o.result.rejected} rejected` : `${o.file}: ${o.error}`);
  return {
    truth: JSON.parse(fs.readFileSync(result.truthPath, 'utf8')) as { actions: TruthAction[] },
    findings: await engine.call('findings.list', { evidenceLimit: 0 }),
    evidenceOf: async (id) => (await engine.call('findings.evidence', { findingId: id, limit: 10_000 })).rows,
    close: () => engine.close(),
  };
}

const near = (rows: readonly EvidenceRowView[], iso: string, ms = 60_000) =>
  rows.some((r) => r.time !== null && Math.abs(Date.parse(r.time) - Date.parse(iso)) <= ms);

/**
 * The finding that reports a planted action: its expected rule, naming every person of the action
 * (as a principal or in the summary), and for an action inside the log window citing a record within
 * a minute of it above info. Null when none does.
 */
export async function findingFor(run: ScenarioRun, action: TruthAction): Promise<Finding | null> {
  const rule = EXPECTED_RULE[action.kind];
  const people = action.principals.filter((p) => p.includes('@'));
  const candidates = run.findings.filter(
    (f) => f.rule === rule && people.every((p) => f.principals.includes(p) || f.summary.includes(p)),
  );
  for (const f of candidates) {
    if (!action.inLogWindow) return f;
    if (f.severity !== 'info' && near(await run.evidenceOf(f.id), action.time)) return f;
  }
  return null;
}

/**
 * Findings at medium or above that stand on nothing planted: none of their principals is a person of
 * any planted action and none of their cited records is within a minute of one.
 */
export async function unplantedLoudFindings(run: ScenarioRun): Promise<Finding[]> {
  const people = new Set(run.truth.actions.flatMap((a) => a.principals));
  const loud = run.findings.filter((f) => f.severity !== 'info' && f.severity !== 'low');
  const out: Finding[] = [];
  for (const f of loud) {
    if (f.principals.some((p) => people.has(p))) continue;
    const rows = await run.evidenceOf(f.id);
    if (run.truth.actions.some((a) => near(rows, a.time))) continue;
    out.push(f);
  }
  return out;
}
