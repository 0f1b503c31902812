import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { EventDefinition } from './define-event.js';
import type { EventEnvelope } from './envelope.js';

export interface CreateEnvelopeInput<D extends z.ZodType> {
  tenantId: string | null;
  data: z.input<D>;
  correlationId?: string | null;
  causationId?: string | null;
  /** Overrides for tests and replays; normally generated. */
  id?: string;
  occurredAt?: Date | string;
}

/** Validates the data against the event's schema and wraps it in a fresh envelope. */
export function createEnvelope<D extends z.ZodType>(
  def: EventDefinition<string, D>,
  input: CreateEnvelopeInput<D>,
): EventEnvelope<z.output<D>> {
  const occurredAt = input.occurredAt ?? new Date();
  return {
    id: input.id ?? randomUUID(),
    type: def.type,
    version: def.version,
    tenantId: input.tenantId,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    correlationId: input.correlationId ?? null,
    causationId: input.causationId ?? null,
    data: def.parse(input.data),
  };
}
