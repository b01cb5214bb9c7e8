import { useState } from 'react';
import type { Finding } from '../../../shared/domain';
import type { Backend } from '../api/backend';
import { utc } from '../format';
import { FindingDetail } from './FindingDetail';

export function FindingsView({ backend, findings }: { backend: Backend; findings: Finding[] }) {
  const [selected, setSelected] = useState<string | null>(null);
  // A selection whose finding disappeared (recomputed findings) simply shows nothing.
  const current = findings.find((f) => f.id === selected) ?? null;

  if (findings.length === 0) return <p className="muted empty">No findings. Import evidence to analyse it.</p>;
  return (
    <section className={current ? 'findings split' : 'findings'}>
      <table className="grid selectable" data-testid="findings-table">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Time (UTC)</th>
            <th>Finding</th>
            <th>ATT&amp;CK</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr
              key={f.id}
              className={f.id === selected ? 'selected' : ''}
              onClick={() => setSelected(f.id)}
              data-testid="finding-row"
            >
              <td>
                <span className={`sev sev-${f.severity}`}>{f.severity}</span>
              </td>
              <td className="nowrap">{utc(f.time)}</td>
              <td>{f.title}</td>
              <td>{f.techniques.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {current && (
        <FindingDetail key={current.id} backend={backend} finding={current} onClose={() => setSelected(null)} />
      )}
    </section>
  );
}
