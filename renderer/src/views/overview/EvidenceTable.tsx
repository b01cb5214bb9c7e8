/** The evidence registry: one compact row per file; hash shortened with copy; rejected rows on demand. */
import { Fragment, useState } from 'react';
import type { EvidenceFile } from '../../../../shared/domain';
import { useCall } from '../../app/backend-context';
import { Copyable } from '../../ui/Copy';
import { EvidenceText } from '../../ui/EvidenceText';
import { Time } from '../../ui/Time';

const bytes = (n: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
};

export function EvidenceTable({ evidence }: { evidence: EvidenceFile[] }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <table className="grid compact" data-testid="evidence-table">
      <thead>
        <tr>
          <th>File</th>
          <th>Format</th>
          <th className="num">Accepted</th>
          <th className="num">Rejected</th>
          <th className="num">Duplicates</th>
          <th>Covers</th>
          <th>SHA-256</th>
        </tr>
      </thead>
      <tbody>
        {evidence.map((e) => (
          <Fragment key={e.id}>
            <tr>
              <td className="wrap" title={`${bytes(e.size)}, ${e.encoding}, parser ${e.parserVersion}`}>
                <EvidenceText text={e.file} />
                <div className="muted small">
                  {bytes(e.size)} · {e.encoding} · imported <Time iso={e.importedAt} />
                </div>
                {e.notes.length > 0 && (
                  <details className="notes">
                    <summary>
                      {e.notes.length} note{e.notes.length === 1 ? '' : 's'}
                    </summary>
                    <ul>
                      {e.notes.map((n, i) => (
                        <li key={i}>
                          <EvidenceText text={n} />
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </td>
              <td className="wrap">{e.formatLabel}</td>
              <td className="num">{e.accepted.toLocaleString('en-US')}</td>
              <td className="num">
                {e.rejected > 0 ? (
                  <button
                    className="link"
                    aria-expanded={open === e.id}
                    onClick={() => setOpen(open === e.id ? null : e.id)}
                    data-testid="rejections-toggle"
                  >
                    {e.rejected.toLocaleString('en-US')}
                  </button>
                ) : (
                  '0'
                )}
              </td>
              <td className="num">{e.duplicates.toLocaleString('en-US')}</td>
              <td className="nowrap small">
                <Time iso={e.firstTime} unknown="—" />
                <br />
                <Time iso={e.lastTime} unknown="—" />
              </td>
              <td>
                <Copyable value={e.sha256} keep={8} label="SHA-256" />
              </td>
            </tr>
            {open === e.id && (
              <tr className="sub">
                <td colSpan={7}>
                  <Rejections evidenceId={e.id} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

function Rejections({ evidenceId }: { evidenceId: number }) {
  const rows = useCall('evidence.rejections', { evidenceId });
  if (rows.error) return <div className="banner error">{rows.error.message}</div>;
  if (!rows.data) return <p className="muted">Loading rejected rows…</p>;
  return (
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
        {rows.data.map((r) => (
          <tr key={r.row}>
            <td className="num">{r.row}</td>
            <td className="num">{r.line}</td>
            <td className="wrap">
              <EvidenceText text={r.reason} />
            </td>
            <td className="mono clip">
              <EvidenceText
                text={r.raw.length > 400 ? `${r.raw.slice(0, 400)}… (${r.raw.length} characters)` : r.raw}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
