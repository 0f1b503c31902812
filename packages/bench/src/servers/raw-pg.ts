import Fastify from 'fastify';
import pg from 'pg';

/**
 * Case (d): what case (c) costs without our stack — Fastify + pg, the same role and the same SQL
 * that identity's GET /v1/users/:id sends (readRow in @hongfan/db): one simple-protocol query that
 * sets app.tenant_id for its implicit transaction and selects the row by id and tenant.
 */
const pool = new pg.Pool({ connectionString: process.env.APP_DATABASE_URL, max: 10 });
const columns =
  '"id", "created_at", "updated_at", "version", "tenant_id", "username", "display_name", "phone", "password_hash", "roles", "scope", "status", "last_login_at"';
const app = Fastify({ logger: false });
app.get<{ Params: { tenant: string; id: string } }>('/raw/:tenant/users/:id', async (req, reply) => {
  const tenant = pg.escapeLiteral(req.params.tenant);
  const [, r] = (await pool.query(
    `select set_config('app.tenant_id', ${tenant}, true); ` +
      `select ${columns} from "identity"."users" where "id" = ${pg.escapeLiteral(req.params.id)} and "tenant_id" = ${tenant} limit 1`,
  )) as unknown as pg.QueryResult[];
  if (!r.rowCount) return reply.status(404).send({ status: 404 });
  return r.rows[0];
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
