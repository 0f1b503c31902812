import { isDistrictWide, requireAuth, type Service, withProblems } from '@hongfan/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { canRead, effectiveAuth } from '../../access.js';
import type { DualReportingDeps } from '../../deps.js';
import {
  deedStatsQuery,
  deedStatsView,
  overviewQuery,
  overviewView,
  reportingQuery,
  reportingView,
} from './stats.schemas.js';
import { deedStats, overview, reporting } from './stats.sql.js';

/**
 * What decides a statistics answer besides the question: whether the caller sees the whole
 * district, their data scope, and (in-service members) who they are. Two callers with the same
 * key get the same answer, so they may share a cached one.
 */
function scopeKey(req: FastifyRequest): string {
  const auth = requireAuth(req);
  return JSON.stringify([
    req.url,
    isDistrictWide(auth),
    auth.scope,
    auth.roles.includes('in-service-member') ? auth.subject : null,
  ]);
}

/** Statistics within the caller's scope: headline figures, reporting per unit / compound / community, deeds per month and mode. */
export async function statsRoutes(app: Service, deps: DualReportingDeps) {
  const tags = ['stats'];
  const cache = deps.statsCache;
  // A write that went through makes this tenant's cached answers stale (before the reply leaves).
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method !== 'GET' && reply.statusCode < 400 && req.auth?.tenantId) cache.bump(req.auth.tenantId);
    return payload;
  });
  /**
   * Answers from the cache as JSON text: checked against the response schema and serialised once
   * when computed, then sent as is (a unit's per-compound figures run to hundreds of rows).
   */
  const cached = async (
    req: FastifyRequest,
    reply: FastifyReply,
    view: z.ZodType,
    run: () => Promise<unknown>,
  ) => {
    const json = await cache.get(requireAuth(req).tenantId ?? '', scopeKey(req), async () =>
      JSON.stringify(view.parse(await run())),
    );
    return reply.type('application/json; charset=utf-8').send(json);
  };

  app.get(
    '/v1/stats',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Headline figures: units, members, reported and rate, tasks by status, deeds and hours',
        querystring: overviewQuery,
        response: withProblems({ 200: overviewView }),
      },
    },
    async (req, reply) =>
      cached(req, reply, overviewView, () =>
        req.tx(async (em) => overview(em, await effectiveAuth(em, req), req.query)),
      ),
  );
  app.get(
    '/v1/stats/reporting',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Reported members (count and rate) per work unit, compound or community',
        querystring: reportingQuery,
        response: withProblems({ 200: reportingView }),
      },
    },
    async (req, reply) =>
      cached(req, reply, reportingView, () =>
        req.tx(async (em) => reporting(em, await effectiveAuth(em, req), req.query)),
      ),
  );
  app.get(
    '/v1/stats/deeds',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Verified good deeds (好事实事) per month and mode in a year, with hours',
        querystring: deedStatsQuery,
        response: withProblems({ 200: deedStatsView }),
      },
    },
    async (req, reply) =>
      cached(req, reply, deedStatsView, () =>
        req.tx(async (em) => deedStats(em, await effectiveAuth(em, req), req.query)),
      ),
  );
}
