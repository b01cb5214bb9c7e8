/**
 * A day's baseline activity as compact "intents" in typed arrays (kind, time, user, seed), sorted
 * by time with a counting sort. Records are only materialised from an intent when it is written, so
 * a day of a 50,000-user tenant costs a few MB however many rows it expands to.
 */
import { DAY } from './clock.js';
import type { Rng } from './random.js';

export const enum Kind {
  Send = 0,
  Inbound = 1,
  Newsletter = 2,
  SignIn = 3,
  Access = 4,
  Delete = 5,
  HelpDesk = 6,
  CalendarShare = 7,
  System = 8,
  InboxRule = 9,
  /** Busy tenant only (baseline-busy.ts). */
  DeskGrant = 10,
  OnBehalfSend = 11,
  HomeSignIn = 12,
  OfficeSignIn = 13,
  CompanyNewsletter = 14,
  CalendarEditor = 15,
  OwnerRule = 16,
}

/** Relative activity per UTC hour for an organisation on CET (business hours 07-17 UTC). */
const HOUR_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 2, 6, 9, 9, 8, 6, 8, 9, 8, 6, 3, 1.5, 1, 0.8, 0.6, 0.4, 0.3, 0.2];
const CUMULATIVE = (() => {
  const out: number[] = [];
  let sum = 0;
  for (const w of HOUR_WEIGHTS) out.push((sum += w));
  return out.map((v) => v / sum);
})();

/** A second of the day drawn from the business-hours curve. */
export function businessSecond(rng: Rng): number {
  const r = rng.next();
  let h = 0;
  while (h < 23 && CUMULATIVE[h]! < r) h++;
  return h * 3600 + rng.int(3600);
}

/** A second of the day within [fromHour, toHour) UTC. */
export function secondBetween(rng: Rng, fromHour: number, toHour: number): number {
  return fromHour * 3600 + rng.int((toHour - fromHour) * 3600);
}

export class DayPlan {
  private n = 0;
  private cap = 1024;
  seconds = new Int32Array(this.cap);
  kinds = new Uint8Array(this.cap);
  users = new Int32Array(this.cap);
  aux = new Int32Array(this.cap);
  seeds = new Uint32Array(this.cap);
  /** Audit records the plan will produce (known up front for ResultCount). */
  auditCount = 0;
  order: Uint32Array = new Uint32Array(0);

  constructor(
    readonly day: number,
    readonly dayStart: number,
  ) {}

  get length(): number {
    return this.n;
  }

  add(kind: Kind, second: number, user: number, seed: number, audits: number, aux = 0): void {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.seconds[i] = Math.min(86399, Math.max(0, second));
    this.kinds[i] = kind;
    this.users[i] = user;
    this.aux[i] = aux;
    this.seeds[i] = seed >>> 0;
    this.auditCount += audits;
  }

  private grow(): void {
    this.cap *= 2;
    const grow = <T extends Int32Array | Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(this.cap);
      b.set(a);
      return b;
    };
    this.seconds = grow(this.seconds, (c) => new Int32Array(c));
    this.kinds = grow(this.kinds, (c) => new Uint8Array(c));
    this.users = grow(this.users, (c) => new Int32Array(c));
    this.aux = grow(this.aux, (c) => new Int32Array(c));
    this.seeds = grow(this.seeds, (c) => new Uint32Array(c));
  }

  /** Stable counting sort by second of day; ties keep insertion order. */
  sort(): void {
    const counts = new Int32Array(86401);
    for (let i = 0; i < this.n; i++) counts[this.seconds[i]! + 1]!++;
    for (let s = 1; s <= 86400; s++) counts[s]! += counts[s - 1]!;
    const order = new Uint32Array(this.n);
    for (let i = 0; i < this.n; i++) order[counts[this.seconds[i]!]!++] = i;
    this.order = order;
  }

  /** Absolute time of intent i, with a sub-second spread derived from its seed. */
  timeOf(i: number): number {
    return this.dayStart + this.seconds[i]! * 1000;
  }
}

export function isWeekend(dayStart: number): boolean {
  const d = new Date(dayStart).getUTCDay();
  return d === 0 || d === 6;
}

export const dayStartOf = (start: number, day: number): number => start + day * DAY;
