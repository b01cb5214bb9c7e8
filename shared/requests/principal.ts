/**
 * A page per identity: its aliases, the access it holds and the access others hold to its mailbox
 * (as the delegation model has them now), the addresses it signed in from, its send volume, the
 * findings naming it and how much of the timeline is about it.
 */
import { z } from 'zod';
import type { Severity } from '../domain.js';
import { returns } from './returns.js';

export interface PrincipalGrant {
  /** The other side: the mailbox reached (held) or the principal reaching it (given). */
  other: string;
  kind: string;
  rights: string[];
  folder: string | null;
  /** When the grant was made, when known (null for standing access seen only in a dump). */
  since: string | null;
  /** Who made it, when the audit log says. */
  grantedBy: string | null;
  /** Still in place at the end of the evidence. */
  current: boolean;
}

export interface PrincipalView {
  address: string;
  /** 'user' | 'external' | 'app' | 'group' | 'pseudo' | 'unknown' */
  kind: string;
  displayName: string | null;
  aliases: string[];
  held: PrincipalGrant[];
  given: PrincipalGrant[];
  signIns: Array<{ ip: string; first: string; last: string; count: number }>;
  send: { messages: number; activeHours: number; median: number; mad: number; bulk: boolean } | null;
  findings: Array<{ id: string; severity: Severity; rule: string; title: string; time: string | null }>;
  counts: { asActor: number; asTarget: number; sent: number; received: number };
  first: string | null;
  last: string | null;
}

export const principalRequests = {
  'principal.get': {
    args: z.object({ address: z.string().min(1).max(600) }).strict(),
    result: returns<PrincipalView>(),
  },
} as const;
