import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { createSigner } from 'fast-jwt';

/**
 * Stands in for identity in service benchmarks: serves a JWKS and signs tokens like identity does
 * (RS256, kid, iss, aud), so a service under load verifies real tokens against a real JWKS URL.
 */
export async function identityStub(port: number) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'bench-key';
  const jwk = {
    ...(publicKey.export({ format: 'jwk' }) as object),
    kid,
    alg: 'RS256',
    use: 'sig',
  };
  const server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const signer = createSigner({
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    algorithm: 'RS256',
    kid,
    iss: 'hongfan-identity',
    aud: 'hongfan',
    expiresIn: 3600_000,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    token: (tenantId: string, roles: string[], scope: Record<string, string[]> = {}) =>
      signer({ sub: crypto.randomUUID(), typ: 'user', tid: tenantId, roles, scope, scp: [] }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
