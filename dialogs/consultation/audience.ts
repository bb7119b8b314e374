/**
 * Staff consultations that list Slack users or channels are only for them: the menu leaves them
 * out (open.ts `openFor` with the person), the "which consultation?" step does not list them, and
 * one opened anyway (a deep link, a stale menu) politely says it is for certain staff. Wraps the
 * consultation flow, so the check runs first, before the flow's own (open, closed, area).
 */
import type { FlowDef, Outcome } from '../../src/engine/flow';
import { t } from '../../src/engine/text';
import { CONSULTATION_STEP } from './flow';
import { reachable } from './open';

const notForYou: Outcome = { messages: [{ text: [t('consultation.not_in_audience')], expects: 'none' }], events: [] };

export function audienceChecked(flow: FlowDef): FlowDef {
  return {
    ...flow,
    check(ctx) {
      const c = ctx.env.catalog.consultations.find((x) => x.id === ctx.frame.answers[CONSULTATION_STEP]);
      // Staff ones elsewhere than Slack keep the flow's own answer ("answered in Slack").
      if (c && ctx.session.channel === 'slack' && !reachable(c, ctx.session)) return notForYou;
      return flow.check?.(ctx) ?? null;
    },
    steps(ctx) {
      return flow.steps(ctx).map((step) => {
        if (step.id !== CONSULTATION_STEP || step.prompt.kind !== 'choice') return step;
        const choices = step.prompt.choices.filter((choice) => {
          const c = ctx.env.catalog.consultations.find((x) => x.id === choice.id);
          return !c || reachable(c, ctx.session);
        });
        return { ...step, prompt: { ...step.prompt, choices } };
      });
    },
  };
}
