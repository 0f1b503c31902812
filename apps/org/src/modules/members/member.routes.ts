import { escapeLike } from '@hongfan/db';
import {
  decodeCursor,
  idParams,
  keysetAfter,
  pageFrom,
  pageOf,
  type Service,
  withProblems,
} from '@hongfan/service-kit';
import { z } from 'zod';
import { canRead, canWriteRoster, effectiveAuth, scoped } from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { keepsRosters, loadMember } from './member.access.js';
import { MemberEntity, MemberMoveEntity } from './member.entities.js';
import {
  importSummary,
  memberArchive,
  memberCreate,
  memberExportQuery,
  memberListQuery,
  memberMove,
  memberUpdate,
  memberView,
  moveView,
} from './member.schemas.js';
import { memberService } from './member.service.js';
import { memberNames, placeNames, toMemberView, toMoveView } from './member.view.js';
import { exportMembers } from './member-export.js';
import { importMembers, MEMBER_COLUMNS } from './member-import.js';
import { plaqueRoutes } from './plaque.routes.js';

const tags = ['members'];

/**
 * The member survey (摸排党员身份): registration, the two rosters (自管 / 非自管), corrections, moves,
 * archive and restore, CSV import and export; and member households' plaques.
 */
export async function memberRoutes(app: Service, deps: OrgDeps): Promise<void> {
  const members = memberService(deps);
  /** A member as a roster keeper sees them (whole phone); every write answers this way. */
  const written = async (em: Parameters<typeof memberNames>[0], m: Parameters<typeof toMemberView>[0]) =>
    toMemberView(m, await memberNames(em, [m]), true);

  app.post(
    '/v1/members',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: 'Register a Party member living in a compound (street, community and grid come from it)',
        body: memberCreate,
        response: withProblems({ 201: memberView }),
      },
    },
    async (req, reply) => {
      const view = await req.tx(async (em) => written(em, await members.register(em, req, req.body)));
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/v1/members',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'The rosters: management=self is 自管党员名册, non-self 非自管党员名册 (phones masked)',
        querystring: memberListQuery,
        response: withProblems({ 200: pageOf(memberView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [scoped(auth)];
        for (const k of [
          'management',
          'status',
          'streetId',
          'communityId',
          'gridId',
          'compoundId',
          'buildingId',
          'householdId',
          'isHomeowner',
        ] as const)
          if (q[k] !== undefined) and.push({ [k]: q[k] });
        if (!q.includeArchived) and.push({ archivedAt: null });
        if (q.q) and.push({ name: { $ilike: `%${escapeLike(q.q)}%` } });
        const cursor = decodeCursor(q.cursor);
        if (cursor)
          and.push(
            keysetAfter(
              q.sort,
              q.sort === 'createdAt' ? { ...cursor, v: new Date(String(cursor.v)) as never } : cursor,
            ),
          );
        const rows = await em.find(MemberEntity, { $and: and } as never, {
          orderBy: { [q.sort]: 'asc', id: 'asc' },
          limit: q.limit + 1,
        });
        const page = pageFrom(rows, q.limit, (r) =>
          q.sort === 'createdAt' ? r.createdAt.toISOString() : q.sort === 'joinedOn' ? r.joinedOn : r.name,
        );
        const names = await memberNames(em, page.items);
        return { items: page.items.map((m) => toMemberView(m, names, false)), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/members/export',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary:
          'Download a roster as CSV (UTF-8 with BOM, Chinese headers); whole phones for roster keepers',
        querystring: memberExportQuery,
        produces: ['text/csv'],
        response: withProblems({ 200: z.string().describe('the CSV file') }),
      },
    },
    async (req, reply) => {
      const out = await req.tx((em) => exportMembers(em, req, req.query));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', out.disposition)
        .header('x-row-count', String(out.rows))
        .send(out.csv);
    },
  );

  app.post(
    '/v1/members/import',
    {
      onRequest: canWriteRoster,
      bodyLimit: deps.importMaxBytes,
      schema: {
        tags,
        summary: 'Import members from CSV; all rows or none',
        description: `text/csv, UTF-8, a header row with (English or Chinese): ${Object.values(MEMBER_COLUMNS)
          .map((n) => n.join('/'))
          .join(
            ', ',
          )}. 楼栋, 房号, 组织关系所在单位 and 是否业主 may be left out. Compounds are named by 街道 + 社区 + 小区; a room missing from an existing building is added as a household when your role builds territory. Every bad row is reported (\`errors[].path\` = \`rows.<line>.<column>\`) and nothing is written.`,
        consumes: ['text/csv'],
        body: z.string().describe('the CSV file'),
        response: withProblems({ 201: importSummary }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await req.tx((em) => importMembers(em, req, req.body, deps))),
  );

  app.get(
    '/v1/members/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Get a member (the whole phone number for roster keepers of their scope)',
        params: idParams,
        response: withProblems({ 200: memberView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const { member, auth } = await loadMember(em, req, req.params.id);
        return toMemberView(member, await memberNames(em, [member]), keepsRosters(auth));
      }),
  );

  app.patch(
    '/v1/members/:id',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: 'Correct a member’s record (send the version you read)',
        params: idParams,
        body: memberUpdate,
        response: withProblems({ 200: memberView }),
      },
    },
    async (req) => req.tx(async (em) => written(em, await members.update(em, req, req.params.id, req.body))),
  );

  app.post(
    '/v1/members/:id/archive',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary:
          'Take a member off the roster (moved away, deceased, membership transferred…); kept for history',
        params: idParams,
        body: memberArchive,
        response: withProblems({ 200: memberView }),
      },
    },
    async (req) => req.tx(async (em) => written(em, await members.archive(em, req, req.params.id, req.body))),
  );

  app.post(
    '/v1/members/:id/restore',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: 'Put an archived member back on the roster',
        params: idParams,
        response: withProblems({ 200: memberView }),
      },
    },
    async (req) => req.tx(async (em) => written(em, await members.restore(em, req, req.params.id))),
  );

  app.post(
    '/v1/members/:id/move',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: 'Record a member moving house (within or between compounds in your scope); kept as history',
        params: idParams,
        body: memberMove,
        response: withProblems({ 200: memberView }),
      },
    },
    async (req) => req.tx(async (em) => written(em, await members.move(em, req, req.params.id, req.body))),
  );

  app.get(
    '/v1/members/:id/moves',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'A member’s moves, oldest first',
        params: idParams,
        response: withProblems({ 200: z.object({ items: z.array(moveView) }) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const { member } = await loadMember(em, req, req.params.id);
        const moves = await em.find(
          MemberMoveEntity,
          { memberId: member.id },
          { orderBy: { movedOn: 'asc', createdAt: 'asc' } },
        );
        const names = await placeNames(em, {
          compoundIds: moves.flatMap((m) => [m.fromCompoundId, m.toCompoundId]),
        });
        return { items: moves.map((m) => toMoveView(m, names)) };
      }),
  );

  await plaqueRoutes(app);
}
