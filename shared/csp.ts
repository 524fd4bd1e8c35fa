// The Content-Security-Policy of every page CertDesk shows (Electron and the preview): no remote content,
// no inline script or style, no eval. React's `style` props are set through the CSSOM, which style-src does
// not govern, so the page needs no 'unsafe-inline' (test/e2e/csp.test.ts proves both in Chromium).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
