/**
 * The report dialog: which sections, in which order, the time zone, TLP marking, analyst and client.
 * The desktop app asks where to save and prints to PDF (shell.saveReport); the browser host has no
 * shell, so it builds the report's HTML (report.build) and downloads it as a file.
 */
import { useState } from 'react';
import {
  REPORT_SECTION_TITLES,
  REPORT_SECTIONS,
  TLP_LEVELS,
  type ReportSection,
  type TlpLevel,
} from '../../../../shared/requests/report';
import { useBackend } from '../../app/backend-context';
import { usePreferences } from '../../app/preferences';

interface Row {
  id: ReportSection;
  on: boolean;
}

function download(html: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName}.html`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ReportDialog({ onClose }: { onClose: () => void }) {
  const backend = useBackend();
  const { timeZone } = usePreferences();
  const [rows, setRows] = useState<Row[]>(REPORT_SECTIONS.map((id) => ({ id, on: true })));
  const [tz, setTz] = useState(timeZone);
  const [tlp, setTlp] = useState<TlpLevel>('amber');
  const [analyst, setAnalyst] = useState('');
  const [client, setClient] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const move = (i: number, by: -1 | 1) =>
    setRows((list) => {
      const j = i + by;
      if (j < 0 || j >= list.length) return list;
      const next = [...list];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
  const toggle = (i: number) => setRows((list) => list.map((r, k) => (k === i ? { ...r, on: !r.on } : r)));

  const sections = rows.filter((r) => r.on).map((r) => r.id);
  const create = async () => {
    setBusy(true);
    setMessage(null);
    const options = {
      sections,
      tz,
      tlp,
      client,
      ...(analyst.trim() ? { analyst: analyst.trim() } : {}),
    };
    try {
      if (backend.saveReport) {
        const saved = await backend.saveReport(options);
        setMessage(saved ? `Report saved as ${saved}` : 'Cancelled');
      } else {
        const doc = await backend.call('report.build', { ...options, parts: false });
        download(doc.html, doc.fileName);
        setMessage(`Report downloaded as ${doc.fileName}.html`);
      }
    } catch (err) {
      setMessage(`The report failed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="report-dialog-backdrop">
      <div
        className="report-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="report-title"
        data-testid="report-dialog"
      >
        <h2 id="report-title">Case report</h2>
        <ol className="report-sections">
          {rows.map((r, i) => (
            <li key={r.id}>
              <label>
                <input
                  type="checkbox"
                  checked={r.on}
                  onChange={() => toggle(i)}
                  data-testid={`report-section-${r.id}`}
                />{' '}
                {REPORT_SECTION_TITLES[r.id]}
              </label>
              <button
                onClick={() => move(i, -1)}
                disabled={i === 0}
                aria-label={`Move ${REPORT_SECTION_TITLES[r.id]} up`}
              >
                ↑
              </button>
              <button
                onClick={() => move(i, 1)}
                disabled={i === rows.length - 1}
                aria-label={`Move ${REPORT_SECTION_TITLES[r.id]} down`}
              >
                ↓
              </button>
            </li>
          ))}
        </ol>
        <div className="report-fields">
          <label>
            Time zone <input value={tz} onChange={(e) => setTz(e.target.value)} data-testid="report-tz" />
          </label>
          <label>
            TLP{' '}
            <select value={tlp} onChange={(e) => setTlp(e.target.value as TlpLevel)} data-testid="report-tlp">
              {TLP_LEVELS.map((l) => (
                <option key={l} value={l}>
                  TLP:{l.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label>
            Analyst{' '}
            <input value={analyst} onChange={(e) => setAnalyst(e.target.value)} placeholder="as the case records it" />
          </label>
          <label>
            Client <input value={client} onChange={(e) => setClient(e.target.value)} />
          </label>
        </div>
        {message && (
          <p className="report-message" role="status">
            {message}
          </p>
        )}
        <div className="report-actions">
          <button onClick={onClose}>Close</button>
          <button onClick={() => void create()} disabled={busy || sections.length === 0} data-testid="report-create">
            {busy ? 'Building…' : backend.saveReport ? 'Save PDF…' : 'Download HTML'}
          </button>
        </div>
      </div>
    </div>
  );
}
