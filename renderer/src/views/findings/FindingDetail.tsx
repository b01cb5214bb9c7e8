/**
 * One finding, pinned beside the list: what, when, who (each principal opens its page), why this
 * severity, the public rules it corresponds to, jumps to the timeline around it and the graph focused
 * on its principals, and every evidence row it cites, paged ("N of M").
 */
import { Link } from '@tanstack/react-router';
import type { Finding } from '../../../../shared/domain';
import { EvidenceText } from '../../ui/EvidenceText';
import { labelOf, LIST_KEYS } from '../../ui/labels';
import { Severity } from '../../ui/Severity';
import { Time } from '../../ui/Time';
import { EvidencePager } from './EvidencePager';
import { TriageControls } from './TriageControls';
import { AnnotationEditor } from '../../ui/AnnotationEditor';

const AROUND_MS = 15 * 60_000;
const isIdentity = (p: string) => p.includes('@') || p.startsWith('app:');

export function FindingDetail({ finding, onClose }: { finding: Finding; onClose: () => void }) {
  const around = finding.time
    ? {
        from: new Date(Date.parse(finding.time) - AROUND_MS).toISOString(),
        to: new Date(Date.parse(finding.time) + AROUND_MS).toISOString(),
      }
    : {};
  const people = finding.principals.filter(isIdentity);
  return (
    <aside className="pane detail" data-testid="finding-detail" aria-label="Finding detail">
      <button className="close" onClick={onClose} aria-label="Close (Esc)">
        ×
      </button>
      <div className="detail-head">
        <Severity level={finding.severity} />
        {finding.techniques.map((t) => (
          <span key={t} className="technique">
            {t}
          </span>
        ))}
      </div>
      <h2>
        <EvidenceText text={finding.title} />
      </h2>
      <p className="summary">
        <EvidenceText text={finding.summary} />
      </p>
      <TriageControls findingIds={[finding.id]} triage={finding.triage} />
      <AnnotationEditor kind="finding" target={finding.id} />
      <nav className="jumps" aria-label="Related views">
        {finding.time && (
          <Link to="/timeline" search={around} data-testid="jump-timeline">
            Timeline ±15 min
          </Link>
        )}
        {people.length > 0 && (
          <Link to="/graph" search={{ focus: people.slice(0, 5).join(',') }} data-testid="jump-graph">
            Graph focused on its principals
          </Link>
        )}
      </nav>
      <dl className="facts">
        <dt>Time</dt>
        <dd>
          <Time iso={finding.time} />
        </dd>
        <dt>Principals</dt>
        <dd className="principals">
          {finding.principals.map((p) =>
            isIdentity(p) ? (
              <Link key={p} to="/principal/$address" params={{ address: p }} className="principal">
                <EvidenceText text={p} />
              </Link>
            ) : (
              <span key={p} className="principal">
                <EvidenceText text={p} />
              </span>
            ),
          )}
        </dd>
        {Object.entries(finding.details).map(([k, v]) => (
          <Fact key={k} name={k} value={v} />
        ))}
        <dt>Rule</dt>
        <dd className="mono">{finding.rule}</dd>
        <dt>Finding id</dt>
        <dd className="mono">{finding.id}</dd>
      </dl>
      <EvidencePager findingId={finding.id} total={finding.evidenceTotal} />
    </aside>
  );
}

function Fact({ name, value }: { name: string; value: string }) {
  const items = LIST_KEYS.has(name) ? value.split('; ').filter(Boolean) : null;
  return (
    <>
      <dt>{labelOf(name)}</dt>
      <dd className="wrap">
        {items && items.length > 1 ? (
          <ul className="reasons">
            {items.map((item, i) => (
              <li key={i}>
                <EvidenceText text={item} />
              </li>
            ))}
          </ul>
        ) : (
          <EvidenceText text={value} />
        )}
      </dd>
    </>
  );
}
