/**
 * The browser host: serves the renderer and the contract over HTTP on 127.0.0.1 only.
 *
 * Routes are derived from the contract: `POST /api/call/<request name>` for every engine request,
 * `GET /api/events` (Server-Sent Events) for every push event, and `POST /api/upload` to import a
 * file the browser sends (a browser cannot hand over paths). Every API route requires the random
 * per-run token; the Host and Origin headers must name this server (blocks DNS rebinding and
 * cross-site requests from other pages the analyst has open). `import.files` reads only files under
 * the evidence folders the host was started with (import-gate.ts); bodies are bounded (body.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  ApiError,
  isRequestName,
  validateArgs,
  type ApiErrorShape,
  type Args,
  type Result,
} from '../../shared/contract.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/security.js';
import { decodeUrlPath } from '../../shared/url-decode.js';
import type { EngineClient } from '../engine/worker/engine-client.js';
import { BodyTooLarge, readTextBody, receiveToFile } from './body.js';
import { gateImportPaths, ImportPathRefused, withoutRefusedContent } from './import-gate.js';

export interface HostOptions {
  engine: EngineClient;
  /** 0 picks a free port. */
  port: number;
  /** Folder holding the built renderer (index.html, assets/). */
  staticDir: string;
  token?: string;
  /** Real paths of the folders whose files `import.files` may read; none: uploads only. */
  evidenceDirs?: readonly string[];
  /** Largest upload accepted (default DEFAULT_MAX_UPLOAD_BYTES); larger gets 413. */
  maxUploadBytes?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Request bodies of /api/call (arguments are small; the largest is a list of import paths). */
export const MAX_JSON_BODY = 1024 * 1024;
/** Default cap of one upload: above the largest exports seen (a 2.1 GB message trace), below a full temp disk. */
export const DEFAULT_MAX_UPLOAD_BYTES = 4096 * 1024 * 1024;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const staticRoot = path.resolve(options.staticDir);
  const evidenceDirs = options.evidenceDirs ?? [];
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const sseClients = new Set<http.ServerResponse>();
  let port = options.port;

  options.engine.onEvent((event, payload) => {
    const data = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of sseClients) res.write(data);
  });

  const tokenOk = (presented: string | null | undefined): boolean => {
    if (!presented) return false;
    const b = Buffer.from(presented);
    return b.length === tokenBuf.length && crypto.timingSafeEqual(b, tokenBuf);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, new ApiError('internal', (err as Error).message).toShape());
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes(req.headers.host ?? ''))
      return sendError(res, 403, { code: 'invalid_request', message: 'unexpected Host header' });
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
      return sendError(res, 403, { code: 'invalid_request', message: 'cross-origin request refused' });
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${allowedHosts[0]}`);
    } catch {
      return sendError(res, 400, { code: 'invalid_request', message: 'malformed request URL' });
    }

    if (url.pathname.startsWith('/api/')) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!tokenOk(bearer ?? url.searchParams.get('token')))
        return sendError(res, 401, { code: 'invalid_request', message: 'missing or wrong token' });

      if (req.method === 'GET' && url.pathname === '/api/events') {
        res.writeHead(200, { ...securityHeaders(), 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
        res.write(': connected\n\n');
        sseClients.add(res);
        req.on('close', () => sseClients.delete(res));
        return;
      }
      if (req.method === 'POST' && url.pathname.startsWith('/api/call/')) {
        const name = decodeUrlPath(url.pathname.slice('/api/call/'.length));
        if (name === null) return sendError(res, 400, badEncoding);
        if (!isRequestName(name))
          return sendError(res, 404, { code: 'invalid_request', message: `unknown request ${name.slice(0, 80)}` });
        let args: unknown;
        try {
          args = validateArgs(name, JSON.parse(await readTextBody(req, MAX_JSON_BODY)) as unknown);
          if (name === 'import.files') {
            const { files } = args as Args<'import.files'>;
            args = { files: gateImportPaths(files, evidenceDirs) } satisfies Args<'import.files'>;
          }
        } catch (err) {
          return sendApiError(res, err);
        }
        try {
          const result = await options.engine.call(name, args);
          if (name === 'import.files')
            return sendJson(res, 200, withoutRefusedContent(result as Result<'import.files'>));
          return sendJson(res, 200, result);
        } catch (err) {
          return sendApiError(res, err);
        }
      }
      if (req.method === 'POST' && url.pathname === '/api/upload') {
        return upload(req, res, url, options.engine, maxUploadBytes);
      }
      return sendError(res, 404, { code: 'invalid_request', message: 'no such API route' });
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, { code: 'invalid_request', message: 'method not allowed' });
    return serveStatic(res, staticRoot, url.pathname);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of sseClients) res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Stream an uploaded evidence file to a private temp file (at most `maxBytes`), import it, then
 * delete the copy. The import is the engine's; its answer leaves without a refused file's content.
 */
async function upload(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  engine: EngineClient,
  maxBytes: number,
): Promise<void> {
  const name = path.basename(url.searchParams.get('name') ?? '').slice(0, 255);
  if (!name) {
    req.resume();
    return sendError(res, 400, { code: 'invalid_args', message: 'upload: name query parameter required' });
  }
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'dlens-upload-'));
  const tmp = path.join(dir, 'evidence');
  try {
    await receiveToFile(req, tmp, maxBytes, `upload ${name}`);
    const outcomes = await engine.call('import.files', { files: [{ path: tmp, name }] });
    sendJson(res, 200, withoutRefusedContent(outcomes));
  } catch (err) {
    sendApiError(res, err);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

async function serveStatic(res: http.ServerResponse, root: string, pathname: string): Promise<void> {
  const decoded = decodeUrlPath(pathname);
  if (decoded === null) return sendError(res, 400, badEncoding);
  const rel = pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, rel);
  if (file !== root && !file.startsWith(root + path.sep))
    return sendError(res, 403, { code: 'invalid_request', message: 'forbidden' });
  let body: Buffer;
  try {
    body = await fs.promises.readFile(file);
  } catch {
    return sendError(res, 404, { code: 'not_found', message: 'not found' });
  }
  res.writeHead(200, {
    ...securityHeaders(),
    'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
  });
  res.end(body);
}

function securityHeaders(): Record<string, string> {
  return {
    // frame-ancestors only works as a header, so it is added here rather than in the shared policy.
    'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

const badEncoding: ApiErrorShape = { code: 'invalid_request', message: 'malformed percent-encoding in the URL path' };

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, {
    ...securityHeaders(),
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(value));
}

function sendError(res: http.ServerResponse, status: number, error: ApiErrorShape): void {
  sendJson(res, status, { error });
}

function sendApiError(res: http.ServerResponse, err: unknown): void {
  if (err instanceof SyntaxError)
    return sendError(res, 400, { code: 'invalid_args', message: `body is not JSON: ${err.message}` });
  const e = err instanceof ApiError ? err : new ApiError('internal', (err as Error).message);
  const status =
    e instanceof BodyTooLarge
      ? 413
      : e instanceof ImportPathRefused
        ? 403
        : e.code === 'invalid_args' || e.code === 'invalid_request' || e.code === 'bad_input'
          ? 400
          : e.code === 'not_found'
            ? 404
            : 500;
  sendError(res, status, e.toShape());
}
