/**
 * Text files written the way PowerShell 5.1 / 7 and the portals really write them: UTF-8 with or
 * without BOM, UTF-16LE with BOM, Windows-1252 (`-Encoding Default` on a Western machine) and ASCII
 * (5.1's Export-Csv default, non-ASCII becomes `?`): the same tool writes different bytes under 5.1 and 7.
 *
 * Writes are buffered and flushed in ~1 MiB blocks; callers await `drain()` between batches so a
 * multi-gigabyte file streams in constant memory.
 */
import fs from 'node:fs';
import path from 'node:path';

export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le-bom' | 'windows-1252' | 'ascii';
export type LineEnding = '\r\n' | '\n';

/** Unicode code points of Windows-1252 bytes 0x80-0x9F (undefined bytes map to themselves). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
];
const TO_CP1252 = new Map<number, number>(CP1252_HIGH.map((cp, i) => [cp, 0x80 + i]));

export function encodeText(text: string, encoding: FileEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return Buffer.from(text, 'utf8');
    case 'utf-16le-bom':
      return Buffer.from(text, 'utf16le');
    case 'windows-1252':
    case 'ascii': {
      const out = Buffer.allocUnsafe(text.length);
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x80) out[i] = c;
        else if (encoding === 'ascii') out[i] = 0x3f;
        else if (c >= 0xa0 && c <= 0xff) out[i] = c;
        else out[i] = TO_CP1252.get(c) ?? 0x3f;
      }
      return out;
    }
  }
}

export function bomFor(encoding: FileEncoding): Buffer {
  if (encoding === 'utf-8-bom') return Buffer.from([0xef, 0xbb, 0xbf]);
  if (encoding === 'utf-16le-bom') return Buffer.from([0xff, 0xfe]);
  return Buffer.alloc(0);
}

/** Human label used in truth.json and the CLI. */
export function encodingLabel(encoding: FileEncoding): string {
  return {
    'utf-8': 'UTF-8 (no BOM)',
    'utf-8-bom': 'UTF-8 with BOM',
    'utf-16le-bom': 'UTF-16LE with BOM',
    'windows-1252': 'Windows-1252',
    ascii: 'ASCII (non-ASCII as ?)',
  }[encoding];
}

const FLUSH_AT = 1 << 20;

/** One output file: buffered, encoded, with a fixed line ending. */
export class TextFile {
  private readonly stream: fs.WriteStream;
  private pending: string[] = [];
  private pendingLength = 0;
  private blocked: Promise<void> | null = null;
  private failure: Error | null = null;

  constructor(
    readonly absolutePath: string,
    readonly encoding: FileEncoding,
    readonly eol: LineEnding,
  ) {
    fs.mkdirSync(path.dirname(absolutePath), { recursive: true });
    this.stream = fs.createWriteStream(absolutePath);
    this.stream.on('error', (err) => (this.failure = err));
    const bom = bomFor(encoding);
    if (bom.length > 0) this.stream.write(bom);
  }

  /** Text exactly as given (no line ending added). */
  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) this.flush();
  }

  /** One line plus this file's line ending. */
  line(text: string): void {
    this.write(text + this.eol);
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (!this.stream.write(encodeText(text, this.encoding)) && !this.blocked) {
      // Listen now: 'drain' may fire before the generator gets round to awaiting it.
      this.blocked = new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
    }
  }

  /** Resolve once the OS has taken the buffered bytes (backpressure point for the generator). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.blocked) return;
    await this.blocked;
    this.blocked = null;
  }

  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failure) throw this.failure;
  }
}
