import { z } from 'zod';
import { uuidSchema } from './ids.js';

/**
 * The wire format of every event. `data` stays `unknown` here: it is checked by the event's own
 * schema (see `defineEvent`), so a consumer can route on `type` before it knows the data shape.
 */
export const eventEnvelopeSchema = z.object({
  id: uuidSchema,
  type: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2}$/, 'expected <service>.<aggregate>.<event>'),
  version: z.int().min(1),
  tenantId: uuidSchema.nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1).nullable(),
  causationId: z.string().min(1).nullable(),
  data: z.unknown(),
});

export type EventEnvelope<TData = unknown> = Omit<z.output<typeof eventEnvelopeSchema>, 'data'> & {
  data: TData;
};

/** Parses an unknown value (e.g. a decoded message body) into an envelope; throws a ZodError. */
export function parseEnvelope(value: unknown): EventEnvelope {
  return eventEnvelopeSchema.parse(value) as EventEnvelope;
}
