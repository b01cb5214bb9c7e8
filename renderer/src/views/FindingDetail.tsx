import { Fragment, useEffect, useState } from 'react';
import type { EvidenceRowView, Finding } from '../../../shared/domain';
import type { Backend } from '../api/backend';
import { prettyJson, utc } from '../format';

const LABELS: Record<string, string> = { severityReasons: 'Why this severity', correspondsTo: 'Public rules' };

export function FindingDetail({
  backend,
  finding,
  onClose,
}: {
  backend: Backend;
  finding: Finding;
  onClose: () => void;
}) {
  const [rows, setRows] = useState<EvidenceRowView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string | null>(null);

  useEffect(() => {
    // The parent keys this component by finding id, so state starts fresh for each finding.
    let live = true;
    backend.call('findings.evidence', { findingId: finding.id }).then(
      (r) => live && setRows(r.rows),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [backend, finding.id]);

  return (
    <aside className="detail" data-testid="finding-detail">
      <button className="close" onClick={onClose} aria-label="Close">
        ×
      </button>
      <div className="detail-head">
        <span className={`sev sev-${finding.severity}`}>{finding.severity}</span>
        {finding.techniques.map((t) => (
          <span key={t} className="technique">
            {t}
          </span>
        ))}
      </div>
      <h2>{finding.title}</h2>
      <p>{finding.summary}</p>
      <dl className="facts">
        <dt>Time</dt>
        <dd>{utc(finding.time)}</dd>
        <dt>Principals</dt>
        <dd>{finding.principals.join(', ')}</dd>
        {Object.entries(finding.details).map(([k, v]) => (
          <Fragment key={k}>
            <dt>{LABELS[k] ?? k}</dt>
            <dd>
              {k === 'severityReasons' || k === 'correspondsTo' ? (
                <ul className="reasons">
                  {v
                    .split('; ')
                    .filter(Boolean)
                    .map((item) => (
                      <li key={item}>{item}</li>
                    ))}
                </ul>
              ) : (
                v
              )}
            </dd>
          </Fragment>
        ))}
        <dt>Rule</dt>
        <dd className="mono">{finding.rule}</dd>
        <dt>Finding id</dt>
        <dd className="mono">{finding.id}</dd>
      </dl>
      <h3>Evidence</h3>
      {error && <div className="banner error">{error}</div>}
      {!rows && !error && <p className="muted">Loading evidence…</p>}
      {rows && (
        <table className="grid selectable" data-testid="evidence-rows">
          <thead>
            <tr>
              <th>File</th>
              <th className="num">Row</th>
              <th>Time (UTC)</th>
              <th>Record</th>
              <th>Who</th>
              <th>Client IP</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const key = `${r.source}:${r.id}`;
              return (
                <Fragment key={key}>
                  <tr onClick={() => setExpanded(expanded === key ? null : key)} data-testid="evidence-row">
                    <td title={`SHA-256 ${r.sha256}`}>{r.file}</td>
                    <td className="num">{r.row}</td>
                    <td className="nowrap">{utc(r.time)}</td>
                    <td>{r.what}</td>
                    <td>{r.who ?? '—'}</td>
                    <td>{r.clientIp ?? '—'}</td>
                  </tr>
                  {expanded === key && (
                    <tr className="sub">
                      <td colSpan={6}>
                        <div className="provenance mono">
                          file {r.file} · SHA-256 {r.sha256} · row {r.row} (line {r.line})
                          {r.recordId ? ` · record ${r.recordId}` : ''}
                        </div>
                        <pre className="raw" data-testid="raw-record">
                          {prettyJson(r.raw)}
                        </pre>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </aside>
  );
}
