export { nakDelay } from './backoff.js';
export { type ConnectNatsOptions, connectNats, type NatsHandles } from './connect.js';
export {
  type ConsumerHandle,
  durableNameFor,
  type EventHandler,
  type StartConsumerOptions,
  startConsumer,
} from './consumer.js';
export { HEADERS } from './headers.js';
export { type MessagingLogger, silentLogger } from './logger.js';
export { type EnqueueOptions, enqueue, enqueueMany, type OutboxEvent } from './outbox.js';
export { OutboxRelay, type OutboxRelayOptions } from './relay.js';
export { grantMessagingSql, messagingTablesSql, OUTBOX_CHANNEL } from './schema-sql.js';
export { type EnsureStreamOptions, ensureDlqStream, ensureStream } from './streams.js';
