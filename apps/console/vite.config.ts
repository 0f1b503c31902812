import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `pnpm dev` proxies the API to a running gateway (./hongfan up), so pages talk to real services.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': { target: gateway, changeOrigin: true } } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd and echarts are large; pages are split per route, so only the shell loads up front.
    chunkSizeWarningLimit: 1500,
  },
});
