/**
 * Percent-decoding of a URL path that cannot throw: `decodeURIComponent` throws URIError on a
 * malformed escape (`%E0%A4%A`, a lone `%`), which a server or protocol handler must answer as a
 * bad request, not as its own failure. A decoded NUL is refused too (no file name holds one).
 */
export function decodeUrlPath(encoded: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  return decoded.includes('\0') ? null : decoded;
}
