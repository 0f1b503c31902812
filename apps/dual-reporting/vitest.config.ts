import { basename, join } from 'node:path';
import { defineConfig } from 'vitest/config';

// `./hongfan test` sets VITEST_JSON_DIR to collect one JSON report per package for its summary.
const reportDir = process.env.VITEST_JSON_DIR;

export default defineConfig({
  resolve: { conditions: ['@hongfan/source'] },
  ssr: { resolve: { conditions: ['@hongfan/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30000,
    hookTimeout: 60000,
    ...(reportDir
      ? {
          reporters: ['default', 'json'],
          outputFile: { json: join(reportDir, `${basename(process.cwd())}.json`) },
        }
      : {}),
  },
});
