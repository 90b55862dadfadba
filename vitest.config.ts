import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the CLI and drive a terminal: give a loaded 2-core machine room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
