import { tenantTableSql } from '@hongfan/db';

/** DDL for a service's audit log (`<schema>.audit_log`), under the same row-level security as every tenant table. */
export function auditTableSql(schema: string): string[] {
  return [
    `create table ${schema}.audit_log (
      id uuid primary key,
      tenant_id uuid not null,
      actor_kind text not null,
      actor_id text not null,
      actor_name text,
      action text not null,
      target_type text not null,
      target_id text not null,
      before jsonb,
      after jsonb,
      request_id text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1)`,
    `create index audit_log_recent on ${schema}.audit_log (tenant_id, created_at desc, id desc)`,
    `create index audit_log_target on ${schema}.audit_log (tenant_id, target_id)`,
    ...tenantTableSql(`${schema}.audit_log`),
  ];
}
