/** Every detection rule, run in this order by pipelines/analysis/run-analysis.ts. */
import { appMailAccess } from './app-mail-access.js';
import { auditEvasion } from './audit-evasion.js';
import { delegateUseRules } from './delegate-use.js';
import { grantRules } from './grants/grant-finding.js';
import { delegationBeforeWindow } from './dump-state/before-window.js';
import { devicesInDumps } from './dump-state/devices.js';
import { delegationFanOut } from './dump-state/fan-out.js';
import { forwardingInDumps } from './dump-state/forwarding.js';
import { grantMissingFromDump } from './dump-state/missing-from-dump.js';
import { standingAccess } from './dump-state/standing-access.js';
import { inboxRuleHiding } from './inbox-rule-hiding.js';
import { internalPhishingCampaignRule } from './internal-campaign.js';
import type { Rule } from './rule.js';
import { sendVolumeSpikeRule } from './send-volume.js';
import { signInNewAddress } from './sign-in-new-address.js';

export const rules: readonly Rule[] = [
  ...grantRules,
  ...delegateUseRules,
  inboxRuleHiding,
  auditEvasion,
  standingAccess,
  forwardingInDumps,
  devicesInDumps,
  delegationBeforeWindow,
  delegationFanOut,
  grantMissingFromDump,
  appMailAccess,
  signInNewAddress,
  sendVolumeSpikeRule,
  internalPhishingCampaignRule,
];
