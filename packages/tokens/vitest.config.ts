import { billfoldVitestConfig } from '@billfold/vitest-config';

export default billfoldVitestConfig();
