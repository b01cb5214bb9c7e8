import { Fragment, useState } from 'react';
import type { CaseInfo, EvidenceFile, Rejection } from '../../../shared/domain';
import type { Backend } from '../api/backend';
import { bytes, count, utc } from '../format';

export function Overview({ backend, info }: { backend: Backend; info: CaseInfo | null }) {
  if (!info) return <p className="muted">Loading case…</p>;
  const c = info.counts;
  return (
    <section className="overview">
      <div className="stats">
        <Stat label="Audit events" value={c.auditEvents} testId="count-audit" />
        <Stat label="Messages" value={c.messages} testId="count-messages" />
        <Stat label="Permission entries" value={c.permissions} testId="count-permissions" />
        <Stat label="Principals" value={c.principals} testId="count-principals" />
      </div>
      {info.warnings.length > 0 && info.evidence.length > 0 && (
        <ul className="warnings" data-testid="case-warnings">
          {info.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <h2>Evidence</h2>
      {info.evidence.length === 0 ? (
        <p className="muted empty">
          No evidence yet. Import audit-log exports, permission dumps or message traces with <em>Import evidence</em>,
          or drop files anywhere on this window.
        </p>
      ) : (
        <EvidenceTable backend={backend} evidence={info.evidence} />
      )}
    </section>
  );
}

function Stat({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <div className="stat">
      <div className="stat-value" data-testid={testId}>
        {count(value)}
      </div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

function EvidenceTable({ backend, evidence }: { backend: Backend; evidence: EvidenceFile[] }) {
  const [open, setOpen] = useState<number | null>(null);
  const [rejections, setRejections] = useState<Rejection[]>([]);
  const [error, setError] = useState<string | null>(null);
  const toggle = async (e: EvidenceFile) => {
    if (open === e.id) return setOpen(null);
    try {
      setRejections(await backend.call('evidence.rejections', { evidenceId: e.id }));
      setError(null);
      setOpen(e.id);
    } catch (err) {
      setError(`rejected rows of ${e.file}: ${(err as Error).message}`);
    }
  };
  return (
    <>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <table className="grid" data-testid="evidence-table">
        <thead>
          <tr>
            <th>File</th>
            <th>Format</th>
            <th className="num">Accepted</th>
            <th className="num">Rejected</th>
            <th className="num">Duplicates</th>
            <th>Covers (UTC)</th>
            <th>SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((e) => (
            <Fragment key={e.id}>
              <tr>
                <td title={`${bytes(e.size)}, ${e.encoding}, imported ${utc(e.importedAt)}, parser ${e.parserVersion}`}>
                  {e.file}
                  {e.notes.length > 0 && <div className="notes">{e.notes.join(' · ')}</div>}
                </td>
                <td>{e.formatLabel}</td>
                <td className="num">{count(e.accepted)}</td>
                <td className="num">
                  {e.rejected > 0 ? (
                    <button className="link" onClick={() => void toggle(e)} data-testid="rejections-toggle">
                      {count(e.rejected)}
                    </button>
                  ) : (
                    '0'
                  )}
                </td>
                <td className="num">{count(e.duplicates)}</td>
                <td className="nowrap">
                  {utc(e.firstTime)}
                  <br />
                  {utc(e.lastTime)}
                </td>
                <td className="mono hash">{e.sha256}</td>
              </tr>
              {open === e.id && (
                <tr className="sub">
                  <td colSpan={7}>
                    <table className="grid inner" data-testid="rejections">
                      <thead>
                        <tr>
                          <th className="num">Row</th>
                          <th className="num">Line</th>
                          <th>Reason</th>
                          <th>Source text</th>
                        </tr>
                      </thead>
                      <tbody>
                        {rejections.map((r) => (
                          <tr key={r.row}>
                            <td className="num">{r.row}</td>
                            <td className="num">{r.line}</td>
                            <td>{r.reason}</td>
                            <td className="mono clip">{r.raw}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </>
  );
}
