import crypto from 'node:crypto';
import type { Config } from '../config';
import type { Logger } from '../log';
import { mediaUrlFor } from './signed-url';

/**
 * The photo-link secret and the `mediaUrl` callback for Open311 sinks, from the configuration.
 * Every process that signs links (workers) or serves them (web) needs the same
 * WEGOV_MEDIA_URL_SECRET; without it each process makes up its own and links die on restart.
 */
export function mediaLinks(config: Config, logger: Logger, now?: () => Date): { secret: string; mediaUrl: ReturnType<typeof mediaUrlFor> } {
  const secret = config.media.urlSecret ?? crypto.randomBytes(32).toString('base64url');
  if (config.media.urlSecret === undefined) {
    logger.warn('WEGOV_MEDIA_URL_SECRET is unset: photo links are signed with a random per-process secret; they stop working on restart and are not valid on other processes');
  }
  return {
    secret,
    mediaUrl: mediaUrlFor({ baseUrl: config.media.publicUrl, secret, ttlSeconds: config.media.urlTtlSeconds, ...(now ? { now } : {}) }),
  };
}
