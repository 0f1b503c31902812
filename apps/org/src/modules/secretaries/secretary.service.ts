import { recordAudit } from '@hongfan/audit';
import { secretaryAppointed } from '@hongfan/contracts';
import { errors } from '@hongfan/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { TREE_WRITE_ROLES } from '../../access.js';
import { publish } from '../../events.js';
import { type CommitteeMember, CommitteeMemberEntity } from '../committee/committee-member.entity.js';
import { type LiaisonAssignment, LiaisonAssignmentEntity } from '../formation/liaison-assignment.entity.js';
import { type Member, MemberEntity } from '../members/member.entities.js';
import { assertActive, assertRole, type LoadedOrg } from './branch.js';
import { PERSON_KIND_NAMES, type PersonKind, type SecretaryAppoint } from './secretary.schemas.js';
import { type SecretaryTerm, SecretaryTermEntity } from './secretary-term.entity.js';

/**
 * 选优配强支部书记. A member of the branch is preferred: homeowners (业主) first, then full before
 * probationary members, then self-managed before non-self-managed. A probationary member cannot
 * hold the post (no right to be elected yet), so a "suitable member" is an active full member of
 * the branch's compounds. With none, the compound's liaison cadre or a community Party-committee
 * member serves concurrently (兼任).
 */
export interface Candidate {
  id: string;
  group: number;
  personKind: PersonKind;
  memberId: string | null;
  liaisonId: string | null;
  committeeMemberId: string | null;
  name: string;
  phone: string | null;
  compoundId: string | null;
  isHomeowner: boolean | null;
  memberStatus: 'full' | 'probationary' | null;
  management: 'self' | 'non-self' | null;
  position: string | null;
  concurrent: boolean;
  suitable: boolean;
  reasons: string[];
}

/** The ordering of candidates: members (by the preference), then liaison cadres, then committee members. */
export const candidateKey = (c: Candidate) => [
  c.group,
  c.isHomeowner ? 0 : 1,
  c.memberStatus === 'full' ? 0 : 1,
  c.management === 'self' ? 0 : 1,
  c.name,
];

function memberCandidate(m: Member): Candidate {
  const full = m.status === 'full';
  return {
    id: m.id,
    group: 0,
    personKind: 'member',
    memberId: m.id,
    liaisonId: null,
    committeeMemberId: null,
    name: m.name,
    phone: m.phone,
    compoundId: m.compoundId,
    isHomeowner: m.isHomeowner,
    memberStatus: m.status,
    management: m.management,
    position: null,
    concurrent: false,
    suitable: full,
    reasons: [
      m.isHomeowner ? '小区业主（优先）' : '非业主',
      full ? '正式党员' : '预备党员（暂不能担任书记）',
      m.management === 'self' ? '自管党员' : `非自管党员${m.membershipOrg ? `（${m.membershipOrg}）` : ''}`,
    ],
  };
}

function liaisonCandidate(l: LiaisonAssignment): Candidate {
  const street = l.cadreKind === 'street-cadre';
  return {
    id: l.id,
    group: 1,
    personKind: 'liaison-cadre',
    memberId: null,
    liaisonId: l.id,
    committeeMemberId: l.committeeMemberId ?? null,
    name: l.cadreName,
    phone: l.cadrePhone ?? null,
    compoundId: l.compoundId,
    isHomeowner: null,
    memberStatus: null,
    management: null,
    position: null,
    concurrent: true,
    suitable: true,
    reasons: ['支部无合适党员', street ? '小区包保街道干部，兼任书记' : '小区包保社区"两委"成员，兼任书记'],
  };
}

function committeeCandidate(c: CommitteeMember): Candidate {
  return {
    id: c.id,
    group: 2,
    personKind: 'committee-member',
    memberId: c.memberId ?? null,
    liaisonId: null,
    committeeMemberId: c.id,
    name: c.name,
    phone: c.phone ?? null,
    compoundId: null,
    isHomeowner: null,
    memberStatus: null,
    management: null,
    position: c.position ?? null,
    concurrent: true,
    suitable: true,
    reasons: ['支部无合适党员', `社区党委${c.position ? c.position : '成员'}，兼任书记`],
  };
}

