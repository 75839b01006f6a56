import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources of every workspace package (the `@rollgate/source`
// export condition), so no build is needed between an edit and a test run.
export default defineConfig({
  resolve: { conditions: ['@rollgate/source'] },
  ssr: { resolve: { conditions: ['@rollgate/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
