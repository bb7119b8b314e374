import express from 'express';
import type { Server } from 'node:http';

/**
 * The baseline: a bare express app answering the same requests with a canned reply of the
 * same shape and size, no store, no engine. "HTTP turn with Redis at least half as fast as
 * a bare express endpoint" is measured against this. `perMessage`, when given, runs before each
 * message's reply (floor-express.ts: one Redis call).
 */
export async function startBareExpress(perMessage?: (sessionId: string) => Promise<void>): Promise<{ url: string; server: Server }> {
  const app = express();
  // As the WeGov app (src/server/app.ts): no ETag hashing of per-request JSON.
  app.set('etag', false);
  app.use(express.json({ limit: '8mb' }));
  const reply = {
    messages: [
      {
        id: '000000000001.001',
        from: 'bot',
        text: 'Would you like to add a photo? (JPEG, PNG or WebP, up to 5 MB.) You can skip this.',
        choices: [{ id: '_skip', label: 'Skip' }],
        expects: 'photo',
        lang: 'en',
        createdAt: new Date().toISOString(),
      },
    ],
  };
  // As WeGov's: the paced load generator opens its connections with it (paced-worker.ts warmUp).
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  let sessions = 0;
  app.post('/webchat/sessions', (_req, res, next) => {
    const sessionId = `bare${++sessions}`;
    if (!perMessage) return void res.status(201).json({ sessionId, token: 'bare', ...reply });
    perMessage(sessionId).then(() => res.status(201).json({ sessionId, token: 'bare', ...reply }), next);
  });
  app.post('/webchat/sessions/:id/messages', (req, res, next) => {
    if (!perMessage) return void res.json({ ...reply, echo: typeof req.body === 'object' });
    perMessage(String(req.params.id)).then(() => res.json({ ...reply, echo: typeof req.body === 'object' }), next);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, server };
}
