import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each file starts its own devnet; on two cores they run one after another.
    fileParallelism: false,
    setupFiles: ['src/testing/setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // @x402/next imports `next/server` without an extension, which only a bundler resolves.
    server: { deps: { inline: ['@x402/next'] } },
  },
});
