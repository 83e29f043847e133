/** Content-Security-Policy for HTML documents: scripts only from this site or with the response's nonce. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // React's style props become style attributes; no inline <style> blocks are used.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self' https:",
    "frame-ancestors 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ')
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** Made per response by the Express server (server/security.ts). */
    cspNonce?: string
  }
}
