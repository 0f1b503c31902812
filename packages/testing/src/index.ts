export { cleanupPrefix, natsUrl, testNats, uniquePrefix } from './nats.js';
export { expectProblem } from './problem.js';
export { adminDatabaseUrl, createTestDatabase, ownerClient, type TestDatabase } from './test-database.js';
export { createTokenFactory, type TokenClaims, type TokenFactory } from './tokens.js';
