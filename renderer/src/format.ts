/** Display helpers. Times are always shown in UTC and say so: evidence is UTC, and so is the report. */

export function utc(iso: string | null | undefined): string {
  if (!iso) return '—';
  return (
    iso
      .replace('T', ' ')
      .replace(/\.000Z$/, '')
      .replace(/Z$/, '') + ' UTC'
  );
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

export const count = (n: number): string => n.toLocaleString('en-US');

export function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}
