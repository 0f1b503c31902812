export { parseEnv, ConfigError } from './parse-env.js';
export { baseServiceEnv, type BaseServiceEnv } from './base-env.js';
