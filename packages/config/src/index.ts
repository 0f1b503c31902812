export { type BaseServiceEnv, baseServiceEnv } from './base-env.js';
export { ConfigError, parseEnv } from './parse-env.js';