/** Active members of the branch's compounds. */
export async function branchMembers(em: EntityManager, b: LoadedOrg): Promise<Member[]> {
  if (!b.compounds.length) return [];
  return em.find(MemberEntity, { compoundId: { $in: b.compounds.map((c) => c.id) }, archivedAt: null });
}

/** Every candidate, unordered; the fallback people only when no member is suitable. */
export async function secretaryCandidates(em: EntityManager, b: LoadedOrg) {
  const members = await branchMembers(em, b);
  const candidates = members.map(memberCandidate);
  const suitableMemberExists = candidates.some((c) => c.suitable);
  if (!suitableMemberExists) {
    const liaisons = b.compounds.length
      ? await em.find(LiaisonAssignmentEntity, {
          compoundId: { $in: b.compounds.map((c) => c.id) },
          endedOn: null,
        })
      : [];
    candidates.push(...liaisons.map(liaisonCandidate));
    const asLiaison = new Set(liaisons.map((l) => l.committeeMemberId).filter(Boolean));
    if (b.org.communityId) {
      const committee = await em.find(CommitteeMemberEntity, {
        communityId: b.org.communityId,
        committee: { $in: ['party', 'both'] },
        endedOn: null,
      });
      candidates.push(...committee.filter((c) => !asLiaison.has(c.id)).map(committeeCandidate));
    }
  }
  return { candidates, suitableMemberExists };
}

/** The person named in an appointment, checked to belong to the branch (400 naming the field otherwise). */
async function resolvePerson(em: EntityManager, b: LoadedOrg, body: SecretaryAppoint) {
  const compoundIds = b.compounds.map((c) => c.id);
  if (body.personKind === 'member') {
    const m = await em.findOne(MemberEntity, { id: body.memberId!, archivedAt: null });
    if (!m || !compoundIds.includes(m.compoundId))
      throw errors.validation([
        { path: 'body.memberId', message: "must be an active Party member of the branch's compounds" },
      ]);
    if (m.status !== 'full')
      throw errors.unprocessable(
        'member_probationary',
        `${m.name} is a probationary member (预备党员) and cannot yet serve as branch secretary`,
      );
    return { name: m.name, memberId: m.id, isHomeowner: m.isHomeowner, key: `member:${m.id}` };
  }
  if (body.personKind === 'liaison-cadre') {
    const l = await em.findOne(LiaisonAssignmentEntity, { id: body.liaisonId!, endedOn: null });
    if (!l || !compoundIds.includes(l.compoundId))
      throw errors.validation([
        { path: 'body.liaisonId', message: "must be a current liaison assignment of the branch's compounds" },
      ]);
    return { name: l.cadreName, liaisonId: l.id, isHomeowner: false, key: `liaison:${l.id}` };
  }
  const c = await em.findOne(CommitteeMemberEntity, { id: body.committeeMemberId!, endedOn: null });
  if (!c || c.communityId !== b.org.communityId || c.committee === 'residents')
    throw errors.validation([
      {
        path: 'body.committeeMemberId',
        message: "must be a current member of the branch community's Party committee",
      },
    ]);
  return { name: c.name, committeeMemberId: c.id, isHomeowner: false, key: `committee:${c.id}` };
}

const personKey = (t: SecretaryTerm) =>
  t.personKind === 'member'
    ? `member:${t.memberId}`
    : t.personKind === 'liaison-cadre'
      ? `liaison:${t.liaisonId}`
      : `committee:${t.committeeMemberId}`;

/**
 * Appoints a secretary: ends the current term (kept as history) and opens a new one. A liaison
 * cadre or committee member is refused while the branch has a suitable member, unless the caller
 * gives an override reason (the source's "suitable" also means keen and capable, which a roster
 * cannot tell); the reason goes to the audit trail.
 */
