import { withTenant } from '@hongfan/db';
import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LiaisonAssignmentEntity } from '../../src/modules/formation/liaison-assignment.entity.js';
import { type Member, MemberEntity } from '../../src/modules/members/member.entities.js';
import { type PartyOrg, PartyOrgEntity } from '../../src/modules/party-orgs/party-org.entity.js';
import { CompoundEntity } from '../../src/modules/territory/territory.entities.js';
import { rand, type TestOrg } from './org.js';

/*
 * Rows the people modules need but whose APIs other modules own (Party organisations, members,
 * liaison cadres), written straight through the ORM in the tenant's transaction.
 */

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test are read field by field
type Row = Record<string, any>;

const db = <T>(t: TestOrg, tenantId: string, fn: (em: EntityManager) => Promise<T>) =>
  withTenant(t.org.deps.orm, tenantId, fn);

let phoneSeq = 0;
/** A mobile number unique within this test worker. */
export const uniquePhone = () =>
  `138${String(process.pid % 10_000).padStart(4, '0')}${String(++phoneSeq).padStart(4, '0')}`;

/** A grid (joint) branch covering the given compounds of one grid. */
export async function gridBranch(
  t: TestOrg,
  tenantId: string,
  grid: Row,
  compounds: Row[],
): Promise<PartyOrg> {
  return db(t, tenantId, async (em) => {
    const org = em.create(PartyOrgEntity, {
      id: crypto.randomUUID(),
      tenantId,
      level: 'grid-branch',
      name: `${grid.name}联合党支部${rand()}`,
      streetId: grid.streetId,
      communityId: grid.communityId,
      gridId: grid.id,
      formedOn: '2024-01-01',
    });
    await em.flush();
    await cover(em, org, compounds, 'joint-branch');
    return org;
  });
}

/** A compound's own branch. */
export async function compoundBranch(t: TestOrg, tenantId: string, compound: Row): Promise<PartyOrg> {
  return db(t, tenantId, async (em) => {
    const org = em.create(PartyOrgEntity, {
      id: crypto.randomUUID(),
      tenantId,
      level: 'compound-branch',
      name: `${compound.name}党支部${rand()}`,
      streetId: compound.streetId,
      communityId: compound.communityId,
      gridId: compound.gridId,
      compoundId: compound.id,
      formedOn: '2024-01-01',
    });
    await em.flush();
    await cover(em, org, [compound], 'own-branch');
    return org;
  });
}

/** A community Party committee (not a branch). */
export async function communityCommittee(t: TestOrg, tenantId: string, community: Row): Promise<PartyOrg> {
  return db(t, tenantId, async (em) => {
    const org = em.create(PartyOrgEntity, {
      tenantId,
      level: 'community-committee',
      name: `${community.name}党委${rand()}`,
      streetId: community.streetId,
      communityId: community.id,
      formedOn: '2024-01-01',
    });
    await em.flush();
    return org;
  });
}

async function cover(
  em: EntityManager,
  org: PartyOrg,
  compounds: Row[],
  form: 'own-branch' | 'joint-branch',
) {
  for (const c of compounds) {
    const row = await em.findOneOrFail(CompoundEntity, { id: c.id });
    row.branchId = org.id;
    row.branchForm = form;
  }
  await em.flush();
}

/** A Party member of a compound (full, self-managed, not a homeowner unless told). */
export async function member(
  t: TestOrg,
  tenantId: string,
  compound: Row,
  over: Partial<Member> = {},
): Promise<Member> {
  return db(t, tenantId, async (em) => {
    const m = em.create(MemberEntity, {
      tenantId,
      streetId: compound.streetId,
      communityId: compound.communityId,
      gridId: compound.gridId,
      compoundId: compound.id,
      name: `党员${rand()}`,
      gender: 'male',
      birthYear: 1970,
      phone: uniquePhone(),
      status: 'full',
      management: 'self',
      isHomeowner: false,
      joinedOn: '1995-07-01',
      ...over,
    });
    await em.flush();
    return m;
  });
}

/** A liaison cadre (联系包保) of a compound. */
export async function liaison(
  t: TestOrg,
  tenantId: string,
  compound: Row,
  over: {
    cadreName?: string;
    cadreKind?: 'street-cadre' | 'community-committee';
    committeeMemberId?: string;
  } = {},
) {
  return db(t, tenantId, async (em) => {
    const l = em.create(LiaisonAssignmentEntity, {
      tenantId,
      streetId: compound.streetId,
      communityId: compound.communityId,
      compoundId: compound.id,
      cadreKind: over.cadreKind ?? 'street-cadre',
      cadreName: over.cadreName ?? `包保干部${rand()}`,
      cadrePhone: uniquePhone(),
      committeeMemberId: over.committeeMemberId ?? null,
      startedOn: '2024-01-01',
    });
    await em.flush();
    return l;
  });
}

/** Reads rows of an entity in a tenant (to prove nothing was written). */
export async function count<T extends object>(
  t: TestOrg,
  tenantId: string,
  entity: EntityName<T>,
  where: Row = {},
): Promise<number> {
  return db(t, tenantId, (em) => em.count(entity, where as never));
}

/** A committee member through the API. */
export async function committeeMember(t: TestOrg, token: string, communityId: string, over: Row = {}) {
  return (
    await t.call(
      token,
      'POST',
      '/v1/committee-members',
      { communityId, name: `委员${rand()}`, committee: 'party', position: '委员', ...over },
      201,
    )
  ).body;
}

/** A second compound in the same grid, through the API. */
export async function siblingCompound(t: TestOrg, token: string, grid: Row, name = `小区${rand()}`) {
  return (await t.call(token, 'POST', '/v1/compounds', { gridId: grid.id, name }, 201)).body;
}

/** Runs `trigger` and waits for an org event on `subject` whose data `match`es; returns its envelope. */
export async function nextEvent(
  t: TestOrg,
  subject: string,
  match: (data: Row) => boolean,
  trigger: () => Promise<unknown>,
): Promise<{ tenantId: string; data: Row }> {
  const sub = t.nats.nc.subscribe(`${t.prefix}${subject}`);
  let timer: NodeJS.Timeout | undefined;
  const got = (async () => {
    for await (const m of sub) {
      const env = m.json<{ tenantId: string; data: Row }>();
      if (match(env.data)) return env;
    }
    return undefined;
  })();
  try {
    await trigger();
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), 10_000);
    });
    const env = await Promise.race([got, timeout]);
    if (!env) throw new Error(`no ${subject} event arrived`);
    return env;
  } finally {
    clearTimeout(timer);
    sub.unsubscribe();
  }
}
