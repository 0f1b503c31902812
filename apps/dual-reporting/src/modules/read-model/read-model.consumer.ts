import {
  type CompoundState,
  compoundArchived,
  compoundCreated,
  compoundUpdated,
  type EventEnvelope,
  partyOrgChanged,
  partyOrgDissolved,
  partyOrgFormed,
} from '@hongfan/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SCHEMA } from '../../events.js';
import { rawExecute } from '../../sql.js';

/** The durable consumer that keeps the read model (inbox key and dead-letter subject). */
export const READ_MODEL_CONSUMER = 'dual-reporting.compounds';

const compoundDefs = [compoundCreated, compoundUpdated, compoundArchived];
const partyOrgDefs = [partyOrgFormed, partyOrgChanged, partyOrgDissolved];

/**
 * Applies org's compound and Party-organisation events to the read model. Every event carries the
 * record's full state, so each one overwrites the row (an upsert keyed by org's id); events of
 * other kinds on the same filter (`hf.org.>`) are skipped. Runs in the consumer's transaction,
 * bound to the event's tenant, after the inbox row that makes a redelivery a no-op.
 */
export function readModelHandler() {
  return async (em: EntityManager, envelope: EventEnvelope): Promise<void> => {
    const tenantId = envelope.tenantId;
    if (!tenantId) return;
    const compoundDef = compoundDefs.find((d) => d.matches(envelope));
    if (compoundDef) {
      await upsertCompound(em, tenantId, compoundDef.parseEnvelope(envelope).data);
      return;
    }
    const orgDef = partyOrgDefs.find((d) => d.matches(envelope));
    if (orgDef) {
      const d = orgDef.parseEnvelope(envelope).data;
      await rawExecute(
        em,
        `insert into ${SCHEMA}.branches as b (id, tenant_id, level, name, parent_id, street_id, community_id, grid_id, compound_ids, status)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
         on conflict (id) do update set level = excluded.level, name = excluded.name, parent_id = excluded.parent_id,
           street_id = excluded.street_id, community_id = excluded.community_id, grid_id = excluded.grid_id,
           compound_ids = excluded.compound_ids, status = excluded.status,
           updated_at = now(), version = b.version + 1`,
        [
          d.partyOrgId,
          tenantId,
          d.level,
          d.name,
          d.parentId,
          d.streetId,
          d.communityId,
          d.gridId,
          JSON.stringify(d.compoundIds),
          d.status,
        ],
      );
    }
  };
}

async function upsertCompound(em: EntityManager, tenantId: string, c: CompoundState): Promise<void> {
  await rawExecute(
    em,
    `insert into ${SCHEMA}.compounds as c (id, tenant_id, name, address, street_id, street_name, community_id,
       community_name, grid_id, grid_name, branch_id, branch_form, archived)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (id) do update set name = excluded.name, address = excluded.address,
       street_id = excluded.street_id, street_name = excluded.street_name,
       community_id = excluded.community_id, community_name = excluded.community_name,
       grid_id = excluded.grid_id, grid_name = excluded.grid_name, branch_id = excluded.branch_id,
       branch_form = excluded.branch_form, archived = excluded.archived,
       updated_at = now(), version = c.version + 1`,
    [
      c.compoundId,
      tenantId,
      c.name,
      c.address,
      c.streetId,
      c.streetName,
      c.communityId,
      c.communityName,
      c.gridId,
      c.gridName,
      c.branchId,
      c.branchForm,
      c.archived,
    ],
  );
}
