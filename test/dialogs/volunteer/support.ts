/**
 * Shared by the volunteering tests through the real app: import a riverbank clean-up shift of
 * one's own (the run's Redis is shared: a random id per test file) and sign up for it in the web
 * chat, answering the demo opportunity's requirements, age and glove-size question.
 */
import type { Express } from 'express';
import request from 'supertest';
import { ADMIN_TOKEN, createSession, say, type ChatSession } from '../../server/harness';

/** Adds a riverbank-cleanup shift (local times in Riverside) through PUT /admin/volunteering/shifts. */
export async function importCleanupShift(app: Express, shiftId: string, from: string, to: string, capacity: number): Promise<void> {
  const csv = `opportunity_id,shift_id,starts_at,ends_at,capacity\r\nriverbank-cleanup,${shiftId},${from},${to},${String(capacity)}\r\n`;
  const res = await request(app).put('/admin/volunteering/shifts').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'text/csv').send(csv);
  if (res.status !== 200) throw new Error(`import: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Walks from the deep link to the confirmation of `shiftId` and confirms: the session and what the bot said. */
export async function signUpFor(app: Express, shiftId: string, participant: string, locale = 'en'): Promise<{ s: ChatSession; said: string[] }> {
  const s = await createSession(app, { locale, start: 'volunteer', participant });
  await say(app, s, { choice: 'any' });
  let page = (await say(app, s, { choice: 'outdoors' })).at(-1)!;
  while (!page.choices!.some((c) => c.id === shiftId)) page = (await say(app, s, { choice: '_more' })).at(-1)!;
  for (const body of [{ choice: shiftId }, { choice: 'sign_up' }, { choice: 'yes' }, { choice: 'yes' }, { choice: 'yes' }, { choice: 'medium' }]) await say(app, s, body);
  return { s, said: (await say(app, s, { choice: 'yes' })).map((m) => m.text) };
}
