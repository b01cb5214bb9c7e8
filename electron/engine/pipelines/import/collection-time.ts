/**
 * When a file says it was collected, read from its name: collection tools stamp their output
 * (Extractor-Suite `20250502131826-AuditLogs.json`, `21042025121726-OAuthPermissions.csv`,
 * `<yyyyMMdd-HHmmss>-MailboxPermissions.csv`, `<yyyyMMddHHmm>-TransportRules.csv`). The stamp is the
 * collecting machine's local time; its UTC offset is not known, and the basis says so.
 */
const pad = (n: number) => String(n).padStart(2, '0');

function valid(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return y >= 2000 && y <= 2099 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 59;
}

export function collectionTimeFromName(name: string): { at: string; basis: string } | null {
  const digits = /(?:^|\D)(\d{8})[-_]?(\d{4}(?:\d{2})?)(?!\d)/.exec(name);
  if (!digits) return null;
  const date = digits[1]!;
  const time = digits[2]!.padEnd(6, '0');
  const [h, mi, s] = [0, 2, 4].map((i) => Number(time.slice(i, i + 2))) as [number, number, number];
  // yyyyMMdd first; ddMMyyyy (Extractor-Suite's OAuthPermissions file) when that does not read as a date.
  const ymd = [Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8))] as const;
  const dmy = [Number(date.slice(4, 8)), Number(date.slice(2, 4)), Number(date.slice(0, 2))] as const;
  const order = valid(...ymd, h, mi, s)
    ? { ymd, layout: 'yyyyMMdd' }
    : valid(...dmy, h, mi, s)
      ? { ymd: dmy, layout: 'ddMMyyyy' }
      : null;
  if (!order) return null;
  const [y, mo, d] = order.ymd;
  const at = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.000Z`;
  if (Number.isNaN(Date.parse(at))) return null;
  return {
    at,
    basis: `file name stamp ${digits[1]}${digits[2]} (${order.layout}HHmm${digits[2]!.length === 6 ? 'ss' : ''}): the collecting machine's local time, UTC offset unknown`,
  };
}
