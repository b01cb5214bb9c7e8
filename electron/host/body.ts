/**
 * Request bodies for the browser host, bounded. Over a limit the client gets HTTP 413 with a message
 * it can show, not a reset connection: the host stops keeping the body but goes on reading (and
 * dropping) what is still in flight, so the client finishes sending and reads the answer. Uploads go
 * straight to disk, never into memory.
 */
import fs from 'node:fs';
import type http from 'node:http';
import { ApiError } from '../../shared/contract.js';

/** A body over its limit; answered with 413. */
export class BodyTooLarge extends ApiError {
  constructor(
    readonly what: string,
    readonly limit: number,
  ) {
    super('invalid_args', `${what} is over the limit of ${describeBytes(limit)}`);
    this.name = 'BodyTooLarge';
  }
}

export function describeBytes(n: number): string {
  const mib = n / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB (${n} bytes)` : `${n} bytes`;
}

/** The declared length, when the client sent one and it is already over `limit`. */
function declaredOver(req: http.IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > limit;
}

/** Keep reading and dropping what is still arriving, so the client can read the 413 that follows. */
function drain(req: http.IncomingMessage): void {
  req.removeAllListeners('data');
  req.on('error', () => undefined);
  req.resume();
}

/** The whole body as UTF-8 text (`{}` when empty), at most `limit` bytes. */
export function readTextBody(req: http.IncomingMessage, limit: number, what = 'the request body'): Promise<string> {
  return new Promise((resolve, reject) => {
    if (declaredOver(req, limit)) {
      drain(req);
      return reject(new BodyTooLarge(what, limit));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      drain(req);
      reject(new BodyTooLarge(what, limit));
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8') || '{}'));
    req.once('error', reject);
  });
}

/**
 * Stream the body into `file` (created new, owner-only), at most `limit` bytes; over it the partial
 * file is removed by the caller's cleanup and BodyTooLarge is thrown. Returns the bytes written.
 */
export function receiveToFile(req: http.IncomingMessage, file: string, limit: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    if (declaredOver(req, limit)) {
      drain(req);
      return reject(new BodyTooLarge(what, limit));
    }
    const sink = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let size = 0;
    let settled = false;
    let sinkError: Error | null = null;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      drain(req);
      sink.destroy();
      // Answer only once the file is closed: the caller removes it next.
      sink.once('close', () => reject(err));
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) return fail(new BodyTooLarge(what, limit));
      // Back-pressure: a slow disk pauses the upload instead of filling memory.
      if (!sink.write(c)) {
        req.pause();
        sink.once('drain', () => req.resume());
      }
    });
    req.once('end', () => {
      if (settled) return;
      settled = true;
      // Resolve once the file is closed: it is read and then removed next.
      sink.once('close', () => (sinkError ? reject(sinkError) : resolve(size)));
      sink.end();
    });
    req.once('error', fail);
    req.once('close', () => {
      if (!req.complete) fail(new Error('the upload was cut off'));
    });
    sink.once('error', (err) => {
      sinkError = err;
      fail(err);
    });
  });
}
