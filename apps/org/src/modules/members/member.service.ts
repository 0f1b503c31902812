import { recordAudit } from '@hongfan/audit';
import { inOrder } from '@hongfan/db';
import { AppError, errors, type FieldIssue } from '@hongfan/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { assertWritable, effectiveAuth, type OrgAuth, ROSTER_WRITE_ROLES } from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import {
  type Building,
  BuildingEntity,
  type Compound,
  CompoundEntity,
  type Household,
  HouseholdEntity,
} from '../territory/territory.entities.js';
import { loadMemberForWrite } from './member.access.js';
import { type Member, MemberEntity, MemberMoveEntity } from './member.entities.js';
import { memberEvents } from './member.events.js';
import {
  joinedOnIssue,
  type MemberCreate,
  type MemberMoveBody,
  type MemberUpdate,
  membershipOrgIssue,
} from './member.schemas.js';
import { maskPhone } from './member.view.js';

/** A compound, building and household that belong together, checked against the territory. */
export interface Place {
  compound: Compound;
  building: Building | null;
  household: Household | null;
}

/**
 * Resolves where a member lives. An unknown (or archived) compound is a 400 on `compoundId`; one
 * outside the caller's scope a 404 (like any record they may not see); a building or household
 * that is not in that compound a 400 naming the field. A household alone implies its building.
 */
export async function resolvePlace(
  em: EntityManager,
  auth: OrgAuth,
  ref: { compoundId: string; buildingId?: string | null; householdId?: string | null },
): Promise<Place> {
  const compound = await em.findOne(CompoundEntity, { id: ref.compoundId });
  if (!compound || compound.archivedAt)
    throw errors.validation([{ path: 'body.compoundId', message: 'no such compound' }]);
  assertWritable(
    auth,
    {
      streetId: compound.streetId,
      communityId: compound.communityId,
      gridId: compound.gridId,
      compoundId: compound.id,
    },
    ROSTER_WRITE_ROLES,
    'Compound',
    compound.id,
  );
  return resolveWithin(em, compound, ref);
}

/** The building and household of a place inside a known compound (400s name the field). */
async function resolveWithin(
  em: EntityManager,
  compound: Compound,
  ref: { buildingId?: string | null; householdId?: string | null },
): Promise<Place> {
  const issues: FieldIssue[] = [];
  const [building, household] = await inOrder(
    () => (ref.buildingId ? em.findOne(BuildingEntity, { id: ref.buildingId }) : null),
    () => (ref.householdId ? em.findOne(HouseholdEntity, { id: ref.householdId }) : null),
  );
  if (ref.buildingId && (!building || building.archivedAt || building.compoundId !== compound.id))
    issues.push({ path: 'body.buildingId', message: 'is not a building of this compound' });
  if (ref.householdId) {
    if (!household || household.archivedAt || household.compoundId !== compound.id)
      issues.push({ path: 'body.householdId', message: 'is not a household of this compound' });
    else if (building && household.buildingId !== building.id)
      issues.push({ path: 'body.householdId', message: 'is not in that building' });
  }
  if (issues.length) throw errors.validation(issues);
  let theBuilding = building;
  if (!theBuilding && household) theBuilding = await em.findOne(BuildingEntity, { id: household.buildingId });
  return { compound, building: theBuilding ?? null, household: household ?? null };
}

/** 409 when an active member of the tenant already has this phone (the index enforces it too). */
async function assertPhoneFree(em: EntityManager, phone: string, exceptId?: string) {
  const taken = await em.count(MemberEntity, {
    phone,
    archivedAt: null,
    ...(exceptId ? { id: { $ne: exceptId } } : {}),
  });
  if (taken) throw errors.conflict(`Phone ${phone} is already registered to an active member`, 'phone_taken');
}

/**
 * Audit entries carry the phone masked: the audit log is readable across the tenant by cadres
 * whose data scope may not include this member (that a number changed still shows).
 */
