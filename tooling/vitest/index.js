// Shared Vitest settings. Workspace packages are resolved through their `source`
// export condition, so tests run against TypeScript sources without a prior build.
// Each run writes test-results.json, which the root test command sums up.
import { defineConfig } from 'vitest/config';

/**
 * Creates the Vitest config for one workspace.
 * @param {{ testTimeout?: number, fileParallelism?: boolean }} [options]
 */
export function billfoldVitestConfig(options = {}) {
  return defineConfig({
    resolve: { conditions: ['source'] },
    ssr: { resolve: { conditions: ['source'] } },
    test: {
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 20_000,
      hookTimeout: 60_000,
      fileParallelism: options.fileParallelism ?? true,
      reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    },
  });
}
