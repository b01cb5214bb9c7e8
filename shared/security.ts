/**
 * The Content-Security-Policy of every page we serve (desktop app:// protocol and browser host).
 * renderer/index.html repeats it in a meta tag; a test keeps the two identical.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  // The graph's layout runs in a Web Worker loaded from the app's own files.
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
