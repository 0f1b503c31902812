import type { z } from 'zod';
import type { EventEnvelope } from './envelope.js';
import type { ServiceName } from './services.js';
import { subject } from './subjects.js';

export interface EventSpec<S extends ServiceName, A extends string, E extends string, D extends z.ZodType> {
  service: S;
  aggregate: A;
  /** Past tense, kebab-case: `created`, `settings-changed`. */
  event: E;
  /** Bump when `data` changes incompatibly; consumers see it in the envelope. */
  version: number;
  data: D;
}

export interface EventDefinition<
  T extends string = string,
  D extends z.ZodType = z.ZodType,
  S extends ServiceName = ServiceName,
> {
  /** `identity.tenant.created` */
  readonly type: T;
  readonly service: S;
  readonly aggregate: string;
  readonly event: string;
  readonly version: number;
  readonly schema: D;
  /** The NATS subject, e.g. `t123.hf.identity.tenant.created` for prefix `t123.`. */
  subject(prefix?: string): string;
  /** Validates (and applies defaults to) event data; throws a ZodError. */
  parse(data: unknown): z.output<D>;
  /** True when the envelope carries this event type (any version). */
  matches(envelope: Pick<EventEnvelope, 'type'>): boolean;
  /** Narrows an envelope of this type to typed data, validating it. */
  parseEnvelope(envelope: EventEnvelope): EventEnvelope<z.output<D>>;
}

export type EventData<Def> = Def extends EventDefinition<string, infer D> ? z.output<D> : never;
export type EventDataInput<Def> = Def extends EventDefinition<string, infer D> ? z.input<D> : never;

export function defineEvent<S extends ServiceName, A extends string, E extends string, D extends z.ZodType>(
  spec: EventSpec<S, A, E, D>,
): EventDefinition<`${S}.${A}.${E}`, D, S> {
  if (!Number.isInteger(spec.version) || spec.version < 1) {
    throw new Error(`event version must be an integer >= 1, got ${spec.version}`);
  }
  // Building the subject once checks the tokens at definition time, not at first publish.
  subject('', spec.service, spec.aggregate, spec.event);
  const type = `${spec.service}.${spec.aggregate}.${spec.event}` as const;
  return {
    type,
    service: spec.service,
    aggregate: spec.aggregate,
    event: spec.event,
    version: spec.version,
    schema: spec.data,
    subject: (prefix = '') => subject(prefix, spec.service, spec.aggregate, spec.event),
    parse: (data) => spec.data.parse(data),
    matches: (envelope) => envelope.type === type,
    parseEnvelope(envelope) {
      if (envelope.type !== type) throw new Error(`expected event ${type}, got ${envelope.type}`);
      return { ...envelope, data: spec.data.parse(envelope.data) };
    },
  };
}
