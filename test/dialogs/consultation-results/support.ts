/** Shared by the consultation results tests: the demo city with the all-types fixture, and random responses. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultCatalogPath, loadCatalog } from '../../../src/catalog';
import type { Catalog, Consultation, Question } from '../../../src/catalog/types';
import type { Json } from '../../../src/engine/json';
import type { DeliveredConsultationResponse } from '../../../dialogs/consultation/result';

/** The demo catalogue plus test/dialogs/fixtures/all-types.json (every question type). */
export function catalogWithAllTypes(): { catalog: Catalog; allTypes: Consultation; demo: Consultation } {
  const catalog = loadCatalog(defaultCatalogPath({}));
  const allTypes = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'all-types.json'), 'utf8')) as Consultation;
  const withFixture: Catalog = { ...catalog, consultations: [...catalog.consultations, allTypes] };
  return { catalog: withFixture, allTypes, demo: catalog.consultations[0]! };
}

export { seededRandom as seeded } from '../../../src/engine/seeded-random';

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** A random answer to one question: sometimes skipped or not asked. */
function answerTo(q: Question, rnd: () => number, catalog: Catalog): Json | undefined {
  const r = rnd();
  if (r < 0.08) return undefined; // not shown
  if (r < 0.16 && q.type !== 'statement') return null; // skipped
  switch (q.type) {
    case 'single_choice':
      return q.other && rnd() < 0.15 ? { other: 'something else' } : pick(rnd, q.options).id;
    case 'multiple_choice': {
      const ids = q.options.map((o) => o.id).filter(() => rnd() < 0.5);
      const picks: Json[] = ids.length > 0 ? ids : [q.options[0]!.id];
      if (q.other && rnd() < 0.2) picks.push({ other: 'my own' });
      return picks;
    }
    case 'scale':
      return q.min + Math.floor(rnd() * (q.max - q.min + 1));
    case 'yes_no':
      return rnd() < 0.5;
    case 'number':
      return Math.floor(rnd() * 30);
    case 'short_text':
    case 'long_text':
      return pick(rnd, ['more trees', 'safer crossings please', 'parking!', 'ok']);
    case 'ranking': {
      const ids = q.options.map((o) => o.id);
      for (let i = ids.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      }
      return ids;
    }
    case 'location': {
      // Near a corner of the city's outline: some points fall in a district, some outside all.
      const [lon, lat] = pick(rnd, catalog.jurisdiction.boundary[0]![0]!);
      return { lat: lat! + (rnd() - 0.5) * 0.01, lon: lon! + (rnd() - 0.5) * 0.01 };
    }
    case 'statement':
      return undefined;
  }
}

/** A random response of `participant` to `c`, submitted at `at`. */
export function randomResponse(c: Consultation, catalog: Catalog, rnd: () => number, participant: string, at: Date, n: number): DeliveredConsultationResponse {
  const answers: Record<string, Json> = {};
  for (const q of c.questions) {
    const v = answerTo(q, rnd, catalog);
    if (v !== undefined) answers[q.id] = v;
  }
  return {
    id: `resp-${String(n).padStart(6, '0')}-${Math.floor(rnd() * 1e9).toString(36)}`,
    consultationId: c.id,
    agencyId: c.agency,
    answers: answers as DeliveredConsultationResponse['answers'],
    locale: pick(rnd, ['en', 'es', 'ar']),
    channel: pick(rnd, ['webchat', 'telegram', 'slack']),
    submittedAt: at.toISOString(),
    participant,
  };
}
