/** Slack transport: signatures, stale timestamps, url_verification, acks, retries and event_id dedupe. */
import { BOT_USER_ID, dmChannelOf, nextId, eventCallback, imMessage, nowSeconds, sendSlack, settle, startSlack, textOf, urlVerification, viewSubmission, waitFor, type SlackHarness } from './support';

describe.each(['memory', 'redis'] as const)('Slack transport (%s)', (kind) => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlack(kind);
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.api.clear());

  it('answers url_verification with the challenge', async () => {
    const res = await sendSlack(h.app, urlVerification('ch-123'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge: 'ch-123' });
  });

  it('refuses a bad signature with 401 and processes nothing', async () => {
    const res = await sendSlack(h.app, eventCallback(imMessage('UBADSIG1', 'hello')), { secret: 'another-secret-0123456789abcdef' });
    expect(res.status).toBe(401);
    await settle();
    expect(h.api.calls).toEqual([]);
    expect((await h.wiring.runtime.store.load('slack:TCITY01:UBADSIG1')).conversation).toBeNull();
  });

  it('refuses a timestamp older than 5 minutes with 401, even correctly signed, and processes nothing', async () => {
    const res = await sendSlack(h.app, eventCallback(imMessage('USTALE01', 'hello')), { ts: nowSeconds() - 6 * 60 });
    expect(res.status).toBe(401);
    await settle();
    expect(h.api.calls).toEqual([]);
  });

  it('refuses a request without signature headers', async () => {
    const res = await sendSlack(h.app, urlVerification('x'), { signature: '' });
    expect(res.status).toBe(401);
  });

  it('refuses an oversized body (413) and a correctly signed body that is not JSON (400); nothing processed, the app keeps serving', async () => {
    const huge = eventCallback(imMessage('UHUGE001', 'x'.repeat(5 * 1024 * 1024)));
    expect((await sendSlack(h.app, huge)).status).toBe(413);
    const garbled = { ...eventCallback(imMessage('UGARBLE1', 'hello')), body: '{"type":"event_callback",' };
    expect((await sendSlack(h.app, garbled)).status).toBe(400);
    await settle();
    expect(h.api.calls).toEqual([]);
    expect((await sendSlack(h.app, urlVerification('still-here'))).body).toEqual({ challenge: 'still-here' });
  });

  it('acknowledges a DM event at once and answers it after the ack', async () => {
    const res = await sendSlack(h.app, eventCallback(imMessage('UACK0001', 'hello')));
    expect(res.status).toBe(200);
    const post = await waitFor(() => h.api.posts()[0]);
    expect(post.body.channel).toBe(dmChannelOf('UACK0001'));
  });

  it('processes a retry (X-Slack-Retry-Num) and a repeated event_id once', async () => {
    const req = eventCallback(imMessage(`URETRY${kind === 'redis' ? 'R' : 'M'}${Date.now() % 100000}`, 'hello'), nextId('EvRETRY'));
    expect((await sendSlack(h.app, req)).status).toBe(200);
    await waitFor(() => h.api.posts().length > 0);
    await settle();
    const first = h.api.posts().length;
    expect((await sendSlack(h.app, req, { headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } })).status).toBe(200);
    expect((await sendSlack(h.app, req)).status).toBe(200);
    await settle(300);
    expect(h.api.posts()).toHaveLength(first);
    const conv = await h.wiring.runtime.store.load(`slack:TCITY01:${(JSON.parse(req.body) as { event: { user: string } }).event.user}`);
    expect(conv.conversation?.version).toBe(1);
  });

  it('processes another event (not a DM) once per event_id, retries included', async () => {
    const seen: string[] = [];
    h.wiring.slack?.app.event('app_mention', async ({ event }) => {
      seen.push(event.text);
    });
    const req = eventCallback({ type: 'app_mention', user: 'UMENT001', channel: 'CTRIAGE', text: `<@${BOT_USER_ID}> hi`, ts: '1.2' }, nextId('EvMENTION'));
    await sendSlack(h.app, req);
    await sendSlack(h.app, req, { headers: { 'X-Slack-Retry-Num': '2' } });
    await settle(300);
    expect(seen).toEqual([`<@${BOT_USER_ID}> hi`]);
  });

  it('hands a view_submission to the listener registered on adapter.app, acknowledged', async () => {
    const got: string[] = [];
    h.wiring.slack?.app.view('wegov_test_modal', async ({ ack, view, body }) => {
      await ack();
      got.push(`${body.user.id}:${view.private_metadata}`);
    });
    const res = await sendSlack(h.app, viewSubmission('UVIEW001', 'wegov_test_modal', {}, 'meta-1'));
    expect(res.status).toBe(200);
    expect(got).toEqual(['UVIEW001:meta-1']);
  });

  it('keeps serving after a Web API call fails', async () => {
    h.api.failNext('chat.postMessage', 'channel_not_found');
    await sendSlack(h.app, eventCallback(imMessage('UFAIL001', 'hello')));
    await waitFor(() => h.api.calls.some((c) => c.method === 'chat.postMessage'));
    await settle();
    h.api.clear();
    await sendSlack(h.app, eventCallback(imMessage('UFAIL002', 'hello')));
    const post = await waitFor(() => h.api.posts()[0]);
    expect(textOf(post).length).toBeGreaterThan(0);
  });
});
