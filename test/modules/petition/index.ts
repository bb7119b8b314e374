/**
 * A throwaway kind of participation, to prove the plug-in shape: signing a petition. Everything
 * it needs is in this folder (its flow, menu entry, deep link, result kind, texts in en/es/ar);
 * the test registers it with one line (compose's `modules`).
 */
import { z } from 'zod';
import type { FlowDef } from '../../../src/engine/flow';
import { newSubmissionId } from '../../../src/engine/ids';
import type { ParticipationModule } from '../../../src/engine/module';
import { t } from '../../../src/engine/text';

export const PETITION_KIND = 'petition_signature';

export const petitionSchema = z.strictObject({ petitionId: z.string(), name: z.string().min(2), signedAt: z.string() });

export function petitionModule(agencyId: string): ParticipationModule {
  const flow: FlowDef = {
    id: 'petition',
    version: 1,
    steps: () => [{ id: 'name', prompt: { kind: 'text', ask: [t('petition.ask_name')], min: 2, max: 100 } }],
    complete: ({ frame, env, session }) => {
      const name = String(frame.answers.name ?? '');
      const id = newSubmissionId(env);
      const signedAt = env.now().toISOString();
      session.results.push({ kind: PETITION_KIND, id, agencyId, submittedAt: signedAt });
      return {
        messages: [{ text: [t('petition.thanks', { name })], expects: 'none' }],
        events: [{ type: 'result_submitted', kind: PETITION_KIND, id, agencyId, payload: { petitionId: 'bike-lanes', name, signedAt } }],
      };
    },
  };
  return {
    id: 'petition',
    flows: [flow],
    menuEntry: () => ({ id: 'petition', label: t('petition.menu'), order: 20, start: { flow: 'petition' } }),
    deepLinks: [(payload) => (payload.trim().toLowerCase() === 'petition' ? { flow: 'petition' } : null)],
    results: { [PETITION_KIND]: { version: 1, schema: petitionSchema, webhookEvent: { type: 'petition.signed' } } },
    locales: {
      en: { petition: { menu: 'Sign the bike-lane petition', ask_name: 'What name should we add to the petition?', thanks: 'Thank you, {{name}}: your signature was added.' } },
      es: { petition: { menu: 'Firmar la petición de carriles bici', ask_name: '¿Qué nombre añadimos a la petición?', thanks: 'Gracias, {{name}}: tu firma se ha añadido.' } },
      ar: { petition: { menu: 'وقّع عريضة مسارات الدراجات', ask_name: 'ما الاسم الذي نضيفه إلى العريضة؟', thanks: 'شكرًا يا {{name}}: أُضيف توقيعك.' } },
    },
  };
}
