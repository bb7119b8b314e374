/**
 * "Delete my data" ends the person's adoptions, and each agency hears it (issue 13): a person
 * adopts a storm drain (Public Works) and, from another conversation, a tree they name (Parks);
 * after "delete my data" each agency's webhook receives a signed `asset.released` for its asset,
 * valid against the published schema, with reason `erased` and nothing about the person (no
 * pseudonym, no conversation, not the name they gave the tree), once; and both assets are free.
 * The real app on the run's Redis, a local agency receiving the webhooks.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { ADMIN_TOKEN, createSession, eventually, say, startHarness, type Harness } from '../../server/harness';
import { check } from '../../sinks/webhook/schema-check';
import { SECRET, startReceiver, type Receiver } from '../../sinks/webhook/support';
import { adoptIn, catalogueWith, type TestAsset } from './support';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../docs/webhooks/asset-released-v1.schema.json'), 'utf8')) as Record<string, unknown>;

interface Event {
  type: string;
  agencyId: string;
  result: Record<string, unknown>;
}

describe('"delete my data" tells each agency its adopted asset is released (Redis, webhook)', () => {
  const tag = randomUUID().slice(0, 8);
  const drain: TestAsset = { id: `d${tag}-elm`, type: 'storm_drain', agency: 'public-works', lat: 30.2671, lon: -97.7425, name: { en: 'Storm drain at Elm St', es: 'Desagüe pluvial en Elm St', ar: 'مصرف أمطار في شارع إلم' } };
  const tree: TestAsset = { id: `t${tag}-redbud`, type: 'tree', agency: 'parks', lat: 30.3046, lon: -97.7431, name: { en: 'Redbud by the garden', es: 'Árbol de Judas junto al huerto', ar: 'شجرة الجودة بجانب الحديقة' } };
  const person = `erasure-adopter-${tag}`;
  let hook: Receiver;
  let h: Harness;

  beforeAll(async () => {
    process.env.ADOPT_ERASURE_HOOK_SECRET = SECRET;
    hook = await startReceiver();
    const file = catalogueWith([drain, tree], { url: hook.url('/hook'), secretEnv: 'ADOPT_ERASURE_HOOK_SECRET' });
    h = await startHarness('redis', { env: { WEGOV_CONFIG: file, WEGOV_MEDIA_URL_SECRET: 'adopt-erasure-secret-0123456789abcdef', WEGOV_STATUS_POLL_SECONDS: '0' } });
  });
  afterAll(async () => {
    await h?.close();
    await hook?.close();
  });

  const events = (type: string): Event[] => hook.requests.map((r) => r.body as Event).filter((e) => e.type === type && [drain.id, tree.id].includes(String(e.result.assetId)));

  it('sends asset.released (erased, nothing personal) for each of the person\'s adoptions', async () => {
    await adoptIn(h.app, person, 'en', drain);
    await adoptIn(h.app, person, 'es', tree, 'Rosie');
    const adopted = await eventually(() => (events('asset.adopted').length === 2 ? events('asset.adopted') : undefined));
    const pseudonym = String(adopted[0]!.result.adopter);
    expect(adopted.map((e) => e.result.adopter)).toEqual([pseudonym, pseudonym]);

    const other = await createSession(h.app, { locale: 'en', participant: person });
    await say(h.app, other, { text: 'delete my data' });
    await say(h.app, other, { choice: 'yes' });

    const released = await eventually(() => (events('asset.released').length === 2 ? events('asset.released') : undefined));
    expect(released.map((e) => [e.agencyId, e.result.assetId]).sort()).toEqual([
      ['parks', tree.id],
      ['public-works', drain.id],
    ]);
    for (const e of released) {
      expect(check(schema, e)).toEqual([]);
      expect(Object.keys(e.result).sort()).toEqual(['adopter', 'agencyId', 'assetId', 'assetType', 'id', 'reason', 'releasedAt']);
      expect(e.result).toMatchObject({ adopter: '', reason: 'erased' });
    }
    const raw = hook.requests.filter((r) => (r.body as Event).type === 'asset.released').map((r) => r.raw).join('\n');
    expect(raw).not.toContain('Rosie');
    expect(raw).not.toContain('erasure-adopter');

    // Both are free again; the agencies heard once each (the webhook's idempotency keys are distinct).
    const list = await request(h.app).get('/admin/adoptions').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect((list.body as { adoptions: { assetId: string }[] }).adoptions.filter((a) => [drain.id, tree.id].includes(a.assetId))).toEqual([]);
    expect(new Set(released.map((e) => e.result.id)).size).toBe(2);
  });
});
