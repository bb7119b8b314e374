import crypto from 'node:crypto';
import type { Config } from '../config';
import type { Logger } from '../log';
import { mediaLinkFor, mediaUrlFor } from './signed-url';

/**
 * The photo-link secret and the `mediaUrl` callback for Open311 sinks, from the configuration.
 * Every process that signs links (workers) or serves them (web) needs the same
 * WEGOV_MEDIA_URL_SECRET; without it each process makes up its own and links die on restart.
 */
export function mediaLinks(
  config: Config,
  logger: Logger,
  now?: () => Date,
): { secret: string; mediaUrl: ReturnType<typeof mediaUrlFor>; mediaLink: ReturnType<typeof mediaLinkFor> } {
  const secret = config.media.urlSecret ?? crypto.randomBytes(32).toString('base64url');
  if (config.media.urlSecret === undefined) {
    // With Redis, several processes serve one deployment and a made-up secret breaks links; in
    // memory (the demo: one process, everything lost on restart anyway) it is merely noted.
    const note = 'WEGOV_MEDIA_URL_SECRET is unset: photo links are signed with a random per-process secret; they stop working on restart and are not valid on other processes';
    if (config.redisUrl === undefined) logger.info(note);
    else logger.warn(note);
  }
  const settings = { baseUrl: config.media.publicUrl, secret, ttlSeconds: config.media.urlTtlSeconds, ...(now ? { now } : {}) };
  return { secret, mediaUrl: mediaUrlFor(settings), mediaLink: mediaLinkFor(settings) };
}
