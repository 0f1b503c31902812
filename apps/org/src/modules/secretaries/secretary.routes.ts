import { idParams, pageOf, type Service, withProblems } from '@hongfan/service-kit';
import { canRead, canWriteTree, effectiveAuth, scoped } from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { dbPage, memoryPage } from '../committee/people-kit.js';
import { LEVEL_NAMES } from '../party-orgs/party-org.levels.js';
import { loadBranch } from './branch.js';
import {
  candidatesQuery,
  candidatesView,
  PERSON_KIND_NAMES,
  secretaryAppoint,
  secretaryEnd,
  secretaryListQuery,
  termsQuery,
  termView,
} from './secretary.schemas.js';
import {
  appointSecretary,
  type Candidate,
  candidateKey,
  endSecretary,
  secretaryCandidates,
  toTermView,
} from './secretary.service.js';
import { type SecretaryTerm, SecretaryTermEntity } from './secretary-term.entity.js';

const tags = ['secretaries'];
const ASC = ['asc', 'asc', 'asc', 'asc', 'asc'] as const;

/** 选优配强支部书记: candidates, appointments (terms kept as history), the current secretary. */
export async function secretaryRoutes(app: Service, deps: OrgDeps): Promise<void> {
  app.get(
    '/v1/party-orgs/:id/secretary-candidates',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Ranked secretary candidates for a compound or grid branch, with the concurrent fallback',
        description:
          "Active members of the branch's compounds: homeowners first, then full before probationary, then self-managed before non-self-managed. A suitable member is an active full member; when the branch has none, the compounds' current liaison cadres and the community's Party-committee members follow, marked concurrent (兼任).",
        params: idParams,
        querystring: candidatesQuery,
        response: withProblems({ 200: candidatesView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const b = await loadBranch(em, req, req.params.id);
        const { candidates, suitableMemberExists } = await secretaryCandidates(em, b);
        const ranked = memoryPage(candidates, candidateKey, [...ASC], {
          limit: candidates.length || 1,
        }).items;
        const rank = new Map(ranked.map((c, i) => [c.id, i + 1]));
        const page = memoryPage(candidates, candidateKey, [...ASC], req.query);
        const fallbackUsed = !suitableMemberExists;
        const view = (c: Candidate) => ({
          rank: rank.get(c.id)!,
          personKind: c.personKind,
          personKindName: PERSON_KIND_NAMES[c.personKind],
          memberId: c.memberId,
          liaisonId: c.liaisonId,
          committeeMemberId: c.committeeMemberId,
          name: c.name,
          phone: c.phone,
          compoundId: c.compoundId,
          isHomeowner: c.isHomeowner,
          memberStatus: c.memberStatus,
          management: c.management,
          position: c.position,
          concurrent: c.concurrent,
          suitable: c.suitable,
          reasons: c.reasons,
          reason: c.reasons.join('，'),
        });
        return {
          partyOrgId: b.org.id,
          partyOrgName: b.org.name,
          level: b.org.level,
          levelName: LEVEL_NAMES[b.org.level],
          compoundIds: b.compounds.map((c) => c.id),
          suitableMemberExists,
          fallbackUsed,
          message: suitableMemberExists
            ? '优先从小区业主党员中选配书记'
            : candidates.some((c) => c.concurrent)
              ? '支部暂无合适党员，可由包保街道干部或社区党委委员兼任书记'
              : '支部暂无合适党员，也没有包保干部或社区党委委员可兼任，请先安排包保干部',
          items: page.items.map(view),
          nextCursor: page.nextCursor,
        };
      }),
  );

  app.post(
    '/v1/party-orgs/:id/secretary',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: "Appoint the branch's secretary (ends the current term; history kept)",
        description:
          'personKind member (an active full member of the branch) | liaison-cadre (a current liaison of its compounds) | committee-member (a current Party-committee member of its community). The last two serve concurrently (兼任) and are refused (422 suitable_member_exists) while the branch has a full member, unless override.reason is given (audited).',
        params: idParams,
        body: secretaryAppoint,
        response: withProblems({ 201: termView }),
      },
    },
    async (req, reply) => {
      const term = await req.tx(async (em) => {
        const b = await loadBranch(em, req, req.params.id);
        return appointSecretary(em, req, deps.prefix, b, req.body);
      });
      return reply.status(201).send(toTermView(term));
    },
  );

  app.post(
    '/v1/party-orgs/:id/secretary/end',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: "End the current secretary's term (the post stays vacant until an appointment)",
        params: idParams,
        body: secretaryEnd,
        response: withProblems({ 200: termView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const b = await loadBranch(em, req, req.params.id);
        return toTermView(await endSecretary(em, req, b, req.body));
      }),
  );

  app.get(
    '/v1/party-orgs/:id/secretaries',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: "The branch's secretary terms, current first, then newest",
        params: idParams,
        querystring: termsQuery,
        response: withProblems({ 200: pageOf(termView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const b = await loadBranch(em, req, req.params.id);
        const terms = await em.find(SecretaryTermEntity, { partyOrgId: b.org.id });
        const page = memoryPage(
          terms,
          (t) => [t.endedOn ? 1 : 0, t.startedOn, t.createdAt.toISOString()],
          ['asc', 'desc', 'desc'],
          req.query,
        );
        return { items: page.items.map(toTermView), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/secretaries',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary:
          'Branch secretaries across branches (current ones unless includeEnded); filter concurrent ones',
        querystring: secretaryListQuery,
        response: withProblems({ 200: pageOf(termView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [
          scoped(auth, { streets: 'streetId', communities: 'communityId', branches: 'partyOrgId' }),
        ];
        for (const k of ['streetId', 'communityId', 'partyOrgId', 'concurrent'] as const)
          if (q[k] !== undefined) and.push({ [k]: q[k] });
        if (!q.includeEnded) and.push({ endedOn: null });
        const page = await dbPage<SecretaryTerm>(em, SecretaryTermEntity, { $and: and }, q, {
          field: q.sort,
          dir: q.order,
          timestamp: q.sort === 'createdAt',
        });
        return { items: page.items.map(toTermView), nextCursor: page.nextCursor };
      }),
  );
}