const audit = (em: EntityManager, req: FastifyRequest, action: string, m: Member, before?: Member) =>
  recordAudit(em, req, {
    tenantId: m.tenantId,
    action: `members.${action}`,
    targetType: 'members',
    targetId: m.id,
    before: before && { ...before, phone: maskPhone(before.phone) },
    after: { ...m, phone: maskPhone(m.phone) },
  });

export function memberService(deps: OrgDeps) {
  const events = memberEvents(deps.prefix);

  return {
    async register(em: EntityManager, req: FastifyRequest, body: MemberCreate): Promise<Member> {
      const auth = await effectiveAuth(em, req);
      const place = await resolvePlace(em, auth, body);
      await assertPhoneFree(em, body.phone);
      const m = em.create(MemberEntity, {
        id: crypto.randomUUID(),
        tenantId: auth.tenantId!,
        streetId: place.compound.streetId,
        communityId: place.compound.communityId,
        gridId: place.compound.gridId,
        compoundId: place.compound.id,
        buildingId: place.building?.id ?? null,
        householdId: place.household?.id ?? null,
        name: body.name,
        gender: body.gender,
        birthYear: body.birthYear,
        phone: body.phone,
        status: body.status,
        management: body.management,
        membershipOrg: body.management === 'non-self' ? (body.membershipOrg ?? null) : null,
        isHomeowner: body.isHomeowner,
        joinedOn: body.joinedOn,
      });
      await em.flush();
      audit(em, req, 'registered', m);
      await events.registered(em, req, m);
      await deps.rosterChanged(em, m.tenantId, [m.compoundId]);
      return m;
    },

    async update(em: EntityManager, req: FastifyRequest, id: string, body: MemberUpdate): Promise<Member> {
      const { member: m } = await loadMemberForWrite(em, req, id);
      if (m.archivedAt) throw errors.unprocessable('archived', 'The member is archived; restore them first');
      const { version, ...changes } = body;
      if (Object.keys(changes).length === 0)
        throw errors.validation([{ path: 'body', message: 'name at least one field to change' }]);
      if (version !== m.version)
        throw new AppError({
          code: 'version_conflict',
          status: 409,
          title: 'Conflict',
          detail: `The member was changed by someone else (version ${m.version}, you sent ${version}); reload and retry`,
          extra: { currentVersion: m.version },
        });
      // Becoming self-managed drops the outside organisation unless the caller (wrongly) names one.
      if (changes.management === 'self' && changes.membershipOrg === undefined) changes.membershipOrg = null;
      const next = { ...m, ...changes };
      const issues: FieldIssue[] = [];
      const orgIssue = membershipOrgIssue(next);
      if (orgIssue) issues.push({ path: 'body.membershipOrg', message: orgIssue });
      const joinedIssue = joinedOnIssue(next);
      if (joinedIssue)
        issues.push({ path: changes.joinedOn ? 'body.joinedOn' : 'body.birthYear', message: joinedIssue });
      if (issues.length) throw errors.validation(issues);

      // Building and household are corrected within the compound: a household alone implies its
      // building, and another building (without a household) drops the old flat.
      if (changes.buildingId !== undefined || changes.householdId !== undefined) {
        if (changes.buildingId === null && changes.householdId)
          throw errors.validation([
            { path: 'body.buildingId', message: 'may not be cleared while naming a household' },
          ]);
        let buildingId = changes.buildingId === undefined ? (m.buildingId ?? null) : changes.buildingId;
        let householdId = changes.householdId === undefined ? (m.householdId ?? null) : changes.householdId;
        if (changes.householdId === undefined && buildingId !== (m.buildingId ?? null)) householdId = null;
        if (changes.householdId && changes.buildingId === undefined) buildingId = null;
        const compound = await em.findOneOrFail(CompoundEntity, { id: m.compoundId });
        const place = await resolveWithin(em, compound, { buildingId, householdId });
        changes.buildingId = place.building?.id ?? null;
        changes.householdId = place.household?.id ?? null;
      }
      if (changes.phone && changes.phone !== m.phone) await assertPhoneFree(em, changes.phone, m.id);

      const before = { ...m };
      Object.assign(m, changes);
      await em.flush();
      audit(em, req, 'updated', m, before);
      await events.changed(em, req, m);
      if (m.status !== before.status || m.management !== before.management)
        await deps.rosterChanged(em, m.tenantId, [m.compoundId]);
      return m;
    },

    async archive(
      em: EntityManager,
      req: FastifyRequest,
      id: string,
      body: { reason: string; note?: string },
    ): Promise<Member> {
      const { member: m } = await loadMemberForWrite(em, req, id);
      if (m.archivedAt) throw errors.unprocessable('already_archived', 'The member is already archived');
      const before = { ...m };
      m.archivedAt = new Date();
      m.archiveReason = body.reason;
      m.archiveNote = body.note || null;
      await em.flush();
      audit(em, req, 'archived', m, before);
      await events.changed(em, req, m);
      await deps.rosterChanged(em, m.tenantId, [m.compoundId]);
      return m;
    },

    async restore(em: EntityManager, req: FastifyRequest, id: string): Promise<Member> {
      const { member: m } = await loadMemberForWrite(em, req, id);
      if (!m.archivedAt) throw errors.unprocessable('not_archived', 'The member is not archived');
      const compound = await em.findOneOrFail(CompoundEntity, { id: m.compoundId });
      if (compound.archivedAt)
        throw errors.unprocessable(
          'compound_archived',
          'The member’s compound is archived; restore it, or register the member where they live now',
        );
      await assertPhoneFree(em, m.phone, m.id);
      const before = { ...m };
      m.archivedAt = null;
      m.archiveReason = null;
      m.archiveNote = null;
      await em.flush();
      audit(em, req, 'restored', m, before);
      await events.changed(em, req, m);
      await deps.rosterChanged(em, m.tenantId, [m.compoundId]);
      return m;
    },

    /** Moving house: a history row, the member's new path, and both compounds' rosters re-evaluated. */
    async move(em: EntityManager, req: FastifyRequest, id: string, body: MemberMoveBody): Promise<Member> {
      const { member: m, auth } = await loadMemberForWrite(em, req, id);
      if (m.archivedAt) throw errors.unprocessable('archived', 'The member is archived; restore them first');
      const place = await resolvePlace(em, auth, body);
      const to = {
        compoundId: place.compound.id,
        buildingId: place.building?.id ?? null,
        householdId: place.household?.id ?? null,
      };
      if (
        to.compoundId === m.compoundId &&
        to.buildingId === (m.buildingId ?? null) &&
        to.householdId === (m.householdId ?? null)
      )
        throw errors.unprocessable('same_place', 'The member already lives there');
      const issues: FieldIssue[] = [];
      if (body.movedOn < m.joinedOn)
        issues.push({ path: 'body.movedOn', message: `may not be before the member joined (${m.joinedOn})` });
      const last = await em.findOne(
        MemberMoveEntity,
        { memberId: m.id },
        { orderBy: { movedOn: 'desc', createdAt: 'desc' } },
      );
      if (last && body.movedOn < last.movedOn)
        issues.push({ path: 'body.movedOn', message: `may not be before the last move (${last.movedOn})` });
      if (issues.length) throw errors.validation(issues);

      const before = { ...m };
      em.create(MemberMoveEntity, {
        tenantId: m.tenantId,
        memberId: m.id,
        fromCompoundId: m.compoundId,
        fromBuildingId: m.buildingId ?? null,
        fromHouseholdId: m.householdId ?? null,
        toCompoundId: to.compoundId,
        toBuildingId: to.buildingId,
        toHouseholdId: to.householdId,
        movedOn: body.movedOn,
      });
      Object.assign(m, {
        streetId: place.compound.streetId,
        communityId: place.compound.communityId,
        gridId: place.compound.gridId,
        ...to,
      });
      await em.flush();
      audit(em, req, 'moved', m, before);
      await events.moved(em, req, m, before.compoundId);
      await deps.rosterChanged(em, m.tenantId, [...new Set([before.compoundId, m.compoundId])]);
      return m;
    },
  };
}
