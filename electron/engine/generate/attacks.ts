/**
 * The attack stories (T1098.002 and what surrounds it), planted into the baseline. Times are placed
 * relative to the window so any window of 3+ days holds every story. Everything is materialised up
 * front: the stories are a few hundred records at most. One random stream runs through the stories
 * in a fixed order, so the same seed plants the same records.
 */
import { createKit, type Kit } from './attack-kit.js';
import { plantAppConsent } from './attacks-app.js';
import { plantDelegateUse } from './attacks-delegate-use.js';
import { plantAdminNight, plantBeforeWindow, plantCoverTracks } from './attacks-delegation.js';
import { plantSecondAccount } from './attacks-followup.js';
import { plantInboxRuleBurst, plantOutlookForwardingRule, plantTransportRule } from './attacks-mailflow.js';
import { plantPhishing } from './attacks-phishing.js';
import type { PermissionState } from './state.js';
import type { Action, Planted } from './story-types.js';
import type { Tenant } from './tenant.js';

export { ATTACKER_IPS, FORWARD_TO } from './attack-kit.js';

export interface Story {
  actions: Action[];
  planted: Planted[];
}

/** The stories in the order they draw from the random stream (and number their actions). */
const STORIES: readonly ((kit: Kit) => void)[] = [
  (kit) => {
    // 1-2. Stolen admin credentials: grants, forwarding and an over-privileged application at night.
    const counselGrant = plantAdminNight(kit);
    plantAppConsent(kit);
    // 3-5. The grantee uses the access; one grant is removed later; older state shows in dumps only.
    plantDelegateUse(kit);
    plantCoverTracks(kit, counselGrant);
    plantBeforeWindow(kit);
  },
  // 6. Internal phishing from several real accounts within an hour.
  plantPhishing,
  // 7. Mail-flow persistence: transport rule, an Outlook forwarding rule, a burst of hiding rules.
  plantTransportRule,
  plantOutlookForwardingRule,
  plantInboxRuleBurst,
  // 8. A second account from an attacker address: reading a shared mailbox, sharing a file outside.
  plantSecondAccount,
];

export function plantAttacks(tenant: Tenant, state: PermissionState, seed: number, start: number, days: number): Story {
  const { kit, actions, planted } = createKit(tenant, state, seed, start, days);
  for (const story of STORIES) story(kit);
  planted.sort((x, y) => x.time - y.time);
  return { actions, planted };
}
