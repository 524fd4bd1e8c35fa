import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/isolate-home.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // openssl-made fixtures and spawned CLIs are CPU-heavy; two cores here.
    maxWorkers: 2,
  },
});
