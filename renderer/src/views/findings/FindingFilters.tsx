/** The findings toolbar: search (`/`), severity chips with counts, rule, technique, principal, time range, sort, group. */
import { useNavigate } from '@tanstack/react-router';
import { type RefObject } from 'react';
import { useDraft } from '../../ui/use-draft';
import { SEVERITIES, TRIAGE_STATES, type Finding, type Severity, type TriageState } from '../../../../shared/domain';
import { selectedSeverities, selectedStates, severityCounts, type FindingsSearch } from './filter';
import { TRIAGE_LABEL } from './TriageControls';

export function FindingFilters({
  findings,
  shown,
  search,
  searchBox,
}: {
  findings: readonly Finding[];
  shown: number;
  search: FindingsSearch;
  searchBox: RefObject<HTMLInputElement | null>;
}) {
  const navigate = useNavigate();
  const set = (change: Partial<FindingsSearch>) =>
    void navigate({ to: '.', search: (s: FindingsSearch) => ({ ...s, ...change }), replace: true });
  const counts = severityCounts(findings);
  const active = selectedSeverities(search);
  const rules = [...new Set(findings.map((f) => f.rule))].sort();
  const techniques = [...new Set(findings.flatMap((f) => f.techniques))].sort();
  const [q, setQ] = useDraft(search.q ?? '');

  const states = selectedStates(search);
  const toggleState = (s: TriageState) => {
    const next = new Set(states);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    set({ state: [...next].join(',') || undefined });
  };
  const toggle = (s: Severity) => {
    const next = new Set(active);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    set({ severity: [...next].join(',') || undefined });
  };

  return (
    <div className="toolbar" role="search">
      <input
        ref={searchBox}
        type="search"
        placeholder="Search findings ( / )"
        aria-label="Search findings"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && set({ q: q || undefined })}
        onBlur={() => q !== (search.q ?? '') && set({ q: q || undefined })}
        data-testid="findings-search"
      />
      <div className="chips" role="group" aria-label="Severity">
        {[...SEVERITIES].reverse().map((s) => (
          <button
            key={s}
            className={`chip sev-chip sev-${s}${active.has(s) ? ' on' : ''}`}
            aria-pressed={active.has(s)}
            onClick={() => toggle(s)}
            data-testid={`severity-${s}`}
          >
            {s} <span className="count">{counts[s]}</span>
          </button>
        ))}
      </div>
      <div className="chips" role="group" aria-label="Triage state">
        {TRIAGE_STATES.map((s) => (
          <button
            key={s}
            className={`chip triage-chip${states.has(s) ? ' on' : ''}`}
            aria-pressed={states.has(s)}
            onClick={() => toggleState(s)}
            data-testid={`state-${s}`}
          >
            {TRIAGE_LABEL[s]}{' '}
            <span className="count">{findings.filter((f) => (f.triage?.state ?? 'new') === s).length}</span>
          </button>
        ))}
      </div>
      <select value={search.rule ?? ''} onChange={(e) => set({ rule: e.target.value || undefined })} aria-label="Rule">
        <option value="">All rules</option>
        {rules.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <select
        value={search.technique ?? ''}
        onChange={(e) => set({ technique: e.target.value || undefined })}
        aria-label="ATT&CK technique"
      >
        <option value="">All techniques</option>
        {techniques.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <input
        type="search"
        placeholder="Principal"
        aria-label="Principal"
        defaultValue={search.principal ?? ''}
        onKeyDown={(e) => e.key === 'Enter' && set({ principal: e.currentTarget.value || undefined })}
        onBlur={(e) => set({ principal: e.currentTarget.value || undefined })}
      />
      <TimeRange search={search} onChange={set} />
      <select
        value={search.sort ?? 'severity'}
        onChange={(e) => set({ sort: e.target.value === 'severity' ? undefined : (e.target.value as 'time' | 'rule') })}
        aria-label="Sort"
      >
        <option value="severity">Sort: severity</option>
        <option value="time">Sort: time</option>
        <option value="rule">Sort: rule</option>
      </select>
      <select
        value={search.group ?? ''}
        onChange={(e) => set({ group: (e.target.value || undefined) as FindingsSearch['group'] })}
        aria-label="Group"
      >
        <option value="">No grouping</option>
        <option value="rule">Group by rule</option>
        <option value="principal">Group by principal</option>
      </select>
      <span className="muted" data-testid="findings-shown">
        {shown} of {findings.length}
      </span>
    </div>
  );
}

/** From / to as UTC date-times (datetime-local edits UTC values here; the label says so). */
function TimeRange({ search, onChange }: { search: FindingsSearch; onChange: (c: Partial<FindingsSearch>) => void }) {
  const local = (iso: string | undefined) => (iso ? iso.slice(0, 16) : '');
  const iso = (v: string) => (v ? `${v}:00.000Z` : undefined);
  return (
    <span className="range" title="Time range (UTC)">
      <input
        type="datetime-local"
        aria-label="From (UTC)"
        value={local(search.from)}
        onChange={(e) => onChange({ from: iso(e.target.value) })}
      />
      –
      <input
        type="datetime-local"
        aria-label="To (UTC)"
        value={local(search.to)}
        onChange={(e) => onChange({ to: iso(e.target.value) })}
      />
      <span className="muted">UTC</span>
    </span>
  );
}
