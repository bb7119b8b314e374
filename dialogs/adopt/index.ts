import type { ParticipationModule } from '../../src/engine/module';
import { t } from '../../src/engine/text';
import { says, vocabulary } from '../../src/engine/vocabulary';
import { MINE, START, adoptFlow } from './flow';
import { mineFlow } from './mine';
import { delisted, nudge } from './notices';
import { ASSET_ADOPTED, ASSET_ADOPTED_RESULT, ASSET_RELEASED, ASSET_RELEASED_RESULT, ASSET_REPORT, ASSET_REPORT_RESULT } from './result';
import { ADOPT_SCOPE } from './sink';
import { entryIntent } from '../../src/engine/entry-intent';
import type { Env } from '../../src/engine/env';
import type { MenuEntry } from '../../src/engine/module';
import examples from './intents.json';

/**
 * Adopt an asset (issue 13, co-production): on the menu while the catalogue lists adoptable
 * assets ("Adopt a drain or tree"), and behind the deep link `adopt`. "My adoptions" typed at
 * the menu (the words the confirmation tells people to use; vocabulary `my_adoptions`) opens
 * the person's list at once rather than the first question. Submits `asset_adopted`,
 * `asset_released` and (for a "needs the city" the catalogue has no category for) `asset_report`
 * results; a "needs the city" in a category is a `report`. Its pseudonym scope `adopt` is among
 * the scopes "delete my data" names, so the module's sink releases the person's adoptions.
 */
export const adoptModule: ParticipationModule = {
  id: 'adopt',
  flows: [adoptFlow, mineFlow],
  menuEntry: adoptEntry,
  deepLinks: [(payload) => (payload.trim().toLowerCase() === 'adopt' ? { flow: adoptFlow.id } : null)],
  allOnceScopes: () => [ADOPT_SCOPE],
  results: { [ASSET_ADOPTED]: ASSET_ADOPTED_RESULT, [ASSET_RELEASED]: ASSET_RELEASED_RESULT, [ASSET_REPORT]: ASSET_REPORT_RESULT },
  notices: { nudge, delisted },
  // "Can I look after the tree outside my house?" (examples: intents.json).
  intents: [entryIntent('adopt', examples.adopt, (env) => adoptEntry(env))],
};

function adoptEntry(env: Env): MenuEntry | null {
  return env.catalog.assets.length > 0
    ? {
        id: 'adopt',
        label: t('adopt.menu'),
        order: 40,
        match: vocabulary(env, 'adopt'),
        start: { flow: adoptFlow.id },
        interpret: (input) => (input.kind === 'text' && says(env, input.text, 'my_adoptions') ? { [START]: MINE } : null),
      }
    : null;
}
