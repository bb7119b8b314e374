/**
 * Files that go with messages (src/engine/message.ts OutDocument), read in-process: a message
 * carries a signed link to its file (a sign-up's calendar file), and a channel that uploads
 * files (Telegram: sendDocument by URL takes only GIF, PDF and ZIP, so the bot uploads the
 * bytes) asks the modules for them instead of fetching its own public URL over the network.
 *
 * A module that mints such links offers a resolver through its services
 * (src/modules/services.ts, `documents`); the composition root hands the merged one to the
 * channels, so no adapter names a module. A resolver checks the link exactly as the module's
 * public route does (signature, expiry, the record still existing) and answers null for a link
 * that is not its own or does not check out: a forged link never yields a file.
 */

/** A file ready to upload. */
export interface ResolvedDocument {
  body: Buffer;
  filename: string;
  mime: string;
}

/** The file behind a link a module minted, or null (not its link, forged, expired, gone). */
export type DocumentResolver = (url: string) => Promise<ResolvedDocument | null>;

/** One resolver asking each module's in turn; the first file found wins. */
export function mergeDocuments(resolvers: readonly DocumentResolver[]): DocumentResolver {
  return async (url) => {
    for (const resolve of resolvers) {
      const found = await resolve(url);
      if (found) return found;
    }
    return null;
  };
}
