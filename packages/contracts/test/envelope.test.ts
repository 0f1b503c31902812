import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  createEnvelope,
  eventEnvelopeSchema,
  identityEventRegistry,
  parseEnvelope,
  tenantCreated,
  tenantSuspended,
  userCreated,
} from '../src/index.js';

const valid = () => ({
  id: randomUUID(),
  type: 'identity.tenant.suspended',
  version: 1,
  tenantId: randomUUID(),
  occurredAt: new Date().toISOString(),
  correlationId: 'req-1',
  causationId: null,
  data: { tenantId: randomUUID() },
});

describe('event envelope', () => {
  it('accepts a well-formed envelope, including a null tenant and offset timestamps', () => {
    expect(parseEnvelope(valid()).type).toBe('identity.tenant.suspended');
    expect(eventEnvelopeSchema.safeParse({ ...valid(), tenantId: null }).success).toBe(true);
    expect(
      eventEnvelopeSchema.safeParse({ ...valid(), occurredAt: '2025-01-02T03:04:05+08:00' }).success,
    ).toBe(true);
  });

  it.each([
    ['id', { id: 'not-a-uuid' }],
    ['type', { type: 'tenant-created' }],
    ['version 0', { version: 0 }],
    ['fractional version', { version: 1.5 }],
    ['tenantId', { tenantId: 'abc' }],
    ['occurredAt', { occurredAt: 'yesterday' }],
    ['empty correlationId', { correlationId: '' }],
  ])('rejects a bad %s', (_name, patch) => {
    expect(() => parseEnvelope({ ...valid(), ...patch })).toThrow(ZodError);
  });

  it('rejects missing fields', () => {
    const { occurredAt: _omit, ...rest } = valid();
    expect(eventEnvelopeSchema.safeParse(rest).success).toBe(false);
    expect(eventEnvelopeSchema.safeParse(null).success).toBe(false);
  });

  it('createEnvelope validates data and applies schema defaults', () => {
    const tenantId = randomUUID();
    const env = createEnvelope(tenantCreated, {
      tenantId,
      data: { tenantId, code: 'rencheng', name: '任城区', city: '济宁市', status: 'active', settings: {} },
      correlationId: 'c-1',
    });
    expect(env).toMatchObject({ type: 'identity.tenant.created', version: 1, tenantId, causationId: null });
    expect(env.data.settings.listeningDays).toEqual([5, 15, 25]);
    expect(parseEnvelope(env).id).toBe(env.id);
    expect(() =>
      createEnvelope(tenantSuspended, { tenantId, data: { tenantId: 'nope' } as { tenantId: string } }),
    ).toThrow(ZodError);
  });

  it('definitions narrow an envelope to typed data and refuse other types', () => {
    const raw = valid();
    const env = parseEnvelope(raw);
    expect(tenantSuspended.matches(env)).toBe(true);
    expect(tenantSuspended.parseEnvelope(env).data.tenantId).toBe(raw.data.tenantId);
    expect(() => tenantSuspended.parseEnvelope({ ...env, data: { tenantId: 1 } })).toThrow();
    expect(() => userCreated.parseEnvelope(env)).toThrow(/expected event identity.user.created/);
  });

  it('the identity registry finds every identity event by type', () => {
    expect(identityEventRegistry.all.map((d) => d.type).sort()).toEqual([
      'identity.tenant.created',
      'identity.tenant.reactivated',
      'identity.tenant.settings-changed',
      'identity.tenant.suspended',
      'identity.tenant.updated',
      'identity.user.created',
      'identity.user.disabled',
      'identity.user.updated',
    ]);
    expect(identityEventRegistry.get('identity.user.created')).toBe(userCreated);
    expect(identityEventRegistry.get('identity.user.deleted')).toBeUndefined();
  });
});
