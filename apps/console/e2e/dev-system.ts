// Starts the system as the browser tests see it, for development: `pnpm exec tsx e2e/dev-system.ts`.
import { startSystem } from './system.js';

const sys = await startSystem({ label: 'console_dev', logLevel: process.env.LOG_LEVEL ?? 'warn' });
console.log(
  `gateway: ${sys.url}  services: ${sys.services.join(', ')}  admin: ${sys.admin.username} / ${sys.admin.password}`,
);
const stop = async () => {
  await sys.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
