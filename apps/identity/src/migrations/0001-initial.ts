import { auditTableSql } from '@hongfan/audit';
import { Migration, tenantTableSql } from '@hongfan/db';
import { messagingTablesSql } from '@hongfan/messaging';

/** Tenants, platform admins, signing keys; tenant-owned users, service accounts, sessions, audit. */
export class InitialIdentity extends Migration {
  override async up(): Promise<void> {
    const s = 'identity';
    this.addSql(`create table ${s}.tenants (
      id uuid primary key,
      code varchar(6) not null constraint tenants_code_unique unique constraint tenants_code_format check (code ~ '^[0-9]{6}$'),
      name text not null,
      city text not null,
      status text not null default 'active' check (status in ('active', 'suspended')),
      settings jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1)`);
    this.addSql(`create table ${s}.platform_admins (
      id uuid primary key,
      username text not null constraint platform_admins_username_unique unique,
      display_name text not null,
      password_hash text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1)`);
    this.addSql(`create table ${s}.signing_keys (
      kid text primary key,
      private_pem text not null,
      public_jwk jsonb not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz)`);
    this.addSql(`create table ${s}.platform_sessions (
      id uuid primary key,
      admin_id uuid not null references ${s}.platform_admins(id) on delete cascade,
      family_id uuid not null,
      token_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now())`);

    this.addSql(`create table ${s}.users (
      id uuid primary key,
      tenant_id uuid not null references ${s}.tenants(id),
      username text not null,
      display_name text not null,
      phone text,
      password_hash text not null,
      roles text[] not null,
      scope jsonb not null default '{}',
      status text not null default 'active' check (status in ('active', 'disabled')),
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1,
      constraint users_username_unique unique (tenant_id, username))`);
    this.addSql(`create table ${s}.service_accounts (
      id uuid primary key,
      tenant_id uuid not null references ${s}.tenants(id),
      name text not null,
      client_id text not null constraint service_accounts_client_id_unique unique,
      secret_hash text not null,
      scopes text[] not null,
      status text not null default 'active' check (status in ('active', 'revoked')),
      last_used_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1,
      constraint service_accounts_name_unique unique (tenant_id, name))`);
    this.addSql(`create table ${s}.refresh_tokens (
      id uuid primary key,
      tenant_id uuid not null references ${s}.tenants(id),
      user_id uuid not null references ${s}.users(id) on delete cascade,
      family_id uuid not null,
      token_hash text not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1)`);
    this.addSql(`create index refresh_tokens_family on ${s}.refresh_tokens (tenant_id, family_id)`);
    for (const sql of auditTableSql(s)) this.addSql(sql);
    for (const t of ['users', 'service_accounts', 'refresh_tokens'])
      for (const sql of tenantTableSql(`${s}.${t}`)) this.addSql(sql);
    for (const sql of messagingTablesSql(s)) this.addSql(sql);
  }
}

export const migrations = [{ name: '0001-initial', class: InitialIdentity }];
