import Fastify from 'fastify';
import pg from 'pg';

/**
 * Case (d): what case (c) costs without our stack — Fastify + pg, same role, same SQL (a
 * transaction that sets app.tenant_id, the RLS-filtered select by id and tenant, commit).
 */
const pool = new pg.Pool({ connectionString: process.env.APP_DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });
app.get<{ Params: { tenant: string; id: string } }>('/raw/:tenant/users/:id', async (req, reply) => {
  const c = await pool.connect();
  try {
    await c.query('begin');
    await c.query(`select set_config('app.tenant_id', $1, true)`, [req.params.tenant]);
    const r = await c.query(
      'select id, tenant_id, username, display_name, phone, roles, scope, status, last_login_at, created_at, updated_at, version from identity.users where id = $1 and tenant_id = $2 limit 1',
      [req.params.id, req.params.tenant],
    );
    await c.query('commit');
    if (!r.rowCount) return reply.status(404).send({ status: 404 });
    return r.rows[0];
  } finally {
    c.release();
  }
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
