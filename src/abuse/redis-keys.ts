/**
 * Redis keys of the abuse store. An identity's keys share the hash tag `{abuse-<identity>}`, so
 * the check before a turn is one script in one Redis Cluster slot. The tag
 * is deliberately not the conversation's own `{<conversation>}`: nothing that erases a
 * conversation's keys ("delete my data") can lift a block by accident.
 */
import { keyPart } from '../state/redis-keys';

function tagged(identity: string): string {
  return `wegov:{abuse-${keyPart(identity)}}`;
}

/** HASH: `x` (expiry, ms), `e` (BlockEntry JSON), `n` (last "you are blocked" reply, ms). PX: until `x`. */
export function blockKey(identity: string): string {
  return `${tagged(identity)}:block`;
}

/** HASH identity -> BlockEntry JSON: the list staff see (`/wegov blocked`). Its own slot. */
export const BLOCK_INDEX_KEY = 'wegov:abuse:blocks';
