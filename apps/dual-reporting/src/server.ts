import { ConfigError, parseEnv } from '@hongfan/config';
import { createLogger } from '@hongfan/logger';
import { runService } from '@hongfan/service-kit';
import { composeDualReporting } from './compose.js';
import { dualReportingEnv } from './config.js';

async function main() {
  const env = parseEnv(dualReportingEnv);
  const logger = createLogger({ service: 'dual-reporting', level: env.LOG_LEVEL });
  const service = await composeDualReporting(env, logger);
  await runService(service.app, { host: env.HOST, port: env.PORT, logger, shutdown: service.shutdown });
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('dual-reporting failed to start:', err);
  process.exit(1);
});
