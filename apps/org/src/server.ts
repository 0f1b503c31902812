import { ConfigError, parseEnv } from '@hongfan/config';
import { createLogger } from '@hongfan/logger';
import { runService } from '@hongfan/service-kit';
import { composeOrg } from './compose.js';
import { orgEnv } from './config.js';

async function main() {
  const env = parseEnv(orgEnv);
  const logger = createLogger({ service: 'org', level: env.LOG_LEVEL });
  const org = await composeOrg(env, logger);
  await runService(org.app, { host: env.HOST, port: env.PORT, logger, shutdown: org.shutdown });
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('org failed to start:', err);
  process.exit(1);
});
