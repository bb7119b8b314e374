/**
 * The widget's participant id at session creation (issue 11): accepted when it is 16-64
 * base64url characters, refused with 400 invalid_body naming the field otherwise. Two sessions
 * with one participant id are one person: the second consultation response replaces the first.
 */
import request from 'supertest';
import { createSession, eventually, say, startHarness, submissionLines, type Harness } from '../../server/harness';

type ErrorBody = { error: { code: string; message: string } };

describe('web chat participant id (memory)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('memory', { overrides: { now: () => new Date('2026-12-01T15:00:00Z') } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('is accepted at session creation when 16-64 base64url characters', async () => {
    for (const participant of ['A'.repeat(16), 'aZ09-_'.repeat(10).slice(0, 64)]) {
      const res = await request(h.app).post('/webchat/sessions').send({ participant });
      expect(res.status).toBe(201);
    }
  });

  it.each([['short'], ['A'.repeat(65)], ['has+plus/slash=padd'], ['with spaces in it ok?'], [12345678901234567]])('%p is 400 invalid_body naming participant', async (participant) => {
    const res = await request(h.app).post('/webchat/sessions').send({ participant });
    expect(res.status).toBe(400);
    expect((res.body as ErrorBody).error).toMatchObject({ code: 'invalid_body', message: expect.stringContaining('participant') });
  });

  it('two sessions with one participant id answer the consultation once: the second replaces the first', async () => {
    const participant = 'same-person-0123456789';
    const ids: string[] = [];
    for (let n = 0; n < 2; n++) {
      const s = await createSession(h.app, { locale: 'en', start: 'consultation:riverside-avenue-bike-lane', participant });
      // The second session is the same person: asked first whether to change their response.
      expect(s.messages.at(-1)!.choices?.map((c) => c.id)).toEqual(n === 0 ? ['avenue', 'elm-street', 'river-path'] : ['change', 'keep']);
      if (n === 1) await say(h.app, s, { choice: 'change' });
      const answers: object[] = [{ choice: 'avenue' }, { text: '4' }, { choice: 'yes' }, { choice: 'parking' }, { choice: '_done' }, { text: 'x' }, { text: '2, 1, 3, 4' }, { choice: '_skip' }, { choice: '_submit' }];
      for (const body of answers) await say(h.app, s, body);
      const lines = await eventually(() => {
        const found = submissionLines(h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'consultation_response');
        return found.length === n + 1 ? found : undefined;
      });
      ids.push(String(lines[n]!.payload.id));
      if (n === 1) {
        expect(lines[1]!.payload).toMatchObject({ replaces: ids[0], participant: lines[0]!.payload.participant });
        expect(lines[0]!.payload).not.toHaveProperty('replaces');
      }
    }
  });
});
