/**
 * Bytes to text, the way PowerShell-written evidence really arrives: UTF-8 with or without BOM,
 * UTF-16LE/BE (Out-File in 5.1, admin-center reports), or an ANSI code page (Windows-1252).
 *
 * The encoding is decided from the BOM, then from the NUL-byte pattern of UTF-16 without BOM, then
 * from the bytes: UTF-8 unless they read as Windows-1252 text and form no UTF-8 character. Decoding
 * is strict at first: a UTF-8 or UTF-16 file that later meets bytes it cannot decode raises
 * EncodingFallback, and the importer scans the whole file (encoding-scan.ts), decides, and restarts
 * the (atomic) file import either as Windows-1252 or in the same encoding with `replaceInvalid`,
 * noting each replaced byte by offset and row.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import fs from 'node:fs';

export type TextEncodingId = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DetectedEncoding {
  encoding: TextEncodingId;
  bomLength: number;
  /** Human label for the evidence registry, e.g. "UTF-8 with BOM". */
  label: string;
  /**
   * Decode what does not decode as U+FFFD instead of raising EncodingFallback: set by the importer
   * once a scan has listed every such byte for the evidence notes.
   */
  replaceInvalid?: boolean;
}

export class EncodingFallback extends Error {
  constructor(readonly byteOffset: number) {
    super(`invalid UTF-8 near byte ${byteOffset}`);
  }
}

export function detectEncoding(head: Uint8Array): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', bomLength: 3, label: 'UTF-8 with BOM' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2, label: 'UTF-16LE with BOM' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2, label: 'UTF-16BE with BOM' };
  const sample = head.subarray(0, 1024);
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) zeroEven++;
    else zeroOdd++;
  }
  const half = sample.length / 2;
  if (half >= 2 && zeroOdd > half * 0.4 && zeroEven < half * 0.05)
    return { encoding: 'utf-16le', bomLength: 0, label: 'UTF-16LE without BOM' };
  if (half >= 2 && zeroEven > half * 0.4 && zeroOdd < half * 0.05)
    return { encoding: 'utf-16be', bomLength: 0, label: 'UTF-16BE without BOM' };
  if (isValidUtf8Prefix(head) || !readsAsWindows1252(head)) return { encoding: 'utf-8', bomLength: 0, label: 'UTF-8' };
  return { encoding: 'windows-1252', bomLength: 0, label: 'Windows-1252' };
}

/**
 * Bytes that are not UTF-8 read as Windows-1252 text when they form no UTF-8 character at all (a
 * Windows-1252 text almost never does: "Ã«" is the tell of UTF-8 read wrongly) and use no byte
 * Windows-1252 leaves undefined. A UTF-8 text with a few bad bytes stays UTF-8.
 */
export function readsAsWindows1252(bytes: Uint8Array): boolean {
  if (isAscii(bytes)) return false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    if (WINDOWS_1252_UNDEFINED.has(b)) return false;
    const need = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xc2 && b <= 0xdf ? 1 : 0;
    if (need > 0 && i + need < bytes.length && isUtf8(bytes.subarray(i, i + need + 1))) return false;
  }
  return true;
}

/** Bytes Windows-1252 assigns no character. */
export const WINDOWS_1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** True when `bytes` is valid UTF-8, allowing a multi-byte sequence cut off at the very end. */
function isValidUtf8Prefix(bytes: Uint8Array): boolean {
  return isUtf8(bytes.subarray(0, completeCharsEnd(bytes)));
}

export interface TextChunk {
  text: string;
  /** Bytes of the file consumed so far (for progress). */
  bytesRead: number;
}

/** Stream a file as decoded text chunks of about 1 MiB. */
export async function* readText(path: string, detected: DetectedEncoding): AsyncGenerator<TextChunk> {
  // Windows-1252 decodes every byte; UTF-8 and UTF-16 (a lone surrogate) may not.
  const fatal = detected.encoding !== 'windows-1252' && detected.replaceInvalid !== true;
  const decoder = new TextDecoder(detected.encoding, { fatal });
  let bytesRead = detected.bomLength;
  for await (const chunk of fileChunks(path, detected.bomLength)) {
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new EncodingFallback(bytesRead);
    }
    bytesRead += chunk.length;
    if (text.length > 0) yield { text, bytesRead };
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new EncodingFallback(bytesRead);
  }
  if (tail.length > 0) yield { text: tail, bytesRead };
}

export interface ByteChunk {
  /**
   * UTF-8 bytes, whole characters only. The caller may rewrite them in place (the CSV reader does)
   * but must copy what it keeps past the next chunk: the memory is reused two chunks later.
   */
  bytes: Buffer;
  /** Bytes of the file consumed so far (for progress). */
  bytesRead: number;
}

/**
 * Stream a file as validated UTF-8 byte chunks of about 1 MiB, whatever its encoding: UTF-8 passes
 * through after validation (simdutf, far cheaper than decoding to strings), other encodings are
 * decoded and re-encoded. Raises EncodingFallback like readText when a UTF-8 guess meets a bad byte.
 */
export async function* readUtf8(path: string, detected: DetectedEncoding): AsyncGenerator<ByteChunk> {
  let bytesRead = detected.bomLength;
  if (detected.encoding !== 'utf-8' || detected.replaceInvalid === true) {
    // Decoded and re-encoded (U+FFFD where bytes do not decode, once the importer allows it).
    for await (const chunk of readText(path, detected))
      yield { bytes: Buffer.from(chunk.text, 'utf8'), bytesRead: chunk.bytesRead };
    return;
  }
  let carry: Buffer | null = null;
  for await (const chunk of fileChunks(path, detected.bomLength)) {
    const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completeCharsEnd(data);
    if (!isUtf8(data.subarray(0, cut))) throw new EncodingFallback(bytesRead);
    bytesRead += chunk.length;
    carry = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
    if (cut > 0) yield { bytes: data.subarray(0, cut), bytesRead };
  }
  if (carry) throw new EncodingFallback(bytesRead - carry.length);
}

const CHUNK_BYTES = 1 << 20;

/**
 * A file's bytes from `start` in chunks of up to 1 MiB, read into two buffers used in turn. A stream
 * allocates a fresh buffer per chunk, and those pile up outside the V8 heap until a full GC (tens of
 * MB while a large import runs); here a chunk stays valid until the one after next is read.
 */
export async function* fileChunks(path: string, start = 0): AsyncGenerator<Buffer> {
  const fh = await fs.promises.open(path, 'r');
  try {
    const buffers = [Buffer.allocUnsafeSlow(CHUNK_BYTES), Buffer.allocUnsafeSlow(CHUNK_BYTES)];
    let position = start;
    for (let turn = 0; ; turn ^= 1) {
      const buf = buffers[turn]!;
      const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** End of the last complete UTF-8 character: a multi-byte sequence cut at the end is left out. */
export function completeCharsEnd(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = bytes[end - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? end - back : end;
  }
  return end;
}

/** Read the first `bytes` of a file. */
export async function readHead(path: string, bytes = 64 * 1024): Promise<Buffer> {
  const fh = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Decode a head sample for sniffing (never throws; invalid bytes become U+FFFD). */
export function decodeHead(head: Uint8Array, detected: DetectedEncoding): string {
  return new TextDecoder(detected.encoding).decode(head.subarray(detected.bomLength));
}
