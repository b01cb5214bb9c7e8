/**
 * When a file does not decode in the encoding it was read in, one pass over all of it lists each
 * place that does not (byte offset and line) and decides how to read it (decide() below): UTF-8
 * with those bytes replaced by U+FFFD, or Windows-1252 when the bytes read as such text. One bad
 * byte must not re-decode a whole UTF-8 file ("Zoë" becoming "ZoÃ«" changes whom findings name),
 * and nothing is replaced without a note.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { completeCharsEnd, fileChunks, WINDOWS_1252_UNDEFINED, type DetectedEncoding } from './decode.js';

/** One place that does not decode. */
export interface EncodingProblem {
  /** Byte offset in the file (from its first byte, BOM included). */
  offset: number;
  /** 1-based line it is on. */
  line: number;
  /** What is there: the bytes (`0xE9`) or the code unit (`lone surrogate U+D800`). */
  what: string;
}

export interface EncodingScan {
  /** The first MAX_LISTED_PROBLEMS places, in file order. */
  problems: EncodingProblem[];
  total: number;
  /** UTF-8: the file holds well-formed multi-byte characters (so it is UTF-8, whatever else it holds). */
  utf8Chars: boolean;
  /** UTF-8: every byte that is not UTF-8 is a character in Windows-1252. */
  reads1252: boolean;
}

/** Places listed one by one in the evidence notes; more are counted. */
export const MAX_LISTED_PROBLEMS = 100;

export async function scanEncoding(path: string, encoding: DetectedEncoding): Promise<EncodingScan> {
  const scan: EncodingScan = { problems: [], total: 0, utf8Chars: false, reads1252: true };
  if (encoding.encoding === 'utf-16le' || encoding.encoding === 'utf-16be')
    await scanUtf16(path, encoding.bomLength, encoding.encoding === 'utf-16le', scan);
  else await scanUtf8(path, encoding.bomLength, scan);
  return scan;
}

/** How to read the file after a scan, and the note saying why. */
export function decide(encoding: DetectedEncoding, scan: EncodingScan): { encoding: DetectedEncoding; note: string } {
  const n = scan.total.toLocaleString('en-US');
  if (encoding.encoding === 'utf-16le' || encoding.encoding === 'utf-16be')
    return {
      encoding: { ...encoding, replaceInvalid: true, label: `${encoding.label}, ${n} code units replaced` },
      note: `${n} place(s) do not decode as ${encoding.encoding.toUpperCase()} (a lone surrogate or a trailing odd byte): each is replaced by U+FFFD, listed below`,
    };
  const utf8 = { encoding: 'utf-8' as const, bomLength: encoding.bomLength };
  const bom = encoding.bomLength > 0 ? ' with BOM' : '';
  if (!scan.utf8Chars && scan.reads1252 && scan.total > 0)
    return {
      encoding: { encoding: 'windows-1252', bomLength: encoding.bomLength, label: 'Windows-1252' },
      note: `not UTF-8 (${n} byte(s) outside it and no UTF-8 character anywhere), and every byte is Windows-1252 text: read as Windows-1252`,
    };
  if (scan.total === 0) return { encoding: { ...utf8, label: `UTF-8${bom}` }, note: 'the whole file is valid UTF-8' };
  const why = scan.utf8Chars ? 'it holds UTF-8 characters' : 'its other bytes are not Windows-1252 text either';
  return {
    encoding: { ...utf8, replaceInvalid: true, label: `UTF-8${bom}, ${n} invalid byte sequence(s) replaced` },
    note: `${n} byte sequence(s) are not valid UTF-8; the file is read as UTF-8 (${why}) and each is replaced by U+FFFD, listed below`,
  };
}

