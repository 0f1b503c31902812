import { basename, join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `./hongfan test` sets VITEST_JSON_DIR to collect one JSON report per package for its summary.
const reportDir = process.env.VITEST_JSON_DIR;

/*
 * Two projects, one run (so one report): component tests in jsdom, and the end-to-end tests that
 * start the real services + gateway and drive Debian's Chromium.
 */
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@hongfan/source'] },
  ssr: { resolve: { conditions: ['@hongfan/source'] } },
  test: {
    ...(reportDir
      ? {
          reporters: ['default', 'json'],
          outputFile: { json: join(reportDir, `${basename(process.cwd())}.json`) },
        }
      : {}),
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/test/setup.ts'],
          testTimeout: 60000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.e2e.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120000,
          hookTimeout: 180000,
          fileParallelism: false,
        },
      },
    ],
  },
});
