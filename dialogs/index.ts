import type { PayloadResolver } from '../src/engine/step';
import type { Flows } from '../src/engine/turn';
import { forgetFlow } from './forget';
import { languageFlow } from './language';
import { menuFlow } from './menu';
import { myDataFlow } from './my-data';
import { reportFlow } from './report';
import { categoryAnswers } from './report/category-steps';

/** Every flow WeGov runs, by id. */
export const FLOWS: Flows = {
  [menuFlow.id]: menuFlow,
  [reportFlow.id]: reportFlow,
  [languageFlow.id]: languageFlow,
  [forgetFlow.id]: forgetFlow,
  [myDataFlow.id]: myDataFlow,
};

/**
 * Deep-link payloads (`start` input; a Telegram `/start <payload>`, a widget's
 * `data-start`): `report`, `report:<categoryId>`, or a category id alone (QR code on a poster).
 */
export const resolvePayload: PayloadResolver = (payload, env) => {
  const [flow = '', arg] = payload.trim().toLowerCase().split(/[:_ ](.*)/s);
  const categoryId = flow === 'report' ? arg : flow;
  if (categoryId && env.catalog.categories.some((c) => c.id === categoryId)) {
    return { flow: 'report', answers: categoryAnswers(env.catalog, categoryId) as Record<string, string> };
  }
  if (flow === 'report' && !arg) return { flow: 'report' };
  if (flow === 'language') return { flow: 'language' };
  return null;
};
