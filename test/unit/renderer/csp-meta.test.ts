// index.html's CSP meta tag is the contract's policy (shared/csp.ts), written by the Vite plugin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import { cspMetaPlugin } from '../../../renderer/vite.config.mts';

describe('CSP meta tag', () => {
  it('index.html has the placeholder, no inline script and no remote URL', () => {
    const html = readFileSync(join(__dirname, '../../../renderer/index.html'), 'utf8');
    expect(html).toContain('content="%CERTDESK_CSP%"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('the plugin writes exactly shared/csp.ts', () => {
    const plugin = cspMetaPlugin();
    const hook = plugin.transformIndexHtml as (html: string) => string;
    const out = hook('<meta http-equiv="Content-Security-Policy" content="%CERTDESK_CSP%" />');
    const content = /content="([^"]*)"/.exec(out)![1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(content).toBe(CONTENT_SECURITY_POLICY);
    expect(() => hook('<html></html>')).toThrow(/placeholder/);
  });
});
