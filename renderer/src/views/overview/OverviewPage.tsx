/**
 * The case at a glance: what each source covers, findings by severity, the principals most findings
 * name, whether the findings are current, what the evidence cannot show, the evidence registry
 * (hashes copyable, rejected rows with reasons) and the case settings.
 */
import { Link } from '@tanstack/react-router';
import { SEVERITIES, type CaseInfo, type Finding } from '../../../../shared/domain';
import { useCall } from '../../app/backend-context';
import { EvidenceText } from '../../ui/EvidenceText';
import { Time } from '../../ui/Time';
import { EvidenceTable } from './EvidenceTable';
import { SettingsEditor } from './SettingsEditor';

export function OverviewPage() {
  const info = useCall('case.info', {});
  const findings = useCall('findings.list', { evidenceLimit: 0 });
  if (!info.data) return <p className="muted empty">{info.error ? info.error.message : 'Loading case…'}</p>;
  const c = info.data.counts;
  return (
    <section className="overview scroll-page">
      <div className="stats">
        <Stat label="Audit events" value={c.auditEvents} testId="count-audit" />
        <Stat label="Messages" value={c.messages} testId="count-messages" />
        <Stat label="Permission entries" value={c.permissions} testId="count-permissions" />
        <Stat label="Principals" value={c.principals} testId="count-principals" />
      </div>
      <div className="cards">
        <Coverage info={info.data} />
        <SeverityCard findings={findings.data ?? []} />
        <TopPrincipals findings={findings.data ?? []} />
        <AnalysisCard info={info.data} />
      </div>
      {info.data.warnings.length > 0 && info.data.evidence.length > 0 && (
        <section className="card wide">
          <h2>What the evidence cannot show</h2>
          <ul className="warnings" data-testid="case-warnings">
            {info.data.warnings.map((w) => (
              <li key={w}>
                <EvidenceText text={w} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2>Evidence</h2>
      {info.data.evidence.length === 0 ? (
        <p className="muted empty">
          No evidence yet. Import audit-log exports, permission dumps or message traces with <em>Import evidence</em>,
          or drop files anywhere on this window.
        </p>
      ) : (
        <EvidenceTable evidence={info.data.evidence} />
      )}
      <SettingsEditor readOnly={info.data.readOnly !== null} />
    </section>
  );
}

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="stat">
      <div className="stat-value" data-testid={testId}>
        {value.toLocaleString('en-US')}
      </div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

const KIND_LABEL: Record<string, string> = { audit: 'Audit log', trace: 'Message trace', dump: 'Dumps' };

/** First and last time each kind of source covers, from its files. */
function Coverage({ info }: { info: CaseInfo }) {
  const spans = new Map<string, { first: string | null; last: string | null; files: number }>();
  for (const e of info.evidence) {
    const s = spans.get(e.kind) ?? { first: null, last: null, files: 0 };
    s.files++;
    if (e.firstTime && (!s.first || e.firstTime < s.first)) s.first = e.firstTime;
    if (e.lastTime && (!s.last || e.lastTime > s.last)) s.last = e.lastTime;
    spans.set(e.kind, s);
  }
  return (
    <section className="card" data-testid="coverage">
      <h2>Time covered</h2>
      {spans.size === 0 && <p className="muted">No evidence.</p>}
      <ul className="plain coverage">
        {[...spans.entries()].map(([kind, s]) => (
          <li key={kind}>
            <strong>{KIND_LABEL[kind] ?? kind}</strong>{' '}
            <span className="muted">
              ({s.files} file{s.files === 1 ? '' : 's'})
            </span>
            <div className="small">
              <Time iso={s.first} unknown="no times" /> – <Time iso={s.last} unknown="no times" />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SeverityCard({ findings }: { findings: Finding[] }) {
  return (
    <section className="card">
      <h2>Findings</h2>
      <ul className="severity-list">
        {[...SEVERITIES].reverse().map((s) => (
          <li key={s}>
            <Link to="/findings" search={{ severity: s }} className={`chip sev-chip sev-${s}`}>
              {s} <span className="count">{findings.filter((f) => f.severity === s).length}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function TopPrincipals({ findings }: { findings: Finding[] }) {
  const counts = new Map<string, number>();
  for (const f of findings)
    if (f.severity !== 'info' && f.severity !== 'low')
      for (const p of f.principals) if (p.includes('@')) counts.set(p, (counts.get(p) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8);
  return (
    <section className="card">
      <h2>Principals in most findings (medium and above)</h2>
      {top.length === 0 && <p className="muted">None.</p>}
      <ol className="top-principals">
        {top.map(([p, n]) => (
          <li key={p}>
            <Link to="/principal/$address" params={{ address: p }}>
              <EvidenceText text={p} />
            </Link>{' '}
            <span className="count">{n}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function AnalysisCard({ info }: { info: CaseInfo }) {
  const a = info.analysis;
  return (
    <section className="card" data-testid="analysis-state">
      <h2>Analysis</h2>
      <p className={a.current ? '' : 'warn'}>
        {a.current ? 'Findings are current' : 'Findings are stale: they are recomputed when the case is next written'}
        {a.analysedAt && (
          <>
            {' '}
            (analysed <Time iso={a.analysedAt} />)
          </>
        )}
      </p>
      {a.failures.length > 0 && (
        <ul className="warnings">
          {a.failures.map((f) => (
            <li key={f.rule}>
              Rule {f.rule} failed: <EvidenceText text={f.error} />
            </li>
          ))}
        </ul>
      )}
      {info.digest && (
        <p className="muted mono wrap" title="SHA-256 over the evidence registry and the findings">
          Case digest {info.digest}
        </p>
      )}
    </section>
  );
}
