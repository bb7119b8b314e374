/**
 * What volunteering understands in free text (issue 14): `volunteer` ("can I help on
 * Saturday?") starts the listing, `my_signups` ("cancel my shift") the person's sign-ups; both
 * offered while the menu offers volunteering. Examples: intents.json beside this file.
 */
import { entryIntent } from '../../src/engine/entry-intent';
import type { IntentDef } from '../../src/engine/module';
import examples from './intents.json';
import { MINE_FLOW } from './mine';
import { volunteerEntry } from './entry';
import { t } from '../../src/engine/text';

export const volunteerIntents: readonly IntentDef[] = [
  entryIntent('volunteer', examples.volunteer, volunteerEntry),
  entryIntent('my_signups', examples.my_signups, volunteerEntry, { start: { flow: MINE_FLOW }, label: t('volunteer.mine') }),
];
