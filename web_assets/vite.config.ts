import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web plugin serves index.html at `/` and the bundle under `/assets/`. For `npm run dev`,
// MONBAN_URL names a running server whose API the dev server forwards to.
const apiTarget = process.env.MONBAN_URL ?? 'https://localhost:8443';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: a separate file stays cached across releases.
        manualChunks: (id) => (id.includes('/node_modules/') ? 'vendor' : undefined),
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true, secure: false },
    },
  },
});
