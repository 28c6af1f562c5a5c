import Fastify from 'fastify';
import { loadConfig } from './config';
import { photoUrl } from './s3';

const app = Fastify({ logger: true });
const config = loadConfig();

app.get<{ Params: { id: string } }>('/parcels/:id/photo', async (request) => {
  return { url: await photoUrl(request.params.id) };
});

app.get('/healthz', async () => ({ ok: true }));

app.listen({ port: config.port, host: '0.0.0.0' }).catch((err) => {
  app.log.error(err);
  process.exit(1);
});
