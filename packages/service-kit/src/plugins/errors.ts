import { AppError, errors, PROBLEM_CONTENT_TYPE, toProblem } from '@hongfan/errors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Renders every error, and every unknown route, as application/problem+json. */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err, req, reply) => {
      const { error, problem } = toProblem(err, String(req.id), req.url);
      if (error.status >= 500)
        req.log.error({ err, tenantId: req.auth?.tenantId, userId: req.auth?.subject }, problem.title);
      else
        req.log.info(
          { code: problem.code, status: problem.status, detail: problem.detail },
          'request refused',
        );
      if (error.status === 429 && typeof error.extra?.retryAfter === 'number')
        reply.header('retry-after', String(error.extra.retryAfter));
      if (error.status === 401) reply.header('www-authenticate', 'Bearer');
      return reply.status(error.status).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(problem);
    });
    app.setNotFoundHandler((req, reply) => {
      const { problem } = toProblem(
        errors.notFound(`Route ${req.method} ${req.url.split('?')[0]}`),
        String(req.id),
      );
      return reply.status(404).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(problem);
    });
  },
  { name: 'hongfan-errors' },
);

export { AppError };
