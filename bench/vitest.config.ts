import { billfoldVitestConfig } from '@billfold/vitest-config';

// The smoke run starts several processes and seeds a small database, which takes
// longer than a unit test.
export default billfoldVitestConfig({ testTimeout: 180_000 });
