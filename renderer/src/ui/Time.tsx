/**
 * Times as the analyst chose to see them: UTC by default or another zone, always labelled with the
 * zone, to the second. Evidence and the report are UTC; the label keeps screenshots unambiguous.
 */
import { formatInstant } from '../../../shared/time-format';
import { usePreferences } from '../app/preferences';

/** "2024-03-05 08:05:12 UTC" or "2024-03-05 09:05:12 GMT+1" in `zone`; '—' without a time. */
export function formatTime(iso: string | null | undefined, zone: string): string {
  if (!iso) return '—';
  return formatInstant(iso, zone) ?? iso;
}

export function Time({ iso, unknown = 'time unknown' }: { iso: string | null | undefined; unknown?: string }) {
  const { timeZone } = usePreferences();
  if (!iso) return <span className="muted">{unknown}</span>;
  return (
    <time dateTime={iso} title={timeZone === 'UTC' ? iso : `${iso} (UTC)`} className="nowrap">
      {formatTime(iso, timeZone)}
    </time>
  );
}

/** The zone's label for column headers: "Time (UTC)". */
export function useZoneLabel(): string {
  const { timeZone } = usePreferences();
  return timeZone;
}