async function scanUtf8(path: string, start: number, scan: EncodingScan): Promise<void> {
  let line = 1;
  let base = start; // file offset of data[0]
  let carry: Buffer | null = null;
  const bad = (data: Buffer, at: number, length: number) => {
    scan.total++;
    for (let k = 0; k < length; k++) if (WINDOWS_1252_UNDEFINED.has(data[at + k]!)) scan.reads1252 = false;
    if (scan.problems.length < MAX_LISTED_PROBLEMS) {
      const bytes = [...data.subarray(at, at + length)].map(
        (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`,
      );
      scan.problems.push({ offset: base + at, line, what: bytes.join(' ') });
    }
  };
  const walk = (data: Buffer, final: boolean): number => {
    let i = 0;
    const n = data.length;
    while (i < n) {
      const b = data[i]!;
      if (b < 0x80) {
        if (b === 10) line++;
        i++;
        continue;
      }
      const [need, lo, hi] = leadOf(b);
      if (need === 0) {
        bad(data, i, 1);
        i++;
        continue;
      }
      let k = 1;
      for (; k <= need && i + k < n; k++) {
        const c = data[i + k]!;
        if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) break;
      }
      if (k > need) {
        scan.utf8Chars = true;
        i += k;
      } else if (i + k >= n && !final) {
        return i; // the character continues in the next chunk
      } else {
        bad(data, i, k); // WHATWG: the well-formed prefix of a broken sequence is one U+FFFD
        i += k;
      }
    }
    return n;
  };
  for await (const chunk of fileChunks(path, start)) {
    const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completeCharsEnd(data);
    let done: number;
    if (isUtf8(data.subarray(0, cut))) {
      // Most of a mostly-valid file: counted natively.
      if (!scan.utf8Chars && !isAscii(data.subarray(0, cut))) scan.utf8Chars = true;
      for (let nl = data.indexOf(10); nl !== -1 && nl < cut; nl = data.indexOf(10, nl + 1)) line++;
      done = cut;
    } else done = walk(data, false);
    carry = done < data.length ? Buffer.from(data.subarray(done)) : null;
    base += done;
  }
  if (carry) walk(carry, true);
}

/** Continuation bytes a UTF-8 lead byte needs, and the range of its first one (0 needed: not a lead). */
function leadOf(b: number): [number, number, number] {
  if (b >= 0xc2 && b <= 0xdf) return [1, 0x80, 0xbf];
  if (b === 0xe0) return [2, 0xa0, 0xbf];
  if (b === 0xed) return [2, 0x80, 0x9f];
  if (b >= 0xe1 && b <= 0xef) return [2, 0x80, 0xbf];
  if (b === 0xf0) return [3, 0x90, 0xbf];
  if (b >= 0xf1 && b <= 0xf3) return [3, 0x80, 0xbf];
  if (b === 0xf4) return [3, 0x80, 0x8f];
  return [0, 0, 0];
}

async function scanUtf16(path: string, start: number, le: boolean, scan: EncodingScan): Promise<void> {
  let line = 1;
  let offset = start;
  let odd: number | null = null;
  let high: { offset: number; line: number; unit: number } | null = null;
  const bad = (at: number, atLine: number, what: string) => {
    scan.total++;
    if (scan.problems.length < MAX_LISTED_PROBLEMS) scan.problems.push({ offset: at, line: atLine, what });
  };
  const surrogate = (u: number) => `lone surrogate U+${u.toString(16).toUpperCase()}`;
  for await (const chunk of fileChunks(path, start)) {
    let i = 0;
    for (;;) {
      let a: number;
      if (odd !== null) {
        a = odd;
        odd = null;
      } else if (i < chunk.length) a = chunk[i++]!;
      else break;
      if (i >= chunk.length) {
        odd = a;
        break;
      }
      const b = chunk[i++]!;
      const u = le ? a | (b << 8) : (a << 8) | b;
      if (high && (u < 0xdc00 || u > 0xdfff)) bad(high.offset, high.line, surrogate(high.unit));
      if (u >= 0xd800 && u <= 0xdbff) high = { offset, line, unit: u };
      else if (u >= 0xdc00 && u <= 0xdfff && !high) bad(offset, line, surrogate(u));
      else high = null;
      if (u === 10) line++;
      offset += 2;
    }
  }
  // At the end the decoder replaces a pending surrogate and an odd byte after it with one U+FFFD.
  if (high) bad(high.offset, high.line, surrogate(high.unit) + (odd !== null ? ' and a trailing odd byte' : ''));
  else if (odd !== null) bad(offset, line, 'a trailing odd byte');
}
