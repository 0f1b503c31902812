import { z } from 'zod';

/**
 * A UUID-shaped id. zod 4's `z.uuid()` insists on an RFC 9562 version/variant nibble, but
 * Postgres' `uuid` type accepts any 8-4-4-4-12 hex string, and seeded fixtures often use ids such
 * as `00000000-0000-0000-0000-000000000001`. Rejecting those in an event would park a perfectly
 * good message in the dead-letter stream, so ids are checked for shape only.
 */
export const uuidSchema = z.guid();
