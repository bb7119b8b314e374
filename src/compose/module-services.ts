/**
 * The participation modules' services for processes other than `wegov start` (module CLI
 * commands use their stores): the same host as src/server/compose.ts hands them. A composition
 * root (it imports dialogs/).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { engine, participationServices } from '../../dialogs';
import { repoRoot } from '../catalog/paths';
import type { Catalog } from '../catalog/types';
import type { Config } from '../config';
import { loadI18n, moduleLocales } from '../i18n';
import type { Logger } from '../log';
import { mergeServices } from '../modules/services';
import { participantId } from '../runtime/once-claims';

const fallbackSecret = randomBytes(32).toString('base64url');
import type { Stores } from '../state';
import type { Submission } from '../state/types';

/**
 * `submit`: where the modules' follow-up results go; without one, a module's submission is refused
 * (a CLI command has no outbox).
 */
export async function composeModuleServices(opts: {
  config: Config;
  catalog: Catalog;
  stores: Stores;
  logger: Logger;
  now?: () => Date;
  submit?: (submission: Submission) => Promise<void>;
}): Promise<ReturnType<typeof mergeServices>> {
  const i18n = await loadI18n(path.join(repoRoot(), 'locales'), opts.catalog.jurisdiction.defaultLocale, moduleLocales(engine.modules));
  return mergeServices(
    participationServices({
      catalog: opts.catalog,
      stores: opts.stores,
      logger: opts.logger,
      now: opts.now ?? (() => new Date()),
      i18n,
      publicUrl: opts.config.media.publicUrl,
      openDataLicence: opts.config.openDataLicence,
      // Effects (which need the pseudonyms of the web process) do not run here; a stable secret is still used when set.
      pseudonym: (scope, person) => participantId(opts.config.media.urlSecret ?? fallbackSecret, scope, person),
      linkSecret: () => opts.config.media.urlSecret ?? fallbackSecret,
      // No conversations here (the web process tells people): a notice from this process is dropped.
      notify: async () => 'conversation_gone',
      submit: opts.submit ?? (async () => Promise.reject(new Error('this process has no outbox to submit to'))),
    }),
  );
}
