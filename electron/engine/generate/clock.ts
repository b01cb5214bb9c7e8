/**
 * Timestamp renderings found in evidence, computed from UTC fields by hand so no locale or time
 * zone of the generating machine can leak into the bytes.
 */

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const p3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** `yyyy-MM-ddTHH:mm:ss`, no fraction and no `Z` (AuditData.CreationTime, which is UTC). */
export function isoNoZ(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}` +
    `T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
  );
}

/** `yyyy-MM-dd` */
export function isoDate(ms: number): string {
  return isoNoZ(ms).slice(0, 10);
}

/** `2024-03-04T09:17:44.0000000Z`; the 4 digits after the milliseconds come from `extra` (0-9999). */
export function iso7Z(ms: number, extra = 0): string {
  const d = new Date(ms);
  return `${isoNoZ(ms)}.${p3(d.getUTCMilliseconds())}${String(extra % 10000).padStart(4, '0')}Z`;
}

/** `2024-03-04T11:40:07.512Z` (MSGTRK logs). */
export function isoMsZ(ms: number): string {
  return new Date(ms).toISOString();
}

function hour12(h: number): [number, string] {
  return [h % 12 === 0 ? 12 : h % 12, h < 12 ? 'AM' : 'PM'];
}

/** en-US `M/d/yyyy h:mm:ss AM` (Purview new export, PowerShell en-US culture). */
export function usDate(ms: number): string {
  const d = new Date(ms);
  const [h, ampm] = hour12(d.getUTCHours());
  return (
    `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ` +
    `${h}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${ampm}`
  );
}

/** de-DE `dd.MM.yyyy HH:mm:ss`. */
export function deDate(ms: number): string {
  const d = new Date(ms);
  return (
    `${p2(d.getUTCDate())}.${p2(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
  );
}

/** en-GB `dd/MM/yyyy HH:mm:ss` (ambiguous with en-US for days <= 12; that is the point). */
export function gbDate(ms: number): string {
  const d = new Date(ms);
  return (
    `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
  );
}

/** Log Analytics CSV export: `4/28/2021, 3:05:26.000 PM`. */
export function sentinelDate(ms: number): string {
  const d = new Date(ms);
  const [h, ampm] = hour12(d.getUTCHours());
  return (
    `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}, ` +
    `${h}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p3(d.getUTCMilliseconds())} ${ampm}`
  );
}

/** Windows PowerShell 5.1 ConvertTo-Json DateTime: `\/Date(1709543702000)\/` (the JSON text, escaped). */
export function msDateJson(ms: number): string {
  return `"\\/Date(${Math.floor(ms)})\\/"`;
}

/** `yyyyMMddHHmmss` for tool file names. */
export function compactStamp(ms: number): string {
  return isoNoZ(ms).replace(/[-T:]/g, '');
}
