import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['properties/**/*.test.ts'],
    globalSetup: ['properties/globalSetup.ts'],
    setupFiles: ['properties/setup.ts'],
    reporters: ['default', './properties/reporter.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
