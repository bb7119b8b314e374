/**
 * Consent records in the session: an older stored session (no records) still loads; records
 * survive a store round trip (the session schema keeps them); an answer changed before the
 * report is sent replaces the earlier one; "delete my data" erases them with the rest.
 */
import { newSession, restoreSession, type Input, type Session } from '../../src/engine';
import { testEnv } from '../support/engine-env';
import { stepAnswered } from '../support/step-answered';

const T = (text: string): Input => ({ kind: 'text', text });
const C = (choiceId: string): Input => ({ kind: 'choice', choiceId });
/** A noise report (contact required) up to the review, with consent given. */
const TO_REVIEW: Input[] = [{ kind: 'start', payload: 'report:noise' }, T('200 River Road'), T('Loud music every night after 2am.'), T('Alex Morgan'), T('email'), T('alex@example.com'), T('yes')];

async function play(inputs: Input[]): Promise<{ session: Session; texts: string[] }> {
  const { env, i18n } = await testEnv();
  let session = newSession({ id: 'c-1', channel: 'webchat', locale: 'en', now: env.now() });
  const texts: string[] = [];
  for (const input of inputs) {
    const result = stepAnswered(session, input, env);
    session = JSON.parse(JSON.stringify(result.session)) as Session;
    for (const e of result.events) if (e.type === 'message_sent') texts.push(i18n.renderMessage(e.message, session.locale).text);
  }
  return { session, texts };
}

describe('consent records in the session', () => {
  it('loads a session stored before consent records existed, unchanged', async () => {
    const { env } = await testEnv();
    const { session } = await play(TO_REVIEW.slice(0, 3));
    const old = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
    delete old.consents;
    const restored = restoreSession(old, { id: 'c-1', channel: 'webchat', locale: 'en', now: env.now() }, env);
    expect(restored.events).toEqual([]);
    expect(restored.session).toEqual(old);
  });

  it('keeps the records through a store round trip (the schema does not strip them)', async () => {
    const { env } = await testEnv();
    const { session } = await play([...TO_REVIEW, C('_submit')]);
    expect(session.consents).toEqual([expect.objectContaining({ answer: 'given', channel: 'webchat', reference: session.results[0]?.reference })]);
    const restored = restoreSession(JSON.parse(JSON.stringify(session)), { id: 'c-1', channel: 'webchat', locale: 'en', now: env.now() }, env);
    expect(restored.session.consents).toEqual(session.consents);
  });

  it('replaces an answer changed before sending: one record per sent report', async () => {
    const { session } = await play([...TO_REVIEW, C('edit:contact'), T('Alex Morgan'), T('phone'), T('512-555-0199'), T('yes'), C('_submit')]);
    expect(session.consents).toHaveLength(1);
    expect(session.consents?.[0]).toMatchObject({ answer: 'given', reference: session.results[0]?.reference });
  });

  it('"delete my data" erases the consent records; "my data" then has nothing to withdraw', async () => {
    const { session, texts } = await play([...TO_REVIEW, C('_submit'), T('delete my data'), T('yes'), T('my data')]);
    expect(session.consents).toBeUndefined();
    expect(texts[texts.length - 2]).toMatch(/^Here is everything WeGov holds/);
    expect(texts.join('\n')).not.toMatch(/withdraw your consent/);
  });
});
