import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { errorFields, type MessagingLogger, silentLogger } from './logger.js';

export interface ConnectNatsOptions {
  servers: string | string[];
  /** Shows up in the server's connection list (`connz`); use the service name. */
  name: string;
  logger?: MessagingLogger;
  /** Wait between reconnect attempts (nats.js default 2000 ms). */
  reconnectTimeWaitMs?: number;
  /** Timeout for JetStream API calls and publish acks (nats.js default 5000 ms). */
  jsTimeoutMs?: number;
}

export interface NatsHandles {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/**
 * Connects with `maxReconnectAttempts: -1`: a service never gives up on the broker. While it is
 * away, the outbox keeps events in Postgres and consumers resume once the client reconnects.
 * `waitOnFirstConnect` extends the same patience to start-up (the broker may come up after us).
 */
export async function connectNats(opts: ConnectNatsOptions): Promise<NatsHandles> {
  const log = opts.logger ?? silentLogger;
  const nc = await connect({
    servers: opts.servers,
    name: opts.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: opts.reconnectTimeWaitMs ?? 2000,
    waitOnFirstConnect: true,
  });
  void (async () => {
    for await (const s of nc.status()) {
      switch (s.type) {
        case 'disconnect':
          log.warn({ nats: s.type, server: s.server }, 'nats disconnected');
          break;
        case 'reconnect':
          log.info({ nats: s.type, server: s.server }, 'nats reconnected');
          break;
        case 'error':
          log.error({ nats: s.type, ...errorFields(s.error) }, 'nats error');
          break;
        case 'ldm':
        case 'staleConnection':
        case 'slowConsumer':
          log.warn({ nats: s.type }, `nats ${s.type}`);
          break;
        default:
          // ping/reconnecting/update are too chatty for info.
          log.debug?.({ nats: s.type }, `nats ${s.type}`);
      }
    }
  })().catch(() => {});
  const jsOpts = opts.jsTimeoutMs ? { timeout: opts.jsTimeoutMs } : {};
  return { nc, js: jetstream(nc, jsOpts), jsm: await jetstreamManager(nc, jsOpts) };
}
