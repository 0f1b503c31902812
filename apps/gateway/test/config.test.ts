import { describe, expect, it } from 'vitest';
import { loadGatewayConfig, parseServices } from '../src/config.js';

describe('gateway config', () => {
  it('parses SERVICES into name → base URL and applies defaults', () => {
    const config = loadGatewayConfig({
      SERVICES: 'identity=http://127.0.0.1:4101, org=http://127.0.0.1:4102/ ,',
    });
    expect(config.SERVICES).toEqual({ identity: 'http://127.0.0.1:4101', org: 'http://127.0.0.1:4102' });
    expect(config.GATEWAY_PORT).toBe(8080);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.CONSOLE_DIR).toBeUndefined();
  });

  it('names the variable that is missing or bad, in one line', () => {
    expect(() => loadGatewayConfig({})).toThrow(/^gateway config: SERVICES: is required/);
    expect(() => loadGatewayConfig({ SERVICES: 'identity=http://x', GATEWAY_PORT: 'eighty' })).toThrow(
      /GATEWAY_PORT/,
    );
    try {
      loadGatewayConfig({ SERVICES: 'identity' });
    } catch (err) {
      expect((err as Error).message).toBe('gateway config: SERVICES: entry "identity" is not name=url');
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('rejects bad service entries', () => {
    expect(() => parseServices('Identity=http://x')).toThrow(/not a service name/);
    expect(() => parseServices('a=http://x,a=http://y')).toThrow(/listed twice/);
    expect(() => parseServices('a=ftp://x')).toThrow(/http or https/);
    expect(() => parseServices('a=not a url')).toThrow(/not a URL/);
    expect(() => parseServices(' , ')).toThrow(/lists no service/);
  });
});
