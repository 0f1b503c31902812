import { withTenant } from '@hongfan/db';
import { ownerClient } from '@hongfan/testing';
import { CommitteeMemberEntity } from '../../src/modules/committee/committee-member.entity.js';
import { MemberEntity } from '../../src/modules/members/member.entities.js';
import type { TestOrg } from './org.js';

/** Territory rows as the API returns them (compound: id, streetId, communityId, gridId). */
// biome-ignore lint/suspicious/noExplicitAny: API bodies, as the territory helper returns them
type Row = Record<string, any>;
type Compound = Row;

/** How many active members of each kind to put in a compound. */
export interface Roster {
  selfFull?: number;
  selfProbationary?: number;
  nonSelfFull?: number;
  nonSelfProbationary?: number;
}

let phoneSeq = 0;
const phone = () => `139${String(process.pid % 1000).padStart(3, '0')}${String(++phoneSeq).padStart(5, '0')}`;

/**
 * Inserts members straight into org.members (the members API belongs to another module), in a
 * tenant transaction, and — as the members module will — calls `deps.rosterChanged` in the same
 * transaction unless `notify` is false. Returns the new members' ids.
 */
export async function addMembers(
  t: TestOrg,
  tenantId: string,
  compound: Compound,
  roster: Roster,
  opts: { notify?: boolean } = {},
): Promise<string[]> {
  const kinds: Array<[keyof Roster, 'full' | 'probationary', 'self' | 'non-self']> = [
    ['selfFull', 'full', 'self'],
    ['selfProbationary', 'probationary', 'self'],
    ['nonSelfFull', 'full', 'non-self'],
    ['nonSelfProbationary', 'probationary', 'non-self'],
  ];
  return withTenant(t.org.deps.orm, tenantId, async (em) => {
    const ids: string[] = [];
    for (const [key, status, management] of kinds)
      for (let i = 0; i < (roster[key] ?? 0); i++) {
        const m = em.create(MemberEntity, {
          id: crypto.randomUUID(),
          tenantId,
          streetId: compound.streetId,
          communityId: compound.communityId,
          gridId: compound.gridId,
          compoundId: compound.id,
          name: `党员${ids.length + 1}`,
          gender: i % 2 ? 'female' : 'male',
          birthYear: 1970,
          phone: phone(),
          status,
          management,
          membershipOrg: management === 'non-self' ? '市直机关' : null,
          isHomeowner: false,
          joinedOn: '2000-07-01',
        });
        ids.push(m.id);
      }
    await em.flush();
    if (opts.notify !== false) await t.org.deps.rosterChanged(em, tenantId, [compound.id]);
    return ids;
  });
}

/** Archives members (they leave the roster) and tells formation, as the members module will. */
export async function archiveMembers(t: TestOrg, tenantId: string, memberIds: string[]): Promise<void> {
  await withTenant(t.org.deps.orm, tenantId, async (em) => {
    const members = await em.find(MemberEntity, { id: { $in: memberIds } });
    for (const m of members) {
      m.archivedAt = new Date();
      m.archiveReason = 'moved-away';
    }
    await em.flush();
    await t.org.deps.rosterChanged(em, tenantId, [...new Set(members.map((m) => m.compoundId))]);
  });
}

/** A community two-committee member, inserted directly (the committee API is another module's). */
export async function addCommitteeMember(
  t: TestOrg,
  tenantId: string,
  community: Row,
  o: { name?: string; atWindow?: boolean; endedOn?: string } = {},
): Promise<string> {
  return withTenant(t.org.deps.orm, tenantId, async (em) => {
    const cm = em.create(CommitteeMemberEntity, {
      id: crypto.randomUUID(),
      tenantId,
      streetId: community.streetId,
      communityId: community.id,
      name: o.name ?? '王委员',
      committee: 'both',
      atWindow: o.atWindow ?? false,
      endedOn: o.endedOn ?? null,
    });
    await em.flush();
    return cm.id;
  });
}

/** Forms the street committee and the community committee over a territory, through the API. */
export async function formCommittees(t: TestOrg, admin: string, terr: { street: Row; community: Row }) {
  const street = (
    await t.call(
      admin,
      'POST',
      '/v1/party-orgs',
      { level: 'street-committee', streetId: terr.street.id },
      201,
    )
  ).body;
  const community = (
    await t.call(
      admin,
      'POST',
      '/v1/party-orgs',
      { level: 'community-committee', communityId: terr.community.id },
      201,
    )
  ).body;
  return { street, community };
}

/** Another compound in the same grid, through the API. */
export async function addCompound(t: TestOrg, admin: string, gridId: string, name: string) {
  return (await t.call(admin, 'POST', '/v1/compounds', { gridId, name }, 201)).body as Compound;
}

/** The events org wrote to its outbox for a tenant, oldest first (as the relay will publish them). */
export async function outbox(t: TestOrg, tenantId: string): Promise<Array<{ type: string; data: Row }>> {
  const c = await ownerClient(t.db.url);
  try {
    const rows = (
      await c.query(`select type, payload from org.hf_outbox where tenant_id = $1 order by seq`, [tenantId])
    ).rows;
    return rows.map((r) => ({ type: r.type, data: r.payload.data }));
  } finally {
    await c.end();
  }
}

/** Runs a query as the database owner (past row-level security), for assertions. */
export async function ownerQuery<T = Row>(t: TestOrg, sql: string, params: unknown[] = []) {
  const c = await ownerClient(t.db.url);
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Today in China (UTC+8), as the service counts days. */
export const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
