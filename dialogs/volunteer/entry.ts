import type { Env } from '../../src/engine/env';
import type { MenuEntry } from '../../src/engine/module';
import { t } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';
import { volunteerFlow } from './flow';
import { upcoming } from './listing';

/** "Volunteer" on the menu while any opportunity has an upcoming shift. */
export function volunteerEntry(env: Env): MenuEntry | null {
  return upcoming(env.catalog, env.now(), 'any', null).length > 0 ? { id: 'volunteer', label: t('volunteer.menu'), order: 30, match: vocabulary(env, 'volunteer'), start: { flow: volunteerFlow.id } } : null;
}

