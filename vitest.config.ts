import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Validates every asyncdemo document a test parses against its published schema;
    // loads the modules the CLI loads on demand, so that fake time never outruns them.
    setupFiles: ['test/setup/documents.ts', 'test/setup/lazy-modules.ts'],
    // The spawn-based smoke tests run the compiled bin; give a busy 2-core machine room.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
