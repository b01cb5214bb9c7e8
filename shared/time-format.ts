/**
 * Instants as people read them, the same in the app and in the report: `2024-03-05 08:05:12 UTC`,
 * or in another zone with its offset, `2024-03-05 09:05:12 GMT+1`. The offset (not "CET") keeps a
 * screenshot or a printed page unambiguous. Stored times are always UTC; only display changes.
 * Pure code (Intl only): the renderer and the engine both use it.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The instant in `zone`, labelled; null for text that is not an instant (shown as it is by callers). */
export function formatInstant(iso: string, zone: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const p = Object.fromEntries(
    formatter(zone)
      .formatToParts(ms)
      .map((part) => [part.type, part.value]),
  );
  const label = zone === 'UTC' ? 'UTC' : (p.timeZoneName ?? zone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${label}`;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
