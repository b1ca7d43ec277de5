import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    environmentOptions: {
      // The SDK talks JSON-RPC to a local stand-in node on another port; no CORS preflight.
      happyDOM: { settings: { fetch: { disableSameOriginPolicy: true } } },
    },
  },
});
