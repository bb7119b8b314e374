/**
 * The line after "Thank you, your response was recorded": where the results are. Results shown
 * live (`results: public_live`): "See the results so far: <link>"; shown after closing
 * (`public_after_close`): when and where they will be; staff only (or a staff consultation,
 * which has no public page): nothing. Given only when the deployment's public address is known
 * (Env.publicUrl).
 */
import type { Consultation } from '../../src/catalog/types';
import type { FlowCtx } from '../../src/engine/flow';
import type { OutMessage } from '../../src/engine/message';
import { t } from '../../src/engine/text';
import { resultsPageUrl } from './results-url';

export function resultsLinkMessages(ctx: FlowCtx, c: Consultation): OutMessage[] {
  const base = ctx.env.publicUrl;
  // Staff consultations have no public page.
  if (base === undefined || base === '' || c.audience.kind !== 'public') return [];
  const url = resultsPageUrl(base, c.id);
  if (c.results === 'public_live') return [{ text: [t('consultation.results_link', { url })], expects: 'none' }];
  if (c.results === 'public_after_close') {
    // The close time as the consultation's other dates are said: the person's language, the jurisdiction's zone.
    const date = new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: ctx.env.catalog.jurisdiction.timezone }).format(new Date(c.closesAt));
    return [{ text: [t('consultation.results_after_close', { date, url })], expects: 'none' }];
  }
  return [];
}
