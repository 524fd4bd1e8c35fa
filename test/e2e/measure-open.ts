// Time from "file chosen" (setInputFiles on the page's file input) to "certificate dialog visible", for a
// 3-certificate AMT PFX (root → intermediate → leaf) made by openssl, through the real preview server and
// engine in Chromium. The password prompt is answered by the script as soon as it appears, so the time is
// the app's: two inspect round trips (the first finds the file is protected) plus rendering.
//
//   import { measureOpenMs } from '../test/e2e/measure-open';
//   const ms = await measureOpenMs({ runs: 5 });   // median of 5 runs, after one warm-up
import { performance } from 'node:perf_hooks';
import { amtHierarchy, Pki } from '../support/openssl';
import { startApp } from './support';

export interface OpenTiming {
  /** Median of the measured runs, milliseconds. */
  medianMs: number;
  /** Each measured run (the warm-up run is not included). */
  runsMs: number[];
  /** Of which: time until the password prompt was on screen (first inspect round trip). */
  promptMs: number[];
}

export async function measureOpen(options: { runs?: number; warmup?: number; password?: string } = {}): Promise<OpenTiming> {
  const runs = Math.max(1, options.runs ?? 5);
  const warmup = Math.max(0, options.warmup ?? 1);
  const password = options.password ?? 'secret';
  const pki = new Pki();
  const app = await startApp();
  try {
    const chain = amtHierarchy(pki);
    const pfx = pki.path(pki.pfx('measure', chain.leaf, [chain.intermediate, chain.root], { password }));
    const { page } = app;
    const runsMs: number[] = [];
    const promptMs: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      await page.goto(app.server.url.replace('#', '?run=' + i + '#'));
      await page.getByRole('button', { name: 'Open file…' }).waitFor();
      const input = page.getByLabel('Certificate file', { exact: true });
      const start = performance.now();
      await input.setInputFiles(pfx);
      // Scoped to Inspect: the hidden (still mounted) USB setup.bin view has password fields too.
      const pw = page.getByRole('main', { name: 'Inspect' }).getByLabel('Password:', { exact: true });
      const general = page.getByRole('tab', { name: 'General', selected: true });
      await Promise.race([pw.waitFor(), general.waitFor()]);
      const prompted = performance.now();
      if (await pw.isVisible()) {
        await pw.fill(password);
        await page.keyboard.press('Enter');
      }
      await page.getByRole('tabpanel').getByText('Certificate Information').waitFor();
      const end = performance.now();
      if (i >= warmup) {
        runsMs.push(end - start);
        promptMs.push(prompted - start);
      }
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const medianMs = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return { medianMs, runsMs, promptMs };
  } finally {
    await app.close();
    pki.cleanup();
  }
}

/** Median milliseconds from file chosen to dialog visible (3-certificate PFX). */
export async function measureOpenMs(options: { runs?: number } = {}): Promise<number> {
  return (await measureOpen(options)).medianMs;
}
