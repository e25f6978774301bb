import config from '@billfold/eslint-config';

export default config;
