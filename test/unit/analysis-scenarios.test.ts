/**
 * The analysis engine against the evidence generator's scenarios: every planted action in
 * truth.json is found by the rule that should find it (inside the log window, citing a record at
 * the action's time), the benign baseline yields no high or critical finding and the benign-heavy
 * organisation nothing at medium or above.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EXPECTED_RULE, findingFor, runScenario, unplantedLoudFindings, type ScenarioRun } from '../scenario-truth.js';
import { tempDir } from '../helpers.js';

const analyse = (scenario: string) => runScenario(tempDir(), { scenario, seed: 7, users: 60, days: 14 });

let attack: ScenarioRun;
before(async () => {
  attack = await analyse('attack');
});
after(() => attack.close());

test(
  'every attack story is planted and each planted action is found by its rule; an action inside the log window is ' +
    'found above info, citing a record within a minute of it',
  async () => {
    // The attack scenario plants every story: each kind this file expects a rule for appears in truth.json.
    assert.deepEqual([...new Set(attack.truth.actions.map((a) => a.kind))].sort(), Object.keys(EXPECTED_RULE).sort());
    const missing: string[] = [];
    for (const action of attack.truth.actions) {
      assert.ok(EXPECTED_RULE[action.kind], `no expectation for action kind ${action.kind}`);
      if (!(await findingFor(attack, action)))
        missing.push(`${action.id} ${action.kind} (${EXPECTED_RULE[action.kind]}): ${action.description}`);
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
    assert.ok(f.evidenceTotal > 0, `${f.id} cites evidence`);
  }
});

test('the benign baseline yields no high or critical finding and none titled after the Discovery mailbox', async () => {
  const baseline = await analyse('baseline');
  const loud = baseline.findings
    .filter((f) => f.severity === 'high' || f.severity === 'critical')
    .map((f) => `${f.severity} ${f.rule}: ${f.title} [${f.details.severityReasons ?? ''}]`);
  await baseline.close();
  assert.deepEqual(loud, []);
  assert.ok(!baseline.findings.some((f) => /discovery/i.test(f.title)), 'system provisioning stays unflagged');
});

test(
  'the benign-heavy organisation (service desks granting, newsletters, calendar shares, office egress) yields no ' +
    'finding at medium or above',
  async () => {
    const busy = await analyse('benign-heavy');
    const loud = (await unplantedLoudFindings(busy)).map(
      (f) => `${f.severity} ${f.rule}: ${f.title} [${f.details.severityReasons ?? ''}]`,
    );
    await busy.close();
    assert.deepEqual(loud, []);
  },
);

test('in the attack scenario every finding at medium or above stands on a planted action', async () => {
  const stray = (await unplantedLoudFindings(attack)).map((f) => `${f.severity} ${f.rule}: ${f.title}`);
  assert.deepEqual(stray, []);
});
