import { errors } from '@hongfan/errors';
import type { AuthContext, ScopePath } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import {
  assertVisible,
  assertWritable,
  effectiveAuth,
  type OrgAuth,
  ROSTER_WRITE_ROLES,
  TREE_WRITE_ROLES,
} from '../../access.js';
import { type Member, MemberEntity } from './member.entities.js';

/** Where a member sits, for scope checks. */
export const memberPath = (
  m: Pick<Member, 'streetId' | 'communityId' | 'gridId' | 'compoundId'>,
): ScopePath => ({
  streetId: m.streetId,
  communityId: m.communityId,
  gridId: m.gridId,
  compoundId: m.compoundId,
});

const holds = (auth: AuthContext, roles: string[]) =>
  auth.kind === 'service' ? auth.apiScopes.includes('org:write') : auth.roles.some((r) => roles.includes(r));

/**
 * May the caller keep rosters (by role)? Only they see whole phone numbers, and only of members in
 * their scope (which every member they can load is).
 */
export const keepsRosters = (auth: AuthContext) => holds(auth, ROSTER_WRITE_ROLES);
/** May the caller add territory (households) while importing? Tree writers only, within their scope. */
export const buildsTerritory = (auth: AuthContext) => holds(auth, TREE_WRITE_ROLES);

/** Loads a member the caller may see; anything else (another tenant's, outside the scope) is a 404. */
export async function loadMember(
  em: EntityManager,
  req: FastifyRequest,
  id: string,
): Promise<{ member: Member; auth: OrgAuth }> {
  const member = await em.findOne(MemberEntity, { id });
  if (!member) throw errors.notFound('Member', id);
  const auth = await effectiveAuth(em, req);
  assertVisible(auth, memberPath(member), 'Member', id);
  return { member, auth };
}

/** Loads a member the caller may change: visible (else 404) and a roster role (else 403). */
export async function loadMemberForWrite(em: EntityManager, req: FastifyRequest, id: string) {
  const loaded = await loadMember(em, req, id);
  assertWritable(loaded.auth, memberPath(loaded.member), ROSTER_WRITE_ROLES, 'Member', id);
  return loaded;
}
