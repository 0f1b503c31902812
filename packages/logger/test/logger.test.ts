import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()));
      cb();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes JSON with the service and request fields', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 'identity', destination: stream });
    log.child({ requestId: 'r1', tenantId: 't1', userId: 'u1' }).info('hello');
    expect(lines[0]).toMatchObject({
      service: 'identity',
      requestId: 'r1',
      tenantId: 't1',
      userId: 'u1',
      msg: 'hello',
      level: 'info',
    });
  });

  it('redacts authorization headers, passwords, secrets and tokens', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 's', destination: stream });
    log.info(
      { req: { headers: { authorization: 'Bearer abc' } }, body: { password: 'p', secret: 's', token: 't' } },
      'x',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('Bearer abc');
    expect(text).not.toMatch(/"password":"p"|"secret":"s"|"token":"t"/);
    expect(text).toContain('[redacted]');
  });
});
