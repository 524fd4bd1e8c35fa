// E2E plumbing: build the renderer into a temp folder, start the real preview server in-process (random port,
// real engine through dispatch), drive Debian's Chromium with playwright-core. Never downloads a browser.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startPreviewServer, TOKEN_HEADER, type PreviewServer } from '../../electron/preview/server';
import type { InspectResult } from '../../shared/dto';

/** The project root, from test/e2e (vitest) or dist/test/e2e (compiled for `npm run bench`). */
export const ROOT = [resolve(__dirname, '../..'), resolve(__dirname, '../../..')].find((dir) => existsSync(join(dir, 'renderer', 'vite.config.mts'))) ?? resolve(__dirname, '../..');
export const RESULTS_DIR = join(ROOT, 'test-results');
export const CHROMIUM = process.env.CERTDESK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** Builds the renderer with its own Vite config into a fresh folder (parallel test files never share one). */
export async function buildRenderer(): Promise<{ dir: string; cleanup(): void }> {
  const { build } = await import('vite');
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-renderer-'));
  await build({
    configFile: join(ROOT, 'renderer', 'vite.config.mts'),
    logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface App {
  server: PreviewServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Calls an operation the way the page does (same server, same token): the expected answers. */
  call<T = unknown>(name: string, input: unknown): Promise<{ ok: true; result: T } | { ok: false; error: { code: string; message: string } }>;
  inspect(input: Record<string, unknown>): Promise<InspectResult>;
  close(): Promise<void>;
}

export async function startApp(options: { viewport?: { width: number; height: number } } = {}): Promise<App> {
  const renderer = await buildRenderer();
  const server = await startPreviewServer({ host: '127.0.0.1', staticDir: renderer.dir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1024, height: 768 },
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  const call: App['call'] = async (name, input) => {
    const response = await fetch(`${server.origin}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: server.token },
      body: JSON.stringify(input),
    });
    return (await response.json()) as never;
  };
  return {
    server,
    browser,
    context,
    page,
    call,
    async inspect(input) {
      const reply = await call<InspectResult>('inspect', input);
      if (!reply.ok) throw new Error(`inspect failed: ${reply.error.code} ${reply.error.message}`);
      return reply.result;
    },
    async close() {
      if (pageErrors.length) console.warn(`page errors: ${pageErrors.join('; ')}`);
      await browser.close().catch(() => undefined);
      await server.close();
      renderer.cleanup();
    },
  };
}

export function screenshotPath(name: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return join(RESULTS_DIR, `${name}.png`);
}

/** The CN of an RFC 2253 subject as openssl prints it (`CN=x,O=y`). */
export function commonName(subject: string): string {
  return /(?:^|,)CN=((?:\\.|[^,])*)/.exec(subject)?.[1]?.replace(/\\(.)/g, '$1') ?? subject;
}

/** Extension headers of `openssl x509 -text` (the lines under "X509v3 extensions:"): name and critical flag. */
export function opensslExtensions(text: string): { name: string; critical: boolean }[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\s+X509v3 extensions:\s*$/.test(l));
  if (start < 0) return [];
  const indent = (l: string) => l.length - l.trimStart().length;
  const headerIndent = indent(lines[start + 1] ?? '');
  const out: { name: string; critical: boolean }[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    const n = indent(line);
    if (n < headerIndent) break;
    if (n === headerIndent) {
      const m = /^\s*(.+?):\s*(critical)?\s*$/.exec(line);
      if (m) out.push({ name: m[1], critical: m[2] === 'critical' });
    }
  }
  return out;
}
