/**
 * The app:// origin the renderer is served from, and the pure decisions about its URLs: which file
 * a request names and where a frame may navigate. No electron import, so plain Node tests run it
 * (test/unit/desktop-shell.test.ts); protocol.ts and lockdown.ts apply it.
 */
import path from 'node:path';
import { decodeUrlPath } from '../../shared/url-decode.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'dlens';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Is `url` a page of the app itself (the only place any frame may navigate)? */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && url.startsWith(`${APP_ORIGIN}/`);
}

export type RendererFile = { file: string } | { status: 400 | 403 | 404; message: string };

/**
 * The file under `root` an app:// request names. Never throws: a malformed URL or percent-escape is
 * a 400, a path outside the renderer folder (encoded slashes, `..`) a 403, another host a 404.
 */
export function rendererFileFor(root: string, requestUrl: string): RendererFile {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { status: 400, message: 'bad request' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { status: 404, message: 'not found' };
  const decoded = decodeUrlPath(url.pathname);
  if (decoded === null) return { status: 400, message: 'bad request' };
  const rel = url.pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, rel);
  if (!file.startsWith(base + path.sep)) return { status: 403, message: 'forbidden' };
  return { file };
}
