import { inOrder } from '@hongfan/db';
import { idParams, pageOf, type Service, withProblems } from '@hongfan/service-kit';
import { canRead, canWriteRoster, effectiveAuth } from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { dbPage, memoryPage } from '../committee/people-kit.js';
import { BuildingEntity, CompoundEntity } from '../territory/territory.entities.js';
import { BuildingLeaderEntity, type LeaderElection, LeaderElectionEntity } from './election.entities.js';
import {
  cancelBody,
  electBody,
  electionDetailView,
  electionListQuery,
  electionOpen,
  electionView,
  leadersQuery,
  leaderView,
  meetingRecord,
  nominationCreate,
  nominationView,
  opinionCreate,
  opinionView,
} from './election.schemas.js';
import {
  addNomination,
  addOpinion,
  buildingScope,
  cancelElection,
  elect,
  electionDetail,
  holdMeeting,
  loadBuilding,
  loadElection,
  openElection,
  toElectionView,
  toLeaderView,
  toNominationView,
  toOpinionView,
} from './election.service.js';

const tags = ['elections'];

/** 组织推选楼栋长: elections of building leaders, and each building's leaders. */
export async function electionRoutes(app: Service, deps: OrgDeps): Promise<void> {
  app.post(
    '/v1/elections',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: 'Open a building-leader election (one under way per building)',
        body: electionOpen,
        response: withProblems({ 201: electionView }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(toElectionView(await req.tx((em) => openElection(em, req, req.body)))),
  );

  app.get(
    '/v1/elections',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'List building-leader elections',
        querystring: electionListQuery,
        response: withProblems({ 200: pageOf(electionView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [await buildingScope(em, auth)];
        for (const k of ['streetId', 'communityId', 'compoundId', 'buildingId', 'status'] as const)
          if (q[k] !== undefined) and.push({ [k]: q[k] });
        const page = await dbPage<LeaderElection>(em, LeaderElectionEntity, { $and: and }, q, {
          field: q.sort,
          dir: q.order,
          timestamp: q.sort === 'createdAt',
        });
        const [buildings, compounds] = await inOrder(
          () =>
            em.find(
              BuildingEntity,
              { id: { $in: page.items.map((e) => e.buildingId) } },
              { fields: ['id', 'name'] },
            ),
          () =>
            em.find(
              CompoundEntity,
              { id: { $in: page.items.map((e) => e.compoundId) } },
              { fields: ['id', 'name'] },
            ),
        );
        const name = new Map([...buildings, ...compounds].map((r) => [r.id, r.name]));
        return {
          items: page.items.map((e) => ({
            ...toElectionView(e),
            buildingName: name.get(e.buildingId) ?? null,
            compoundName: name.get(e.compoundId) ?? null,
          })),
          nextCursor: page.nextCursor,
        };
      }),
  );

  app.get(
    '/v1/elections/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'An election with its nominations (and votes), opinions and the leader elected',
        params: idParams,
        response: withProblems({ 200: electionDetailView }),
      },
    },
    async (req) => req.tx(async (em) => electionDetail(em, (await loadElection(em, req, req.params.id)).row)),
  );

  app.post(
    '/v1/elections/:id/nominations',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: 'Nominate a resident (need not be a Party member); while the election is open',
        params: idParams,
        body: nominationCreate,
        response: withProblems({ 201: nominationView }),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(toNominationView(await req.tx((em) => addNomination(em, req, req.params.id, req.body)))),
  );

  app.post(
    '/v1/elections/:id/opinions',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: "Record a resident's opinion (广泛征求意见); while the election is open",
        params: idParams,
        body: opinionCreate,
        response: withProblems({ 201: opinionView }),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(toOpinionView(await req.tx((em) => addOpinion(em, req, req.params.id, req.body)))),
  );

  app.post(
    '/v1/elections/:id/meeting',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: 'Record the recommendation meeting (推选会): date, attendance, votes per nominee',
        params: idParams,
        body: meetingRecord,
        response: withProblems({ 200: electionDetailView }),
      },
    },
    async (req) =>
      req.tx(async (em) => electionDetail(em, await holdMeeting(em, req, req.params.id, req.body))),
  );

  app.post(
    '/v1/elections/:id/elect',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: "Elect a nominee as building leader with written duties (ends the previous leader's term)",
        params: idParams,
        body: electBody,
        response: withProblems({ 200: electionDetailView }),
      },
    },
    async (req) =>
      req.tx(async (em) => electionDetail(em, await elect(em, req, deps.prefix, req.params.id, req.body))),
  );

  app.post(
    '/v1/elections/:id/cancel',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: 'Cancel an election that is open or whose meeting was held',
        params: idParams,
        body: cancelBody,
        response: withProblems({ 200: electionView }),
      },
    },
    async (req) =>
      req.tx(async (em) => toElectionView(await cancelElection(em, req, req.params.id, req.body.reason))),
  );

  app.get(
    '/v1/buildings/:id/leaders',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: "A building's leaders: the current one first, then past ones, newest first",
        params: idParams,
        querystring: leadersQuery,
        response: withProblems({ 200: pageOf(leaderView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const building = await loadBuilding(em, auth, req.params.id);
        const rows = await em.find(BuildingLeaderEntity, { buildingId: building.id });
        const page = memoryPage(
          rows,
          (l) => [l.endedOn ? 1 : 0, l.termStart, l.createdAt.toISOString()],
          ['asc', 'desc', 'desc'],
          req.query,
        );
        return { items: page.items.map(toLeaderView), nextCursor: page.nextCursor };
      }),
  );
}
