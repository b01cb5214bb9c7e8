/**
 * What a file is, decided from its first 64 KiB of content (never from its name).
 */
import { decodeHead, detectEncoding, readHead, type DetectedEncoding } from './decode.js';
import { detectDelimiter, parseCsvText } from './csv.js';

export type Sniff =
  | { kind: 'empty' }
  | { kind: 'binary' }
  | {
      kind: 'csv';
      encoding: DetectedEncoding;
      delimiter: string;
      /** A PowerShell `#TYPE …` first line, when present (it is skipped). */
      typeLine: string | null;
      header: string[];
      /** Header names lowercased and trimmed, for case-insensitive matching. */
      columns: string[];
    }
  | { kind: 'json'; encoding: DetectedEncoding; text: string }
  | {
      kind: 'text';
      encoding: DetectedEncoding;
      firstLine: string;
      /** The first lines (up to 10), for text logs identified by several header lines (MSGTRK `#…`). */
      lines?: string[];
    };

export async function sniffFile(path: string): Promise<Sniff> {
  const head = await readHead(path);
  return sniffBytes(head);
}

export function sniffBytes(head: Uint8Array): Sniff {
  if (head.length === 0) return { kind: 'empty' };
  const encoding = detectEncoding(head);
  const text = decodeHead(head, encoding);
  if (text.trim() === '') return { kind: 'empty' };
  if (looksBinary(text)) return { kind: 'binary' };
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return { kind: 'json', encoding, text };
  // Markup is never a CSV header, even when its first line happens to contain commas.
  if (trimmed.startsWith('<')) {
    const markup = trimmed.split(/\r\n|\n|\r/, 10).map((l) => l.slice(0, 4000));
    return { kind: 'text', encoding, firstLine: markup[0]!.slice(0, 200), lines: markup };
  }

  const lines = text.split(/\r\n|\n|\r/);
  let i = 0;
  let typeLine: string | null = null;
  if (lines[0]?.startsWith('#TYPE ')) {
    typeLine = lines[0];
    i = 1;
  }
  const headerLine = lines[i] ?? '';
  const delimiter = detectDelimiter(headerLine);
  const parsed = parseCsvText(headerLine, delimiter).records[0]?.fields ?? [];
  if (parsed.length >= 2) {
    const header = parsed.map((h) => h.trim());
    return { kind: 'csv', encoding, delimiter, typeLine, header, columns: header.map((h) => h.toLowerCase()) };
  }
  return {
    kind: 'text',
    encoding,
    firstLine: headerLine.slice(0, 200),
    lines: lines.slice(0, 10).map((l) => l.slice(0, 4000)),
  };
}

/** Control characters other than TAB/CR/LF/FF in a decoded sample mean this is not a text export. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) control++;
  }
  return control > Math.max(2, sample.length * 0.02);
}

/** One sentence saying what an unsupported file looks like. */
export function describeSniff(s: Sniff): string {
  switch (s.kind) {
    case 'empty':
      return 'the file is empty';
    case 'binary':
      return 'the file is binary, not a text export';
    case 'csv': {
      const shown = s.header.slice(0, 8).join(', ');
      const more = s.header.length > 8 ? ` and ${s.header.length - 8} more` : '';
      return `a ${delimiterName(s.delimiter)}-separated file with columns ${shown}${more}`;
    }
    case 'json':
      return 'a JSON file whose records are not a supported export';
    case 'text':
      return `a text file starting ${JSON.stringify(s.firstLine.slice(0, 80))}`;
  }
}

function delimiterName(d: string): string {
  return d === '\t' ? 'tab' : d === ';' ? 'semicolon' : 'comma';
}
