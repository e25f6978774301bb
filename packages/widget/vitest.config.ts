import { billfoldVitestConfig } from '@billfold/vitest-config';
import { mergeConfig } from 'vitest/config';

// The browser tests load dist/, so a global setup bundles the current sources first.
export default mergeConfig(billfoldVitestConfig(), {
  test: { globalSetup: ['test/support/global-setup.ts'] },
});
