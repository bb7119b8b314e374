/**
 * Shared by the public results tests: the demo city's catalogue plus consultations for every
 * case (results live, after close and still open, for staff only, a staff audience, one closed),
 * ids made unique per run (the run's Redis is shared by every test file), and responses recorded
 * straight into the results store the app reads (the sink's own path: countersOf + record).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Catalog } from '../../../src/catalog/types';
import type { Json } from '../../../src/engine/json';
import type { RedisCalls } from '../../../src/state/redis-calls';
import { countersOf } from '../../../dialogs/consultation/results/counters';
import { RedisConsultationResultsStore } from '../../../dialogs/consultation/results/redis-store';
import { districtOf } from '../../../dialogs/consultation/results/sink';
import { writeDemoCatalogCopy } from '../../support/demo-catalog-copy';

/** The tests' fixed clock: the demo consultation is open (until 31 January 2027). */
export const NOW = new Date('2026-12-01T15:00:00.000Z');

export interface Ids {
  live: string;
  staffResults: string;
  staffAudience: string;
  closed: string;
  afterClose: string;
}

/** A text in the demo city's languages; French, which these tests never read, repeats the English unless given. */
const L = (en: string, es: string, ar: string, fr: string = en): string => `{ en: ${JSON.stringify(en)}, es: ${JSON.stringify(es)}, ar: ${JSON.stringify(ar)}, fr: ${JSON.stringify(fr)} }`;

/** Writes the catalogue; returns its path and the consultations' ids. */
export function writeCatalogue(): { file: string; ids: Ids } {
  const s = randomUUID().slice(0, 8);
  const ids: Ids = { live: `library-hours-${s}`, staffResults: `staff-results-${s}`, staffAudience: `staff-survey-${s}`, closed: `old-poll-${s}`, afterClose: 'riverside-avenue-bike-lane' };
  const extra = `
  - id: ${ids.live}
    title: ${L('Library opening hours', 'Horario de la biblioteca', 'ساعات عمل المكتبة', 'Horaires de la bibliothèque')}
    intro: ${L('When should the library open?', '¿Cuándo debería abrir la biblioteca?', 'متى يجب أن تفتح المكتبة؟')}
    agency: parks
    opens_at: 2026-11-01 09:00
    closes_at: 2027-02-01 18:00
    results: public_live
    questions:
      - id: when
        type: single_choice
        text: ${L('When would you visit?', '¿Cuándo irías?', 'متى ستزورها؟')}
        options:
          - { id: morning, label: ${L('Mornings', 'Por la mañana', 'صباحًا')} }
          - { id: evening, label: ${L('Evenings', 'Por la tarde', 'مساءً')} }
          - { id: weekend, label: ${L('Weekends', 'Los fines de semana', 'في عطلة نهاية الأسبوع')} }
      - id: satisfaction
        type: scale
        text: ${L('How happy are you with the hours now?', '¿Qué tan contento estás con el horario actual?', 'ما مدى رضاك عن الساعات الحالية؟')}
        min_label: ${L('Not at all', 'Nada', 'لست راضيًا أبدًا')}
        max_label: ${L('Very', 'Mucho', 'راضٍ جدًا')}
      - id: card
        type: yes_no
        text: ${L('Do you have a library card?', '¿Tienes carné de la biblioteca?', 'هل لديك بطاقة مكتبة؟')}
      - id: priorities
        type: ranking
        text: ${L('Rank what matters most', 'Ordena lo que más te importa', 'رتّب الأهم بالنسبة إليك')}
        options:
          - { id: books, label: ${L('More books', 'Más libros', 'كتب أكثر')} }
          - { id: wifi, label: ${L('Faster wifi', 'Wifi más rápido', 'إنترنت أسرع')} }
          - { id: rooms, label: ${L('Study rooms', 'Salas de estudio', 'غرف دراسة')} }
      - id: where
        type: location
        required: false
        text: ${L('Where do you live?', '¿Dónde vives?', 'أين تسكن؟')}
      - id: ideas
        type: short_text
        required: false
        text: ${L('Any other idea?', '¿Alguna otra idea?', 'هل لديك فكرة أخرى؟')}
  - id: ${ids.staffResults}
    title: ${L('Staff-only results', 'Resultados internos', 'نتائج داخلية')}
    intro: ${L('Intro', 'Intro', 'مقدمة')}
    agency: parks
    opens_at: 2026-11-01 09:00
    closes_at: 2027-02-01 18:00
    results: staff_only
    questions:
      - { id: ok, type: yes_no, text: ${L('Is it fine?', '¿Está bien?', 'هل هو جيد؟')} }
  - id: ${ids.staffAudience}
    title: ${L('Internal staff survey', 'Encuesta interna', 'استبيان داخلي')}
    intro: ${L('Intro', 'Intro', 'مقدمة')}
    agency: parks
    opens_at: 2026-11-01 09:00
    closes_at: 2027-02-01 18:00
    audience: staff
    results: public_live
    questions:
      - { id: ok, type: yes_no, text: ${L('Is it fine?', '¿Está bien?', 'هل هو جيد؟')} }
  - id: ${ids.closed}
    title: ${L('Autumn fair', 'Feria de otoño', 'معرض الخريف')}
    intro: ${L('Intro', 'Intro', 'مقدمة')}
    agency: parks
    opens_at: 2026-09-01 09:00
    closes_at: 2026-10-01 18:00
    results: public_after_close
    questions:
      - { id: again, type: yes_no, text: ${L('Should it come back?', '¿Debería volver?', 'هل يجب أن يعود؟')} }
`;
  const demo = fs.readFileSync(path.join(__dirname, '../../../config/demo-city.yaml'), 'utf8');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-results-')), 'city.yaml');
  // The fixtures join the demo city's own consultations (its `consultations:` list), whatever section comes after it.
  const at = demo.indexOf('\nconsultations:\n');
  if (at < 0) throw new Error('config/demo-city.yaml has no top-level consultations: list');
  const end = at + '\nconsultations:\n'.length;
  writeDemoCatalogCopy(file, `${demo.slice(0, end)}${extra.replace(/^\n+/, '')}${demo.slice(end)}`);
  return { file, ids };
}

