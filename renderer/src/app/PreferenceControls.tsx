/** Theme and display time zone, in the top bar: every time on screen follows the zone chosen here. */
import { setPreferences, usePreferences, type Theme } from './preferences';
import { useCall } from './backend-context';

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function PreferenceControls() {
  const { theme, timeZone } = usePreferences();
  const settings = useCall('settings.get', {});
  const zones = [...new Set(['UTC', settings.data?.timeZone, localZone, timeZone].filter((z): z is string => !!z))];
  return (
    <div className="preferences">
      <label>
        <span className="sr-only">Time zone</span>
        <select
          value={timeZone}
          onChange={(e) => setPreferences({ timeZone: e.target.value })}
          data-testid="time-zone"
          title="Time zone every time is shown in"
        >
          {zones.map((z) => (
            <option key={z} value={z}>
              {z === 'UTC'
                ? 'UTC'
                : z === settings.data?.timeZone
                  ? `${z} (case)`
                  : z === localZone
                    ? `${z} (this computer)`
                    : z}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="sr-only">Theme</span>
        <select
          value={theme}
          onChange={(e) => setPreferences({ theme: e.target.value as Theme })}
          data-testid="theme"
          title="Colour theme"
        >
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
    </div>
  );
}
