import { buildGateway } from './app.js';
import { type GatewayEnv, loadGatewayConfig } from './config.js';

let config: GatewayEnv;
try {
  config = loadGatewayConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const app = buildGateway({
  services: config.SERVICES,
  consoleDir: config.CONSOLE_DIR,
  logLevel: config.LOG_LEVEL,
});

let closing = false;
async function close(signal: NodeJS.Signals) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  // In-flight proxied requests get a bounded time to finish.
  const force = setTimeout(() => {
    app.log.error('shutdown timed out');
    process.exit(1);
  }, 10_000);
  force.unref();
  try {
    await app.close();
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.once('SIGINT', close);
process.once('SIGTERM', close);

try {
  await app.listen({ host: config.HOST, port: config.GATEWAY_PORT });
  const routes = Object.entries(config.SERVICES).map(([name, url]) => `/api/${name} → ${url}`);
  app.log.info({ console: config.CONSOLE_DIR ?? null }, `routing ${routes.join(', ')}`);
} catch (err) {
  app.log.error({ err }, 'gateway failed to start');
  process.exit(1);
}
