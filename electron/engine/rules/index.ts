/** Every detection rule, run in this order by analysis/run-analysis.ts. */
import { appMailAccess } from './app-mail-access.js';
import { auditEvasion } from './audit-evasion.js';
import { delegateUseRules } from './delegate-use.js';
import { grantRules } from './delegation-grants.js';
import { inboxRuleHiding } from './inbox-rule-hiding.js';
import { internalPhishingCampaignRule } from './internal-campaign.js';
import type { Rule } from './rule.js';
import { sendVolumeSpikeRule } from './send-volume.js';
import { signInNewAddress } from './sign-in-new-address.js';
import { standingDelegation } from './standing-delegation.js';

export const rules: readonly Rule[] = [
  ...grantRules,
  ...delegateUseRules,
  inboxRuleHiding,
  auditEvasion,
  standingDelegation,
  appMailAccess,
  signInNewAddress,
  sendVolumeSpikeRule,
  internalPhishingCampaignRule,
];
