/**
 * The person events an agency's webhook receives (docs/webhooks/person-event-v1.schema.json):
 * what WeGov builds matches the published schema, names only the agency's own references, and
 * carries nothing personal even when the request names a conversation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { erasureEvent } from '../../src/privacy/erasure-event';
import type { ErasureRequest } from '../../src/privacy/erasure-request';
import type { Submission } from '../../src/state/types';
import { check } from '../sinks/webhook/schema-check';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../docs/webhooks/person-event-v1.schema.json'), 'utf8')) as Record<string, unknown>;

function request(scope?: 'all' | 'contact'): Submission {
  const payload: ErasureRequest = {
    conversationId: 'tg:731958264013',
    reports: [
      { reference: 'WG-AAAAAA', categoryId: 'pothole', agencyId: 'public-works', submissionId: 's1' },
      { reference: 'WG-BBBBBB', categoryId: 'graffiti', agencyId: 'parks', submissionId: 's2' },
    ],
    mediaIds: ['photo-1'],
    requestedAt: '2026-11-30T10:00:00.000Z',
    ...(scope ? { scope } : {}),
  };
  return { id: 'erasure-1', kind: 'erasure_request', conversationId: payload.conversationId, createdAt: payload.requestedAt, payload };
}

describe('person events', () => {
  const now = new Date('2026-11-30T10:00:01.000Z');

  it('person.erasure_requested: valid against the schema, the agency own references only, no chat id', () => {
    const event = erasureEvent(request(), 'public-works', now);
    expect(event).toEqual({ type: 'person.erasure_requested', version: 1, id: 'erasure-1', references: ['WG-AAAAAA'], requestedAt: '2026-11-30T10:00:00.000Z', createdAt: '2026-11-30T10:00:01.000Z' });
    expect(check(schema, event)).toEqual([]);
    expect(JSON.stringify(event)).not.toContain('731958264013');
    expect(JSON.stringify(event)).not.toContain('photo-1');
  });

  it('person.consent_withdrawn for a withdrawn consent; an agency with none of the references gets an empty list', () => {
    const event = erasureEvent(request('contact'), 'parks', now);
    expect(event?.type).toBe('person.consent_withdrawn');
    expect(event?.references).toEqual(['WG-BBBBBB']);
    expect(check(schema, event)).toEqual([]);
    expect(erasureEvent(request(), 'transit', now)?.references).toEqual([]);
  });

  it('the schema refuses what WeGov must never send', () => {
    const event = { ...erasureEvent(request(), 'public-works', now), contact: { email: 'a@b.example' } };
    expect(check(schema, event).length).toBeGreaterThan(0);
    expect(erasureEvent({ ...request(), payload: { nope: true } }, undefined, now)).toBeNull();
  });
});
