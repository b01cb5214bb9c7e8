/**
 * The analysis engine against the evidence generator's scenarios: every planted action in
 * truth.json is found by the rule that should find it (inside the log window, citing a record at
 * the action's time), and the benign baseline yields no high or critical finding.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import type { EvidenceRowView, Finding } from '../../shared/domain.js';
import { Engine } from '../../electron/engine/engine.js';
import { generateEvidence } from '../../electron/engine/generate/generate.js';
import { tempDir } from '../helpers.js';

interface TruthAction {
  id: string;
  kind: string;
  principals: string[];
  time: string;
  inLogWindow: boolean;
  description: string;
}

/** Which rule must report each kind of planted action. */
const EXPECTED_RULE: Record<string, string> = {
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

async function analyse(scenario: string): Promise<{
  truth: { actions: TruthAction[] };
  findings: Finding[];
  evidenceOf: (id: string) => Promise<EvidenceRowView[]>;
}> {
  const dir = tempDir();
  const out = path.join(dir, 'evidence');
  const result = await generateEvidence(out, { scenario, seed: 7, users: 60, days: 14 });
  const engine = Engine.open({ casePath: path.join(dir, 'case.db') });
  const files = result.files.map((f) => ({ path: path.join(out, f.path) }));
  const outcomes = await engine.call('import.files', { files });
  for (const o of outcomes)
    assert.ok(o.ok && o.result.rejected === 0, o.ok ? `${o.result.file}: ${o.result.rejected} rejected` : o.error);
  const findings = await engine.call('findings.list', {});
  const truth = JSON.parse(fs.readFileSync(result.truthPath, 'utf8')) as { actions: TruthAction[] };
  return {
    truth,
    findings,
    evidenceOf: async (id) => (await engine.call('findings.evidence', { findingId: id, limit: 10_000 })).rows,
  };
}

let attack: Awaited<ReturnType<typeof analyse>>;
before(async () => {
  attack = await analyse('attack');
});

test(
  'every attack story is planted and each planted action is found by its rule; an action inside the log window is ' +
    'found above info, citing a record within a minute of it',
  async () => {
    // The attack scenario plants every story: each kind this file expects a rule for appears in truth.json.
    assert.deepEqual([...new Set(attack.truth.actions.map((a) => a.kind))].sort(), Object.keys(EXPECTED_RULE).sort());
    const missing: string[] = [];
    for (const action of attack.truth.actions) {
      const rule = EXPECTED_RULE[action.kind];
      assert.ok(rule, `no expectation for action kind ${action.kind}`);
      const people = action.principals.filter((p) => p.includes('@'));
      const candidates = attack.findings.filter(
        (f) => f.rule === rule && people.every((p) => f.principals.includes(p) || f.summary.includes(p)),
      );
      let found = false;
      for (const f of candidates) {
        if (!action.inLogWindow) {
          found = true;
          break;
        }
        const rows = await attack.evidenceOf(f.id);
        const t = Date.parse(action.time);
        if (rows.some((r) => r.time !== null && Math.abs(Date.parse(r.time) - t) <= 60_000)) {
          found = true;
          assert.notEqual(f.severity, 'info', `${action.id} (${action.kind}) found only at info: ${f.title}`);
          break;
        }
      }
      if (!found) missing.push(`${action.id} ${action.kind} (${rule}): ${action.description}`);
    }
    assert.deepEqual(missing, []);
  },
);

test('every attack finding carries evidence, at least one ATT&CK id, and a UTC time or a note that it has none', () => {
  assert.ok(attack.findings.length > 0, 'the attack scenario yields findings');
  for (const f of attack.findings) {
    // A finding from a dump that carries no time says so (details.timeBasis) instead of inventing one.
    if (f.time === null) assert.match(f.details.timeBasis ?? '', /time unknown/, f.id);
    else assert.match(f.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, f.id);
    assert.ok(f.techniques.length > 0, `${f.id} names a technique`);
    assert.ok(
      f.techniques.every((t) => /^T\d{4}(\.\d{3})?$/.test(t)),
      f.id,
    );
    assert.ok(f.evidence.length > 0, `${f.id} cites evidence`);
  }
});

test('the benign baseline yields no high or critical finding and none titled after the Discovery mailbox', async () => {
  const { findings } = await analyse('baseline');
  const loud = findings
    .filter((f) => f.severity === 'high' || f.severity === 'critical')
    .map((f) => `${f.severity} ${f.rule}: ${f.title} [${f.details.severityReasons ?? ''}]`);
  assert.deepEqual(loud, []);
  assert.ok(!findings.some((f) => /discovery/i.test(f.title)), 'system provisioning stays unflagged');
});
