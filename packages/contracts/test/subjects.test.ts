import { describe, expect, it } from 'vitest';
import {
  aggregateSubjects,
  dlqStreamName,
  dlqStreamSubjects,
  dlqSubject,
  normalizePrefix,
  streamName,
  streamSubjects,
  subject,
  tenantSettingsChanged,
} from '../src/index.js';

describe('subjects', () => {
  it('builds hf.<service>.<aggregate>.<event>, with or without a prefix', () => {
    expect(subject('', 'identity', 'tenant', 'created')).toBe('hf.identity.tenant.created');
    expect(subject('t123.', 'identity', 'tenant', 'created')).toBe('t123.hf.identity.tenant.created');
    expect(subject('t123', 'identity', 'tenant', 'settings-changed')).toBe(
      't123.hf.identity.tenant.settings-changed',
    );
    expect(tenantSettingsChanged.subject('t9.')).toBe('t9.hf.identity.tenant.settings-changed');
    expect(tenantSettingsChanged.subject()).toBe('hf.identity.tenant.settings-changed');
  });

  it('rejects tokens that would break subject matching', () => {
    expect(() => subject('', 'identity', 'tenant.x', 'created')).toThrow(/aggregate/);
    expect(() => subject('', 'identity', 'tenant', 'Created')).toThrow(/event/);
    expect(() => subject('', 'identity', 'tenant', '*')).toThrow();
    expect(() => subject('a b', 'identity', 'tenant', 'created')).toThrow(/prefix/);
    expect(() => normalizePrefix('t>.')).toThrow(/prefix/);
  });

  it('names streams without dots, one per publishing service', () => {
    expect(streamName('', 'identity')).toBe('HF_IDENTITY');
    expect(streamName('t123.', 'identity')).toBe('T123_HF_IDENTITY');
    expect(streamName('t123.', 'resident-services')).toBe('T123_HF_RESIDENT_SERVICES');
    expect(streamSubjects('t123.', 'identity')).toEqual(['t123.hf.identity.>']);
    expect(streamSubjects('', 'org')).toEqual(['hf.org.>']);
    expect(aggregateSubjects('t1.', 'identity', 'user')).toBe('t1.hf.identity.user.*');
  });

  it('names the dead-letter stream and subjects', () => {
    expect(dlqStreamName()).toBe('HF_DLQ');
    expect(dlqStreamName('t123.')).toBe('T123_HF_DLQ');
    expect(dlqStreamSubjects('t123.')).toEqual(['t123.hf.dlq.>']);
    expect(dlqSubject('t123.', 'org.compounds')).toBe('t123.hf.dlq.org.compounds');
    expect(() => dlqSubject('', 'org.>')).toThrow();
  });
});
