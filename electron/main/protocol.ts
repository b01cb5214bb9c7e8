/**
 * The renderer is loaded from `app://dlens/`, a privileged custom scheme serving the built files,
 * rather than file:// (where 'self' in a CSP is ill-defined and every local file is same-origin).
 * Which file a request names is decided in app-url.ts (pure, tested without Electron).
 */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../shared/security.js';
import { APP_SCHEME, rendererFileFor } from './app-url.js';

/** Must run before the app is ready. */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const target = rendererFileFor(rendererDir, request.url);
    if (!('file' in target)) return new Response(target.message, { status: target.status });
    const res = await net.fetch(pathToFileURL(target.file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}
