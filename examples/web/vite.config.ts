import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  esbuild: { jsx: 'automatic', target: 'es2022' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  optimizeDeps: { esbuildOptions: { target: 'es2022' } },
  resolve: {
    alias: {
      // The x402 client's modules are browser-safe, but the package's single entry also exports
      // its server and SQLite store. Until the package has a browser entry, the app imports the
      // client module directly (only src/paymentClient.ts uses it).
      '@chipi-sessions/x402/client': fileURLToPath(
        new URL('../../packages/x402/dist/X402Client.js', import.meta.url),
      ),
    },
  },
});
