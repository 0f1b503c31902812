import type { Logger } from '@hongfan/logger';

/**
 * Listens, and on SIGINT/SIGTERM stops taking requests, lets in-flight ones finish, then runs
 * `shutdown` (relay, consumers, NATS, database) in order. A second signal forces the exit.
 */
export async function runService(
  app: { close(): Promise<unknown>; listen(o: { host: string; port: number }): Promise<unknown> },
  opts: { host: string; port: number; logger: Logger; shutdown: () => Promise<void> },
): Promise<void> {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    opts.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await opts.shutdown();
      process.exit(0);
    } catch (err) {
      opts.logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ host: opts.host, port: opts.port });
}
