import type { FastifyReply } from 'fastify';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Renders an RFC 9457 problem with our `code` and `requestId`, in the same shape as
 * @hongfan/errors so clients handle gateway and service errors alike.
 */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  title: string,
  detail: string,
): FastifyReply {
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({
      type: `https://hongfan.dev/problems/${code.replace(/_/g, '-')}`,
      title,
      status,
      detail,
      code,
      requestId: reply.request.id,
    });
}

/** Why an upstream gave no usable answer, as a problem (timeouts 504, bad replies 502, else 503). */
export function sendUpstreamProblem(reply: FastifyReply, service: string, error: unknown): FastifyReply {
  const e = error as { statusCode?: number; name?: string; code?: string };
  if (e?.statusCode === 504 || e?.name === 'TimeoutError') {
    return sendProblem(reply, 504, 'gateway_timeout', 'Gateway timeout', `${service} did not answer in time`);
  }
  if (e?.code === 'FST_REPLY_FROM_BAD_GATEWAY') {
    return sendProblem(reply, 502, 'bad_gateway', 'Bad gateway', `${service} sent an invalid response`);
  }
  return sendProblem(
    reply,
    503,
    'service_unavailable',
    'Service unavailable',
    `${service} is unavailable; retry shortly`,
  );
}
