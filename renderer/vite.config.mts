// Renderer build: `vite build --config renderer/vite.config.ts` → renderer/dist (served by the preview host,
// loaded from disk by Electron). The CSP meta tag is written from shared/csp.ts so the page and the HTTP header
// can never disagree.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Replaces %CERTDESK_CSP% in index.html with the contract's policy (HTML-escaped). */
export function cspMetaPlugin(policy: string = CONTENT_SECURITY_POLICY): Plugin {
  const escaped = policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return {
    name: 'certdesk-csp-meta',
    transformIndexHtml(html) {
      if (!html.includes('%CERTDESK_CSP%')) throw new Error('index.html lacks the %CERTDESK_CSP% placeholder');
      return html.replace('%CERTDESK_CSP%', escaped);
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), cspMetaPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inlined assets: everything is a file under 'self' (CSP), nothing becomes a data: script.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
