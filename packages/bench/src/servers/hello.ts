import Fastify from 'fastify';

// Case (a): the ceiling — bare Fastify answering a constant.
const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