/** Downtown, inside the demo city's Downtown district. */
const DOWNTOWN = { lat: 30.267, lon: -97.743 };

/**
 * The live consultation's responses: 12 people. Mornings 6, evenings 3, weekends 3 (two cells
 * of fewer than 5); cards yes 9, no 3; 9 on webchat, 2 on Telegram, 1 on Slack; 6 in Spanish,
 * 2 in Arabic, 4 in English (never a lone small cell, which a second hidden one would go with).
 */
export function liveResponses(): { answers: Record<string, Json>; locale: string; channel: string }[] {
  const when = ['morning', 'morning', 'morning', 'morning', 'morning', 'morning', 'evening', 'evening', 'evening', 'weekend', 'weekend', 'weekend'];
  const ideas = ['longer evening hours please', 'open on sunday evening', 'evening hours for workers', 'more evening hours', 'evening study hours', 'quiet rooms'];
  return when.map((w, i) => ({
    answers: {
      when: w,
      satisfaction: (i % 5) + 1,
      card: i < 9,
      priorities: i % 2 === 0 ? ['books', 'wifi', 'rooms'] : ['wifi', 'books', 'rooms'],
      where: DOWNTOWN,
      ideas: i < ideas.length ? ideas[i]! : null,
    },
    locale: i < 6 ? 'es' : i < 8 ? 'ar' : 'en',
    channel: i < 9 ? 'webchat' : i < 11 ? 'telegram' : 'slack',
  }));
}

/** Records `responses` to consultation `id` as the results sink would. */
export async function record(redis: RedisCalls, catalog: Catalog, id: string, responses: ReturnType<typeof liveResponses>): Promise<void> {
  const store = new RedisConsultationResultsStore(redis);
  const c = catalog.consultations.find((x) => x.id === id)!;
  const areaOf = districtOf(catalog);
  let n = 0;
  for (const r of responses) {
    n += 1;
    const response = {
      id: `${id}-r${String(n)}`,
      consultationId: id,
      agencyId: c.agency,
      answers: r.answers as never,
      locale: r.locale,
      channel: r.channel,
      submittedAt: new Date(NOW.getTime() - 3_600_000 + n * 1000).toISOString(),
      participant: `${id}-p${String(n)}`,
    };
    await store.record(response, countersOf(c, response, areaOf));
  }
}
