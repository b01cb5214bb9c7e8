/**
 * A page per identity: who it is, the access it holds and gave (the delegation graph's replay at the
 * end of the evidence), where its actions came from, its send volume, the findings naming it and
 * how much of the evidence is about it. Each part reads its own index range (store/principal-reads.ts).
 */
import { ApiError } from '../../../shared/contract.js';
import type { PrincipalView } from '../../../shared/requests/principal.js';
import { graphTenant } from '../analysis/delegation/graph-view.js';
import { principalAccess } from '../analysis/delegation/principal-grants.js';
import type { TenantProfile } from '../analysis/tenant.js';
import { isGroupPseudoPrincipal, isPseudoPrincipal } from '../exchange/folders.js';
import { isIdentityKey } from '../records/identity-keys.js';
import {
  activityOf,
  aliasesOf,
  clientAddressesOf,
  isExpandedGroup,
  principalKey,
  sendSpan,
  sentBy,
} from '../store/principal-reads.js';
import { findingsNaming } from '../store/send-finding-reads.js';
import { senderVolume } from '../store/volume-reads.js';
import type { HandlerContext, Handlers } from './context.js';

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

/**
 * A display name among the recorded spellings: words with spaces, not an address, a distinguished
 * name or path, a GUID or a SID (dumps record DisplayName beside Alias, DN, GUID and SID untagged).
 */
function displayNameOf(aliases: readonly string[]): string | null {
  return aliases.find((a) => /\s/.test(a.trim()) && !/[@=\\/]/.test(a) && !GUID.test(a) && !/^s-1-\d/i.test(a)) ?? null;
}

function kindOf(key: string, tenant: TenantProfile, group: boolean): string {
  if (key.startsWith('app:')) return 'app';
  if (isPseudoPrincipal(key) || isGroupPseudoPrincipal(key)) return 'pseudo';
  if (group) return 'group';
  if (!isIdentityKey(key)) return 'unknown';
  return tenant.isExternal(key) ? 'external' : 'user';
}

const earliest = (times: Array<string | null>): string | null =>
  times.filter((t): t is string => t !== null).sort()[0] ?? null;
const latest = (times: Array<string | null>): string | null =>
  times
    .filter((t): t is string => t !== null)
    .sort()
    .at(-1) ?? null;

export const principalHandlers = (ctx: HandlerContext): Pick<Handlers, 'principal.get'> => ({
  'principal.get': async ({ address }) => {
    const db = await ctx.db.read();
    const key = principalKey(db, address.trim());
    if (key === null) throw new ApiError('not_found', `no principal ${address} in the case`);
    // The graph's tenant profile (internal vs external), derived once per case state and shared with it.
    const tenant = ctx.derived.get('graph-tenant', () => graphTenant(db));
    const access = principalAccess(db, key);
    const aliases = aliasesOf(db, key);
    const profile = senderVolume(db, key);
    const activity = activityOf(db, key);
    const sent = profile ? { n: profile.messages, ...sendSpan(db, key) } : sentBy(db, key);
    const view: PrincipalView = {
      address: key,
      kind: kindOf(key, tenant, isExpandedGroup(db, key, access.reached)),
      displayName: displayNameOf(aliases),
      aliases,
      held: access.held,
      given: access.given,
      signIns: clientAddressesOf(db, key),
      send: profile
        ? {
            messages: profile.messages,
            activeHours: profile.activeHours,
            median: profile.median,
            mad: profile.mad,
            bulk: profile.bulk,
          }
        : null,
      findings: findingsNaming(db, key),
      counts: {
        asActor: activity.asActor.n,
        asTarget: activity.asTarget.n,
        sent: sent.n,
        received: activity.received.n,
      },
      first: earliest([activity.asActor.first, activity.asTarget.first, sent.first, activity.received.first]),
      last: latest([activity.asActor.last, activity.asTarget.last, sent.last, activity.received.last]),
    };
    return view;
  },
});
