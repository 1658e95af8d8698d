import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The UI is built into web/dist and served by the Cairn server at `/`.
 * In development, `vite --config web/vite.config.ts` proxies the API to a running `cairn server`.
 */
// Vite only reads a default export here; the house rule of named exports stops at tool configs.
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // uPlot and React make one modest chunk; splitting buys nothing for an internal tool.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/ajax-api': process.env['CAIRN_URL'] ?? 'http://127.0.0.1:5000',
      '/api': process.env['CAIRN_URL'] ?? 'http://127.0.0.1:5000',
    },
  },
});
