import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the built zero-setup system driven by the machine's Chromium (playwright-core; no browser
 * download). `npm run build` first. Files run one after another: each starts a whole system.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@ventanilla/testing': new URL('../../libs/testing/src', import.meta.url).pathname,
      '@ventanilla/domain': new URL('../../libs/domain/src', import.meta.url).pathname,
    },
  },
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.browser.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
