import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { inlineDocuments } from './scripts/inline-documents.ts';

// The Go server owns these paths; in dev, Vite forwards them so the SPA can
// use same-origin cookies and the WebSocket origin check passes.
const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [inlineDocuments(), react()],
  server: {
    port: 5173,
    proxy: {
      '/query': { target: backend, ws: true, changeOrigin: false },
      '/auth': backend,
      '/callback': backend,
      '/sso': backend,
      '/healthz': backend,
    },
  },
  build: {
    outDir: 'dist',
    // dist/.keep (tracked so go:embed works on a fresh clone) is wiped by
    // emptyOutDir and restored from public/.keep, which Vite copies verbatim.
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
});
