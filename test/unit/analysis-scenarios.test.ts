/**
 * The analysis engine against the evidence generator's scenarios: every planted action in
 * truth.json is found by the rule that should find it, citing a record at the action's time, and
 * the benign baseline yields no high or critical finding.
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
  return { truth, findings, evidenceOf: (id) => engine.call('findings.evidence', { findingId: id }) };
}

let attack: Awaited<ReturnType<typeof analyse>>;
before(async () => {
  attack = await analyse('attack');
});

test('every planted attack action is found by its rule, citing a record at the action time', async () => {
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
});

test('the attack findings carry evidence, ATT&CK ids and UTC times', () => {
  for (const f of attack.findings) {
    assert.match(f.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, f.id);
    assert.ok(
      f.techniques.every((t) => /^T\d{4}(\.\d{3})?$/.test(t)),
      f.id,
    );
    assert.ok(f.evidence.length > 0, `${f.id} cites evidence`);
  }
});

test('the benign baseline yields no high or critical finding', async () => {
  const { findings } = await analyse('baseline');
  const loud = findings
    .filter((f) => f.severity === 'high' || f.severity === 'critical')
    .map((f) => `${f.severity} ${f.rule}: ${f.title} [${f.details.severityReasons ?? ''}]`);
  assert.deepEqual(loud, []);
  assert.ok(!findings.some((f) => /discovery/i.test(f.title)), 'system provisioning stays unflagged');
});
