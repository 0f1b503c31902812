/** Headers the relay and the dead-letter path put on messages (besides `Nats-Msg-Id`). */
export const HEADERS = {
  eventType: 'Hf-Event-Type',
  tenantId: 'Hf-Tenant-Id',
  dlqConsumer: 'Hf-Dlq-Consumer',
  dlqError: 'Hf-Dlq-Error',
  dlqSubject: 'Hf-Dlq-Original-Subject',
  dlqStream: 'Hf-Dlq-Original-Stream',
  dlqStreamSeq: 'Hf-Dlq-Original-Seq',
  dlqDeliveries: 'Hf-Dlq-Deliveries',
} as const;