export async function appointSecretary(
  em: EntityManager,
  req: FastifyRequest,
  prefix: string,
  b: LoadedOrg,
  body: SecretaryAppoint,
): Promise<SecretaryTerm> {
  assertRole(b.auth, TREE_WRITE_ROLES, 'branch secretary');
  assertActive(b.org);
  const person = await resolvePerson(em, b, body);
  if (body.personKind !== 'member') {
    const suitable = (await branchMembers(em, b)).filter((m) => m.status === 'full').length;
    if (suitable && !body.override)
      throw errors.unprocessable(
        'suitable_member_exists',
        `The branch has ${suitable} full member(s); a liaison cadre or committee member serves concurrently only when no member is suitable (give override.reason to appoint anyway)`,
        { suitableMembers: suitable },
      );
  }
  const current = await em.findOne(SecretaryTermEntity, { partyOrgId: b.org.id, endedOn: null });
  if (current) {
    if (personKey(current) === person.key)
      throw errors.conflict(`${current.personName} is already the secretary`, 'already_secretary', {
        termId: current.id,
      });
    if (body.startedOn < current.startedOn)
      throw errors.validation([
        {
          path: 'body.startedOn',
          message: `must not be before the current term began (${current.startedOn})`,
        },
      ]);
    const before = { ...current };
    current.endedOn = body.startedOn;
    current.endReason = `由${person.name}接任`;
    await em.flush();
    recordAudit(em, req, {
      tenantId: current.tenantId,
      action: 'secretary-terms.ended',
      targetType: 'secretary-terms',
      targetId: current.id,
      before,
      after: current,
    });
  }
  const term = em.create(SecretaryTermEntity, {
    tenantId: b.org.tenantId,
    streetId: b.org.streetId ?? null,
    communityId: b.org.communityId ?? null,
    partyOrgId: b.org.id,
    personKind: body.personKind,
    memberId: person.memberId ?? null,
    liaisonId: person.liaisonId ?? null,
    committeeMemberId: person.committeeMemberId ?? null,
    personName: person.name,
    concurrent: body.personKind !== 'member',
    isHomeowner: person.isHomeowner,
    startedOn: body.startedOn,
  });
  await em.flush();
  recordAudit(em, req, {
    tenantId: term.tenantId,
    action: 'secretary-terms.appointed',
    targetType: 'secretary-terms',
    targetId: term.id,
    after: { ...term, overrideReason: body.personKind !== 'member' ? (body.override?.reason ?? null) : null },
  });
  await publish(em, { prefix, req }, secretaryAppointed, term.tenantId, {
    termId: term.id,
    partyOrgId: term.partyOrgId,
    personName: term.personName,
    memberId: term.memberId ?? null,
    concurrent: term.concurrent,
    startedOn: term.startedOn,
  });
  return term;
}

export async function endSecretary(
  em: EntityManager,
  req: FastifyRequest,
  b: LoadedOrg,
  body: { endedOn: string; reason?: string },
): Promise<SecretaryTerm> {
  assertRole(b.auth, TREE_WRITE_ROLES, 'branch secretary');
  const current = await em.findOne(SecretaryTermEntity, { partyOrgId: b.org.id, endedOn: null });
  if (!current)
    throw errors.unprocessable('no_current_secretary', `${b.org.name} has no secretary in office`);
  if (body.endedOn < current.startedOn)
    throw errors.validation([
      { path: 'body.endedOn', message: `must not be before the term began (${current.startedOn})` },
    ]);
  const before = { ...current };
  current.endedOn = body.endedOn;
  current.endReason = body.reason ?? '任期结束';
  await em.flush();
  recordAudit(em, req, {
    tenantId: current.tenantId,
    action: 'secretary-terms.ended',
    targetType: 'secretary-terms',
    targetId: current.id,
    before,
    after: current,
  });
  return current;
}

export function toTermView(t: SecretaryTerm) {
  return {
    id: t.id,
    partyOrgId: t.partyOrgId,
    streetId: t.streetId ?? null,
    communityId: t.communityId ?? null,
    personKind: t.personKind,
    personKindName: PERSON_KIND_NAMES[t.personKind],
    memberId: t.memberId ?? null,
    liaisonId: t.liaisonId ?? null,
    committeeMemberId: t.committeeMemberId ?? null,
    personName: t.personName,
    concurrent: t.concurrent,
    concurrentName: t.concurrent ? '兼任' : null,
    isHomeowner: t.isHomeowner,
    startedOn: t.startedOn,
    endedOn: t.endedOn ?? null,
    endReason: t.endReason ?? null,
    current: !t.endedOn,
    createdAt: t.createdAt.toISOString(),
  };
}
