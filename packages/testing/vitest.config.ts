import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@hongfan/source'] },
  ssr: { resolve: { conditions: ['@hongfan/source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30000, hookTimeout: 60000 },
});
