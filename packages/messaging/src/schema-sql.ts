import { quoteIdent } from './sql-ident.js';

/** The channel the outbox trigger notifies on; the payload is the schema name. */
export const OUTBOX_CHANNEL = 'hf_outbox';

/**
 * DDL for a service's outbox and inbox, for its first migration. Idempotent, so it can also be
 * re-run by tests. The schema itself must already exist (the service's migration creates it).
 *
 * No row-level security on purpose: these are infrastructure tables that the relay reads across
 * tenants; tenant data inside the payload is only ever delivered to consumers, which apply their
 * own RLS when they write.
 */
export function messagingTablesSql(schema: string): string[] {
  const s = quoteIdent(schema, 'schema');
  return [
    `create table if not exists ${s}.hf_outbox (
      seq bigserial primary key,
      id uuid not null unique,
      subject text not null,
      type text not null,
      version int not null,
      tenant_id uuid null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      published_at timestamptz null
    )`,
    // The relay only ever scans unpublished rows; a partial index keeps that scan tiny however
    // many published rows have piled up.
    `create index if not exists hf_outbox_unpublished_idx on ${s}.hf_outbox (seq) where published_at is null`,
    `create or replace function ${s}.hf_outbox_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('${OUTBOX_CHANNEL}', tg_table_schema);
      return null;
    end
    $$`,
    // NOTIFY is delivered on commit (never on rollback) and repeats within a transaction are
    // folded, so one statement-level notify per insert statement is enough to wake the relay.
    `create or replace trigger hf_outbox_notify after insert on ${s}.hf_outbox
      for each statement execute function ${s}.hf_outbox_notify()`,
    `create table if not exists ${s}.hf_inbox (
      consumer text not null,
      event_id uuid not null,
      processed_at timestamptz not null default now(),
      primary key (consumer, event_id)
    )`,
  ];
}

/** Lets the service's (non-owner, no BYPASSRLS) app role use the messaging tables. */
export function grantMessagingSql(schema: string, appRole: string): string[] {
  const s = quoteIdent(schema, 'schema');
  const r = quoteIdent(appRole, 'role');
  return [
    `grant usage on schema ${s} to ${r}`,
    `grant select, insert, update, delete on ${s}.hf_outbox, ${s}.hf_inbox to ${r}`,
    `grant usage, select on sequence ${s}.hf_outbox_seq_seq to ${r}`,
  ];
}
