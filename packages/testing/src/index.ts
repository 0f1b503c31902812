export { createTestDatabase, adminDatabaseUrl, ownerClient, type TestDatabase } from './test-database.js';
export { natsUrl, uniquePrefix, testNats, cleanupPrefix } from './nats.js';
export { createTokenFactory, type TokenFactory, type TokenClaims } from './tokens.js';
export { expectProblem } from './problem.js';
