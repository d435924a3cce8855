/**
 * The web UI's build: `npm run build` writes it to dist/web, which the server serves at `/`. `npm run dev:web`
 * serves it with hot reload and proxies `/api` to a running server (RIPOSTE_DEV_API, default the `npm start` one).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.RIPOSTE_DEV_API ?? 'http://127.0.0.1:7070';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The graph library alone is larger than Vite's default warning threshold.
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': { target: api } } },
});
