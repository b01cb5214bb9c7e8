/** truth.json: what was planted, where it shows, and how every file was written. */
import { ATTACKER_IPS, FORWARD_TO, type Story } from './attacks.js';
import { INVITEE } from './attacks-followup.js';
import { BCC_TO, OUTLOOK_FORWARD_TO } from './attacks-mailflow.js';
import type { Baseline } from './baseline.js';
import type { Tenant } from './tenant.js';
import type { Outputs } from './writers/output.js';

export interface TruthInput {
  options: { scenario: string; seed: number; users: number; days: number };
  tenant: Tenant;
  start: number;
  end: number;
  story: Story;
  outputs: Outputs;
  baseline: Baseline;
}

export function buildTruth(x: TruthInput): Record<string, unknown> {
  const files = x.outputs.describe().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const showing = (id: string): string[] =>
    x.outputs.list
      .filter((o) => o.actions.has(id))
      .map((o) => o.spec.rel)
      .sort();
  return {
    generator: 'dlens generate',
    truthVersion: 1,
    scenario: x.options.scenario,
    seed: x.options.seed,
    users: x.options.users,
    days: x.options.days,
    window: { start: new Date(x.start).toISOString(), end: new Date(x.end).toISOString() },
    tenant: {
      name: x.tenant.orgName,
      domain: x.tenant.domain,
      onmicrosoft: x.tenant.onmicrosoft,
      tenantId: x.tenant.tenantId,
    },
    attacker:
      x.story.actions.length > 0
        ? {
            ips: Object.values(ATTACKER_IPS),
            forwardingAddress: FORWARD_TO,
            outsideAddresses: [...new Set([FORWARD_TO, BCC_TO, ...OUTLOOK_FORWARD_TO, INVITEE])],
          }
        : null,
    actions: x.story.actions.map((a) => ({ ...a, files: showing(a.id) })),
    benign: [...x.baseline.benign.values()].map((b) => ({
      kind: b.kind,
      actor: b.actor,
      principals: [...b.principals],
      firstTime: new Date(b.first).toISOString(),
      count: b.count,
      note: b.note,
    })),
    files,
  };
}
