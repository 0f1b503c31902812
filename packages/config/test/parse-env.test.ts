import { describe, expect, it } from 'vitest';
import { baseServiceEnv, ConfigError, parseEnv } from '../src/index.js';

describe('parseEnv', () => {
  it('applies defaults and coerces numbers', () => {
    const env = parseEnv(baseServiceEnv, { PORT: '4101', DATABASE_URL: 'postgres://postgres@127.0.0.1/x' });
    expect(env.PORT).toBe(4101);
    expect(env.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(env.SUBJECT_PREFIX).toBe('');
  });

  it('fails with one line naming each bad variable', () => {
    try {
      parseEnv(baseServiceEnv, { PORT: 'x', DATABASE_URL: 'mysql://nope' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).not.toContain('\n');
      expect(msg).toMatch(/PORT/);
      expect(msg).toMatch(/DATABASE_URL: must be a postgres: or postgresql: URL/);
    }
  });

  it('names a missing variable', () => {
    expect(() => parseEnv(baseServiceEnv, { PORT: '1' })).toThrow(/DATABASE_URL/);
  });
});
