import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema, type Opt } from '@mikro-orm/core';

/** An integration's identity inside one tenant: OAuth2 client credentials with per-service API scopes. */
export interface ServiceAccount extends TenantOwned {
  name: string;
  clientId: string;
  secretHash: string;
  scopes: string[];
  status: Opt<'active' | 'revoked'>;
  lastUsedAt?: Date | null;
}

export const ServiceAccountEntity = new EntitySchema<ServiceAccount>({
  name: 'ServiceAccount',
  tableName: 'service_accounts',
  properties: {
    ...tenantOwnedProperties,
    name: { type: 'string' },
    clientId: { type: 'string' },
    secretHash: { type: 'string', hidden: true },
    scopes: { type: 'string[]', columnType: 'text[]' },
    status: { type: 'string', default: 'active' },
    lastUsedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
  },
});
