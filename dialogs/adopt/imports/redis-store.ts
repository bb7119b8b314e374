/**
 * AssetStore on Redis, three keys under one hash tag (Redis Cluster safe):
 * `wegov:{adopt-catalog}:imported` (HASH asset id -> asset JSON), `...:version` (the import's id)
 * and `...:delisted` (HASH asset id -> the JSON of an asset an import removed, until its adoption
 * is released). A replacement is one script: a reader (MULTI of GET and HGETALL) sees the old set
 * or the new one, never half of each, and the delisted set changes in the same step. A city's
 * tens of thousands of assets are a few megabytes: processes read the hash only when the version
 * changed (view.ts).
 */
import type { AdoptableAsset } from '../../../src/catalog/types';
import type { RedisCalls } from '../../../src/state/redis-calls';
import type { AssetStore, ImportedSet, ReplaceCounts } from './store';

const PREFIX = 'wegov:{adopt-catalog}';

/**
 * KEYS imported, version, delisted. ARGV version, then id, json pairs. Returns { added, removed }.
 * HSET one field at a time: a script cannot unpack tens of thousands of arguments at once.
 */
const REPLACE = `
local old = redis.call('HGETALL', KEYS[1])
local new = {}
for i = 2, #ARGV, 2 do new[ARGV[i]] = true end
local before = {}
local removed = 0
for i = 1, #old, 2 do
  before[old[i]] = true
  if not new[old[i]] then
    redis.call('HSET', KEYS[3], old[i], old[i + 1])
    removed = removed + 1
  end
end
redis.call('DEL', KEYS[1])
local added = 0
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('HDEL', KEYS[3], ARGV[i])
  if not before[ARGV[i]] then added = added + 1 end
end
redis.call('SET', KEYS[2], ARGV[1])
return { added, removed }
`;

export class RedisAssetStore implements AssetStore {
  private readonly keys: { imported: string; version: string; delisted: string };

  constructor(
    private readonly calls: RedisCalls,
    prefix: string = PREFIX,
  ) {
    this.keys = { imported: `${prefix}:imported`, version: `${prefix}:version`, delisted: `${prefix}:delisted` };
  }

  async version(): Promise<string | null> {
    return this.calls.call('adopt.assetsVersion', (c) => c.get(this.keys.version));
  }

  async all(): Promise<ImportedSet> {
    const replies = await this.calls.call('adopt.assets', (c) => c.multi().get(this.keys.version).hgetall(this.keys.imported).exec());
    const version = replies?.[0]?.[1];
    const hash = replies?.[1]?.[1];
    const assets = typeof hash === 'object' && hash !== null ? Object.values(hash as Record<string, string>).map((json) => JSON.parse(json) as AdoptableAsset) : [];
    return { version: typeof version === 'string' ? version : null, assets: assets.sort((a, b) => a.id.localeCompare(b.id)) };
  }

  async replace(assets: readonly AdoptableAsset[], version: string): Promise<ReplaceCounts> {
    const pairs = assets.flatMap((a) => [a.id, JSON.stringify(a)]);
    const [added, removed] = (await this.calls.call('adopt.replaceAssets', (c) => c.eval(REPLACE, 3, this.keys.imported, this.keys.version, this.keys.delisted, version, ...pairs))) as [number, number];
    return { added, removed };
  }

  async delisted(): Promise<AdoptableAsset[]> {
    const hash = await this.calls.call('adopt.delisted', (c) => c.hgetall(this.keys.delisted));
    return Object.values(hash).map((json) => JSON.parse(json) as AdoptableAsset);
  }

  async delistingDone(assetIds: readonly string[]): Promise<void> {
    if (assetIds.length === 0) return;
    await this.calls.call('adopt.delistingDone', (c) => c.hdel(this.keys.delisted, ...assetIds));
  }
}
