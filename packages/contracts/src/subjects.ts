import type { ServiceName } from './services.js';

/*
 * Subjects are `hf.<service>.<aggregate>.<past-tense-event>`. Tests run against a shared NATS
 * server, so everything can carry a prefix (`t123.`) that keeps parallel workers apart: the
 * prefix goes in front of subjects and, upper-cased, in front of stream names.
 */

const TOKEN = /^[a-z][a-z0-9-]*$/;
const PREFIX = /^([a-z0-9_-]+\.)*$/i;

/** Accepts '' , 't123' or 't123.' and returns '' or 't123.'. */
export function normalizePrefix(prefix = ''): string {
  const p = prefix === '' || prefix.endsWith('.') ? prefix : `${prefix}.`;
  if (!PREFIX.test(p)) throw new Error(`invalid subject prefix: ${JSON.stringify(prefix)}`);
  return p;
}

function token(kind: string, value: string): string {
  if (!TOKEN.test(value))
    throw new Error(`invalid ${kind} token: ${JSON.stringify(value)} (kebab-case expected)`);
  return value;
}

/** `subject('t123.', 'identity', 'tenant', 'created')` → `t123.hf.identity.tenant.created`. */
export function subject(
  prefix: string,
  service: ServiceName | string,
  aggregate: string,
  event: string,
): string {
  return `${normalizePrefix(prefix)}hf.${token('service', service)}.${token('aggregate', aggregate)}.${token('event', event)}`;
}

// Stream names cannot contain dots (nor `*`, `>`), so the prefix's dots become underscores.
function streamPrefix(prefix: string): string {
  return normalizePrefix(prefix).replace(/\./g, '_').toUpperCase();
}

/** The stream a service publishes into: `HF_IDENTITY`, or `T123_HF_IDENTITY` with a prefix. */
export function streamName(prefix: string, service: ServiceName | string): string {
  return `${streamPrefix(prefix)}HF_${token('service', service).replace(/-/g, '_').toUpperCase()}`;
}

/** The subjects a service's stream captures: `<prefix>hf.<service>.>`. */
export function streamSubjects(prefix: string, service: ServiceName | string): string[] {
  return [`${normalizePrefix(prefix)}hf.${token('service', service)}.>`];
}

/** All events of one aggregate, for consumer filters: `<prefix>hf.<service>.<aggregate>.*`. */
export function aggregateSubjects(prefix: string, service: ServiceName | string, aggregate: string): string {
  return `${normalizePrefix(prefix)}hf.${token('service', service)}.${token('aggregate', aggregate)}.*`;
}

/** The dead-letter stream shared by all consumers: `HF_DLQ` / `T123_HF_DLQ`. */
export function dlqStreamName(prefix = ''): string {
  return `${streamPrefix(prefix)}HF_DLQ`;
}

export function dlqStreamSubjects(prefix = ''): string[] {
  return [`${normalizePrefix(prefix)}hf.dlq.>`];
}

/**
 * Where a consumer parks poison messages: `<prefix>hf.dlq.<consumer>`. The consumer name is the
 * logical `<service>.<purpose>` name, so it may span several subject tokens.
 */
export function dlqSubject(prefix: string, consumer: string): string {
  for (const part of consumer.split('.')) token('consumer', part);
  return `${normalizePrefix(prefix)}hf.dlq.${consumer}`;
}
