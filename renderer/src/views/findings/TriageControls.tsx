/** The triage state of one finding or of many at once, with the reason the analyst gives. */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { TRIAGE_STATES, type Triage, type TriageState } from '../../../../shared/domain';
import { useBackend } from '../../app/backend-context';
import { EvidenceText } from '../../ui/EvidenceText';
import { Time } from '../../ui/Time';

export const TRIAGE_LABEL: Record<TriageState, string> = {
  new: 'New',
  'needs-review': 'Needs review',
  confirmed: 'Confirmed malicious',
  benign: 'Benign',
};

export function TriageBadge({ triage }: { triage: Triage | null }) {
  const state = triage?.state ?? 'new';
  if (state === 'new') return null;
  return (
    <span className={`triage triage-${state}`} title={triage?.reason ?? ''}>
      {TRIAGE_LABEL[state]}
    </span>
  );
}

export function TriageControls({
  findingIds,
  triage,
  onDone,
}: {
  findingIds: string[];
  triage?: Triage | null;
  onDone?: () => void;
}) {
  const backend = useBackend();
  const [state, setState] = useState<TriageState>(triage?.state ?? 'needs-review');
  const [reason, setReason] = useState(triage?.reason ?? '');
  const set = useMutation({
    mutationFn: () => backend.call('triage.set', { findingIds, state, reason }),
    onSuccess: () => onDone?.(),
  });
  return (
    <div className="triage-controls" data-testid="triage-controls">
      <select
        value={state}
        onChange={(e) => setState(e.target.value as TriageState)}
        aria-label="Triage state"
        data-testid="triage-state"
      >
        {TRIAGE_STATES.map((s) => (
          <option key={s} value={s}>
            {TRIAGE_LABEL[s]}
          </option>
        ))}
      </select>
      <input
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        placeholder="Reason"
        aria-label="Reason"
        data-testid="triage-reason"
      />
      <button className="primary" onClick={() => set.mutate()} disabled={set.isPending} data-testid="triage-apply">
        {findingIds.length > 1 ? `Set for ${findingIds.length} findings` : 'Set triage'}
      </button>
      {triage && (
        <span className="muted small">
          {TRIAGE_LABEL[triage.state]} since <Time iso={triage.at} /> by <EvidenceText text={triage.by} />
        </span>
      )}
      {set.error && <span className="banner error">{set.error.message}</span>}
    </div>
  );
}
