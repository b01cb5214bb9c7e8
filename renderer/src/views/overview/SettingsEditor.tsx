/**
 * The case settings the analysis reads: approved delegates, allowed forwarding domains, known
 * admins, tenant domains, the organisation's time zone and business hours. Saving recomputes the
 * findings (the engine then announces the change and every view reloads).
 */
import { useDraft } from '../../ui/use-draft';
import { useMutation } from '@tanstack/react-query';

import type { CaseSettings } from '../../../../shared/domain';
import { useBackend, useCall } from '../../app/backend-context';
import { isTimeZone } from '../../../../shared/time-format';

const LISTS = [
  ['approvedDelegates', 'Approved delegates', 'trustee@x or trustee@x -> mailbox@x, one per line'],
  ['allowedForwardingDomains', 'Allowed forwarding domains', 'partner.example, one per line'],
  ['knownAdmins', 'Known admins (routine grants)', 'helpdesk@x, one per line'],
  ['tenantDomains', 'Tenant mail domains', 'contoso.com, one per line'],
] as const;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function SettingsEditor({ readOnly }: { readOnly: boolean }) {
  const backend = useBackend();
  const settings = useCall('settings.get', {});
  const [draft, setDraft] = useDraft<CaseSettings | null>(settings.data ?? null);
  const save = useMutation({ mutationFn: (s: CaseSettings) => backend.call('settings.update', s) });
  if (!draft) return null;
  const zoneOk = isTimeZone(draft.timeZone);
  const lines = (v: string) =>
    v
      .split(/\r?\n/)
      .map((x) => x.trim())
      .filter(Boolean);
  return (
    <section className="card wide settings" data-testid="settings">
      <h2>Case settings</h2>
      <p className="muted">The analysis reads these; saving recomputes every finding.</p>
      <div className="settings-grid">
        {LISTS.map(([key, label, hint]) => (
          <label key={key}>
            <span>{label}</span>
            <textarea
              rows={3}
              placeholder={hint}
              value={draft[key].join('\n')}
              disabled={readOnly}
              onChange={(e) => setDraft({ ...draft, [key]: lines(e.target.value) })}
              data-testid={`setting-${key}`}
            />
          </label>
        ))}
        <label>
          <span>Organisation time zone (IANA)</span>
          <input
            value={draft.timeZone}
            disabled={readOnly}
            aria-invalid={!zoneOk}
            onChange={(e) => setDraft({ ...draft, timeZone: e.target.value.trim() })}
          />
          {!zoneOk && <span className="warn">Not a time zone this computer knows</span>}
        </label>
        <fieldset disabled={readOnly}>
          <legend>Business hours (organisation time)</legend>
          <input
            type="number"
            min={0}
            max={24}
            aria-label="Start hour"
            value={draft.businessHours.start}
            onChange={(e) =>
              setDraft({ ...draft, businessHours: { ...draft.businessHours, start: Number(e.target.value) } })
            }
          />
          –
          <input
            type="number"
            min={0}
            max={24}
            aria-label="End hour"
            value={draft.businessHours.end}
            onChange={(e) =>
              setDraft({ ...draft, businessHours: { ...draft.businessHours, end: Number(e.target.value) } })
            }
          />
          {DAYS.map((d, i) => (
            <label key={d} className="day">
              <input
                type="checkbox"
                checked={draft.businessHours.days.includes(i + 1)}
                onChange={(e) => {
                  const days = new Set(draft.businessHours.days);
                  if (e.target.checked) days.add(i + 1);
                  else days.delete(i + 1);
                  setDraft({ ...draft, businessHours: { ...draft.businessHours, days: [...days].sort() } });
                }}
              />
              {d}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="actions">
        <button
          className="primary"
          disabled={readOnly || !zoneOk || save.isPending}
          onClick={() => save.mutate(draft)}
          data-testid="settings-save"
        >
          {save.isPending ? 'Saving and recomputing…' : 'Save and recompute findings'}
        </button>
        {save.isSuccess && <span className="ok">Saved; findings recomputed.</span>}
        {save.error && <span className="banner error">{save.error.message}</span>}
        {readOnly && <span className="muted">The case is open read-only.</span>}
      </div>
    </section>
  );
}
