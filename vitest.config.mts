import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Detector samples exist in tests only (bundles define this as false).
  define: { __NHI_SAMPLES__: 'true' },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: 'forks',
  },
});
