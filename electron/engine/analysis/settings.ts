/**
 * Case settings, stored in the case file so a case carries its own allow-lists and business hours.
 */
import type { ReadDb, WriteDb } from '../store/db.js';
import { settingRows, upsertSettings } from '../store/settings-store.js';
import type { CaseSettings } from '../../../shared/domain.js';

export const DEFAULT_SETTINGS: CaseSettings = {
  approvedDelegates: [],
  allowedForwardingDomains: [],
  knownAdmins: [],
  tenantDomains: [],
  timeZone: 'UTC',
  businessHours: { start: 7, end: 19, days: [1, 2, 3, 4, 5] },
};

export function loadSettings(db: ReadDb): CaseSettings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of settingRows(db)) {
    if (Object.hasOwn(DEFAULT_SETTINGS, r.key)) out[r.key] = JSON.parse(r.value) as unknown;
  }
  return out as unknown as CaseSettings;
}

/** Store the given keys (lists lowercased and de-duplicated) and return the full settings. */
export function saveSettings(db: WriteDb, update: Partial<CaseSettings>): CaseSettings {
  if (update.timeZone !== undefined) assertTimeZone(update.timeZone);
  const entries: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined || !Object.hasOwn(DEFAULT_SETTINGS, key)) continue;
    const clean =
      Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? [...new Set(value.map((v) => v.trim().toLowerCase()).filter(Boolean))]
        : value;
    entries.push([key, JSON.stringify(clean)]);
  }
  upsertSettings(db, entries);
  return loadSettings(db);
}

function assertTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new RangeError(`unknown time zone ${JSON.stringify(zone)} (use an IANA name such as Europe/Berlin)`);
  }
}

/** Hour (0-23) and ISO weekday (1 = Monday) of an instant in a time zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localHourAndDay(iso: string, zone: string): { hour: number; day: number } {
  // Building an Intl formatter costs far more than using one: keep one per zone.
  let fmt = formatters.get(zone);
  if (!fmt)
    formatters.set(
      zone,
      (fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' })),
    );
  const parts = fmt.formatToParts(new Date(iso));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const wd = parts.find((p) => p.type === 'weekday')?.value ?? 'Mon';
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(wd) + 1;
  return { hour, day };
}

export function isBusinessHours(iso: string, s: CaseSettings): boolean {
  const { hour, day } = localHourAndDay(iso, s.timeZone);
  return s.businessHours.days.includes(day) && hour >= s.businessHours.start && hour < s.businessHours.end;
}

/** Is `trustee` approved as a delegate on `mailbox` by the case allow-list? */
export function isApprovedDelegate(s: CaseSettings, trustee: string, mailbox: string): boolean {
  const t = trustee.toLowerCase();
  const m = mailbox.toLowerCase();
  return s.approvedDelegates.some((entry) => {
    const [who, on] = entry.split('->').map((x) => x.trim());
    return who === t && (on === undefined || on === m);
  });
}
