/**
 * AdoptionStore on Redis. Per asset one key, `wegov:{adopt-asset:<id>}` holding the adoption's
 * JSON: taking it is `SET NX` (one adopter per asset under any concurrency), releasing it and
 * recording its state are one script each on that key (compare the adopter, then change), so
 * every atomic step touches one key (Redis Cluster safe).
 * Indexes in other slots: `wegov:adopt:assets` (SET of asset ids ever adopted, for the agency's
 * list and for which are taken: at most the listed assets, never shrunk) and `wegov:{adopt-person:<adopter>}:assets`
 * (SET, "My adoptions", "delete my data"). Both are written BEFORE the `SET NX`, so each is a
 * superset of what is held (a crash between the two writes leaves a stale entry, never an
 * adoption missing from "delete my data"): readers check each listed asset's own key and skip
 * entries whose asset is free or held by someone else. A release removes the asset from the
 * person's set after its script.
 */
import type { RedisCalls } from '../../../src/state/redis-calls';
import { keyPart } from '../../../src/state/redis-keys';
import { byAssetId, type Adoption, type AdoptionStore, type AssetState, type TakeOutcome } from './store';

const assetKey = (assetId: string): string => `wegov:{adopt-asset:${keyPart(assetId)}}`;
const personKey = (adopter: string): string => `wegov:{adopt-person:${keyPart(adopter)}}:assets`;
const ALL = 'wegov:adopt:assets';

/** KEYS asset. ARGV adopter. Deletes the adoption when the adopter holds it; returns its JSON or false. */
const RELEASE = `
local json = redis.call('GET', KEYS[1])
if not json then return false end
if cjson.decode(json).adopter ~= ARGV[1] then return false end
redis.call('DEL', KEYS[1])
return json
`;

/** KEYS asset. ARGV adopter, state, at. */
const RECORD = `
local json = redis.call('GET', KEYS[1])
if not json then return 0 end
local a = cjson.decode(json)
if a.adopter ~= ARGV[1] then return 0 end
a.state = ARGV[2]
a.stateAt = ARGV[3]
redis.call('SET', KEYS[1], cjson.encode(a))
return 1
`;

export class RedisAdoptionStore implements AdoptionStore {
  constructor(private readonly calls: RedisCalls) {}

  async take(a: Adoption): Promise<TakeOutcome> {
    await this.calls.call('adopt.index', (c) => Promise.all([c.sadd(ALL, a.assetId), c.sadd(personKey(a.adopter), a.assetId)]));
    const set = await this.calls.call('adopt.take', (c) => c.set(assetKey(a.assetId), JSON.stringify(a), 'NX'));
    if (set === 'OK') return { outcome: 'taken', adoption: a };
    const held = await this.get(a.assetId);
    return held && held.adopter === a.adopter ? { outcome: 'yours', adoption: held } : { outcome: 'taken_by_other' };
  }

  async release(assetId: string, adopter: string): Promise<Adoption | null> {
    const json = (await this.calls.call('adopt.release', (c) => c.eval(RELEASE, 1, assetKey(assetId), adopter))) as string | null;
    if (!json) return null;
    await this.calls.call('adopt.unindex', (c) => c.srem(personKey(adopter), assetId));
    return JSON.parse(json) as Adoption;
  }

  async record(assetId: string, adopter: string, state: AssetState, at: string): Promise<boolean> {
    return (await this.calls.call('adopt.record', (c) => c.eval(RECORD, 1, assetKey(assetId), adopter, state, at))) === 1;
  }

  async ofAdopter(adopter: string): Promise<Adoption[]> {
    const ids = await this.calls.call('adopt.mine', (c) => c.smembers(personKey(adopter)));
    return (await this.read(ids)).filter((a) => a.adopter === adopter);
  }

  async all(): Promise<Adoption[]> {
    return this.read(await this.calls.call('adopt.all', (c) => c.smembers(ALL)));
  }

  async taken(assetIds: readonly string[]): Promise<Set<string>> {
    // Only assets ever adopted can be taken: far fewer than a city's imported thousands.
    const wanted = new Set(assetIds);
    const adopted = (await this.calls.call('adopt.all', (c) => c.smembers(ALL))).filter((id) => wanted.has(id));
    return new Set((await this.read(adopted)).map((a) => a.assetId));
  }

  async get(assetId: string): Promise<Adoption | null> {
    const json = await this.calls.call('adopt.get', (c) => c.get(assetKey(assetId)));
    return json ? (JSON.parse(json) as Adoption) : null;
  }

  private async read(ids: readonly string[]): Promise<Adoption[]> {
    if (ids.length === 0) return [];
    // One GET per asset, sent together: each key is in its own slot (no MGET on a cluster).
    const values = await this.calls.call('adopt.read', (c) => Promise.all(ids.map((id) => c.get(assetKey(id)))));
    return values.flatMap((v) => (typeof v === 'string' ? [JSON.parse(v) as Adoption] : [])).sort(byAssetId);
  }
}
