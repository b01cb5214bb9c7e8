/**
 * Appendix: the cited source records as stored (AuditData JSON, a dump or trace row's columns), each
 * with its provenance. A long field is cut, and the cut says the field's full length and SHA-256 so
 * the whole value can be found and checked in the evidence file.
 */
import crypto from 'node:crypto';
import { esc, escBlock, join, num, type TimeFormat } from './html.js';
import type { CitedRecord, ReportData } from './model.js';

/** Fields longer than this are cut to CUT_TO characters. */
const LONG_FIELD = 400;
const CUT_TO = 240;
/** A record that is not JSON is cut as one field at this length. */
const LONG_RECORD = 3000;

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const cutNote = (value: string) => `… [cut: ${num(value.length)} characters, SHA-256 ${sha256(value)}]`;

function cutLong(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > LONG_FIELD ? `${value.slice(0, CUT_TO)}${cutNote(value)}` : value;
  if (Array.isArray(value)) return value.map(cutLong);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, cutLong(v)]));
  return value;
}

/** The record's text for print: JSON with long string fields cut, or the text cut whole. */
export function printableRaw(raw: string): string {
  try {
    return JSON.stringify(cutLong(JSON.parse(raw)));
  } catch {
    return raw.length > LONG_RECORD ? `${raw.slice(0, LONG_RECORD)}${cutNote(raw)}` : raw;
  }
}

function recordBlock(c: CitedRecord, t: TimeFormat): string {
  const r = c.record;
  return (
    `<div class="figure"><h3>${esc(r.file)} row ${num(r.row)}${r.recordId ? ` – <code>${esc(r.recordId)}</code>` : ''}</h3>` +
    `<p class="small">SHA-256 <code>${esc(r.sha256)}</code> · line ${num(r.line)} · ${esc(r.source)} · ${t.at(r.time)} · ` +
    `${esc(r.what)} · by ${esc(r.who)} · on ${esc(r.target)} · from ${esc(r.clientIp)}<br>` +
    `Cited by ${c.findings.map((f) => `<code>${esc(f)}</code>`).join(', ')}</p>` +
    `<pre>${escBlock(printableRaw(r.raw))}</pre></div>`
  );
}

export function appendix(d: ReportData, t: TimeFormat): string {
  if (d.records.length === 0) return '<p class="none">No finding cites a record.</p>';
  return join([
    `<p>${num(d.records.length)} cited records (up to ${num(d.recordsPerFinding)} per finding), by file and row. ` +
      `String fields longer than ${num(LONG_FIELD)} characters are cut to ${num(CUT_TO)} with their length and ` +
      'SHA-256 (of the UTF-8 text) stated.</p>',
    d.records.map((c) => recordBlock(c, t)).join('\n'),
  ]);
}
