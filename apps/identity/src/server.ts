import { ConfigError, parseEnv } from '@hongfan/config';
import { createLogger } from '@hongfan/logger';
import { runService } from '@hongfan/service-kit';
import { composeIdentity } from './compose.js';
import { identityEnv } from './config.js';

async function main() {
  const env = parseEnv(identityEnv);
  const logger = createLogger({ service: 'identity', level: env.LOG_LEVEL });
  const identity = await composeIdentity(env, logger);
  await runService(identity.app, { host: env.HOST, port: env.PORT, logger, shutdown: identity.shutdown });
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error('identity failed to start:', err);
  process.exit(1);
});
