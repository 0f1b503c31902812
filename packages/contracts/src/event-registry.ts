import type { EventDefinition } from './define-event.js';

/** Looks event definitions up by `type`, e.g. to validate whatever arrives on a wildcard filter. */
export interface EventRegistry {
  readonly all: readonly EventDefinition[];
  get(type: string): EventDefinition | undefined;
}

export function createEventRegistry(...defs: EventDefinition[]): EventRegistry {
  const byType = new Map<string, EventDefinition>();
  for (const def of defs) {
    if (byType.has(def.type)) throw new Error(`event ${def.type} is defined twice`);
    byType.set(def.type, def);
  }
  return { all: [...byType.values()], get: (type) => byType.get(type) };
}
