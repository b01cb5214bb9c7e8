/**
 * Hours as send-volume analysis names them: the 13-character UTC prefix `YYYY-MM-DDTHH`.
 */

/** Start of the UTC hour of an ISO time, as the 13-character prefix `YYYY-MM-DDTHH` maps to. */
export const hourStartIso = (hour: string): string => `${hour}:00:00.000Z`;
export const hourEndIso = (hour: string): string => new Date(Date.parse(hourStartIso(hour)) + 3_600_000).toISOString();
export const hourIndex = (hour: string): number => Math.floor(Date.parse(hourStartIso(hour)) / 3_600_000);
