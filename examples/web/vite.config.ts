import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  esbuild: { jsx: 'automatic', target: 'es2022' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1024 },
  optimizeDeps: { esbuildOptions: { target: 'es2022' } },
});
