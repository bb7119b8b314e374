import type { Report } from '../../../src/engine/report';
import type { MediaStore, Submission } from '../../../src/state/types';

/** A complete anonymous pothole report with a pin. */
export function report(overrides: Partial<Report> = {}): Report {
  return {
    id: 'sub-1',
    reference: 'WG-7K3QX9',
    conversationId: 'conv-1',
    channel: 'webchat',
    locale: 'en',
    submittedAt: '2026-11-27T10:00:00.000Z',
    jurisdictionId: 'city.example',
    agencyId: 'public-works',
    categoryId: 'pothole',
    serviceCode: '001',
    categoryName: 'Pothole',
    attributes: { DEPTH: 'deep' },
    location: { lat: 30.2672, lon: -97.7431 },
    media: [],
    description: 'A large pothole in the right lane.',
    contact: null,
    ...overrides,
  };
}

export function submission(payload: unknown, id = 'sub-1'): Submission {
  return { id, kind: 'report', conversationId: 'conv-1', createdAt: '2026-11-27T10:00:00.000Z', payload };
}

export const noMedia: MediaStore = {
  put: async () => undefined,
  get: async () => null,
  delete: async () => undefined,
};
