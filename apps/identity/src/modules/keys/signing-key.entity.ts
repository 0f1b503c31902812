import { EntitySchema, type Opt } from '@mikro-orm/core';

/** An RS256 key pair. Retired keys stay published until every token they signed has expired. */
export interface SigningKey {
  kid: string;
  privatePem: string;
  publicJwk: Record<string, unknown>;
  createdAt: Opt<Date>;
  retiredAt?: Date | null;
}

export const SigningKeyEntity = new EntitySchema<SigningKey>({
  name: 'SigningKey',
  tableName: 'signing_keys',
  properties: {
    kid: { type: 'string', primary: true },
    privatePem: { type: 'text', hidden: true },
    publicJwk: { type: 'json' },
    createdAt: { type: 'Date', columnType: 'timestamptz', onCreate: () => new Date() },
    retiredAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
  },
});
