import { recordAudit } from '@hongfan/audit';
import { errors } from '@hongfan/errors';
import {
  decodeCursor,
  idParams,
  keysetAfter,
  pageFrom,
  pageOf,
  type Service,
  withProblems,
} from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canRead, canWriteLinks, type DrAuth, effectiveAuth, visibleWhere } from '../../access.js';
import { LINK_KIND_NAMES } from '../../labels.js';
import { chinaDate } from '../../time.js';
import { namesFor } from '../members/member.view.js';
import { loadUnit } from '../work-units/work-unit.routes.js';
import {
  endBody,
  linkCreate,
  linkListQuery,
  linkView,
  remapBody,
  remapCommunityBody,
  remapResult,
} from './liaison.schemas.js';
import { assertLinkWriter, link, remapLink, resolveTarget } from './liaison.service.js';
import { type LiaisonLink, LiaisonLinkEntity } from './liaison-link.entity.js';

function linkWhere(auth: DrAuth): Record<string, unknown> {
  return visibleWhere(
    auth,
    {
      workUnits: 'workUnitId',
      streets: 'streetId',
      communities: 'communityId',
      compounds: 'compoundId',
      branches: 'branchId',
    },
    auth.self ? { workUnitId: auth.self.workUnitId } : null,
  );
}

async function loadLink(em: EntityManager, auth: DrAuth, id: string): Promise<LiaisonLink> {
  const l = await em.findOne(LiaisonLinkEntity, { $and: [{ id }, linkWhere(auth)] });
  if (!l) throw errors.notFound('Liaison link', id);
  return l;
}

async function linkViews(em: EntityManager, rows: LiaisonLink[]) {
  const names = await namesFor(
    em,
    rows.map((l) => l.workUnitId),
    [],
  );
  return rows.map((l) => ({
    id: l.id,
    workUnitId: l.workUnitId,
    workUnitName: names.units.get(l.workUnitId) ?? '',
    kind: l.kind,
    kindName: LINK_KIND_NAMES[l.kind],
    targetId: l.targetId,
    targetName: l.targetName,
    streetId: l.streetId,
    communityId: l.communityId,
    branchId: l.branchId ?? null,
    compoundId: l.compoundId ?? null,
    note: l.note ?? null,
    startedOn: l.startedOn,
    endedOn: l.endedOn ?? null,
    endReason: l.endReason ?? null,
    remappedFromId: l.remappedFromId ?? null,
    active: !l.endedOn,
    version: l.version,
  }));
}

/** Liaison links between work units' Party organisations and communities / compound branches, with history. */
export async function liaisonRoutes(app: Service) {
  const tags = ['liaison-links'];

  app.post(
    '/v1/liaison-links',
    {
      onRequest: canWriteLinks,
      schema: {
        tags,
        summary: "Link a work unit's Party organisation to a community, a compound branch or a compound",
        body: linkCreate,
        response: withProblems({ 201: linkView }),
      },
    },
    async (req, reply) => {
      const view = await req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const unit = await loadUnit(em, auth, req.body.workUnitId);
        const target = await resolveTarget(em, req.body.kind, req.body.targetId);
        assertLinkWriter(auth, target);
        const r = await link(em, unit.tenantId, unit.id, target, { note: req.body.note });
        if (!r.created)
          throw errors.conflict('The unit is already linked there', 'already_linked', { linkId: r.link.id });
        await em.flush();
        recordAudit(em, req, {
          tenantId: unit.tenantId,
          action: 'liaison-links.created',
          targetType: 'liaison-links',
          targetId: r.link.id,
          after: r.link,
        });
        return (await linkViews(em, [r.link]))[0];
      });
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/v1/liaison-links',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'List liaison links (current and ended) within your scope',
        querystring: linkListQuery,
        response: withProblems({ 200: pageOf(linkView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [linkWhere(auth)];
        for (const k of ['workUnitId', 'communityId', 'kind'] as const) if (q[k]) and.push({ [k]: q[k] });
        if (q.active !== undefined) and.push({ endedOn: q.active ? null : { $ne: null } });
        const dir = q.sort === 'startedOn' ? 'asc' : 'desc';
        const cursor = decodeCursor(q.cursor);
        if (cursor) and.push(keysetAfter('startedOn', cursor, dir));
        const rows = await em.find(
          LiaisonLinkEntity,
          { $and: and },
          {
            orderBy: { startedOn: dir, id: dir },
            limit: q.limit + 1,
          },
        );
        const page = pageFrom(rows, q.limit, (r) => r.startedOn);
        return { items: await linkViews(em, page.items), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/liaison-links/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Get a liaison link',
        params: idParams,
        response: withProblems({ 200: linkView }),
      },
    },
    async (req) =>
      req.tx(
        async (em) =>
          (await linkViews(em, [await loadLink(em, await effectiveAuth(em, req), req.params.id)]))[0],
      ),
  );

  app.post(
    '/v1/liaison-links/:id/end',
    {
      onRequest: canWriteLinks,
      schema: {
        tags,
        summary: 'End a liaison link (kept as history)',
        params: idParams,
        body: endBody,
        response: withProblems({ 200: linkView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const l = await loadLink(em, auth, req.params.id);
        assertLinkWriter(auth, l);
        if (l.endedOn) throw errors.unprocessable('link_ended', 'The link has already ended');
        const before = { ...l };
        l.endedOn = chinaDate();
        l.endReason = req.body.reason;
        await em.flush();
        recordAudit(em, req, {
          tenantId: l.tenantId,
          action: 'liaison-links.ended',
          targetType: 'liaison-links',
          targetId: l.id,
          before,
          after: l,
        });
        return (await linkViews(em, [l]))[0];
      }),
  );

  app.post(
    '/v1/liaison-links/:id/remap',
    {
      onRequest: canWriteLinks,
      schema: {
        tags,
        summary: "Re-make a unit's community link as links to the community's compound branches, in one step",
        params: idParams,
        body: remapBody,
        response: withProblems({ 200: remapResult }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const l = await loadLink(em, auth, req.params.id);
        assertLinkWriter(auth, l);
        const r = await remapLink(em, req, l, req.body.targetIds);
        return { ended: await linkViews(em, [r.ended]), created: await linkViews(em, r.created) };
      }),
  );

  app.post(
    '/v1/liaison-links/remap-community',
    {
      onRequest: canWriteLinks,
      schema: {
        tags,
        summary: "Re-make every unit's link to a community as links to its compound branches",
        description:
          'Domain §5: where several units were linked to one community, the links are re-made to its individual compound branches.',
        body: remapCommunityBody,
        response: withProblems({ 200: remapResult }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const target = await resolveTarget(em, 'community', req.body.communityId);
        assertLinkWriter(auth, target);
        const links = await em.find(LiaisonLinkEntity, {
          kind: 'community',
          targetId: req.body.communityId,
          endedOn: null,
        });
        const ended: LiaisonLink[] = [];
        const created: LiaisonLink[] = [];
        for (const l of links) {
          const r = await remapLink(em, req, l);
          ended.push(r.ended);
          created.push(...r.created);
        }
        return { ended: await linkViews(em, ended), created: await linkViews(em, created) };
      }),
  );
}
