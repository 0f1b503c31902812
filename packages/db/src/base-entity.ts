import type { EntitySchemaProperty, Opt } from '@mikro-orm/core';

/** Columns every row has: a uuid key, timestamps and a version for optimistic locking. */
export interface BaseRow {
  id: string;
  createdAt: Opt<Date>;
  updatedAt: Opt<Date>;
  version: Opt<number>;
}

/** A row owned by one tenant (district); row-level security keys on tenant_id. */
export interface TenantOwned extends BaseRow {
  tenantId: string;
}

type Props<T> = { [K in keyof T]-?: EntitySchemaProperty<T[K], T> };

export const baseProperties: Props<BaseRow> = {
  id: { type: 'uuid', primary: true, onCreate: () => crypto.randomUUID() },
  createdAt: { type: 'Date', columnType: 'timestamptz', onCreate: () => new Date() },
  updatedAt: {
    type: 'Date',
    columnType: 'timestamptz',
    onCreate: () => new Date(),
    onUpdate: () => new Date(),
  },
  version: { type: 'integer', version: true },
} as Props<BaseRow>;

/** Spread into an EntitySchema's properties: `properties: { ...tenantOwnedProperties, name: {...} }`. */
export const tenantOwnedProperties: Props<TenantOwned> = {
  ...baseProperties,
  tenantId: { type: 'uuid', fieldName: 'tenant_id' },
} as Props<TenantOwned>;
