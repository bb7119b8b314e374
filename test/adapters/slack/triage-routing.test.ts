/** The catalogue's `slack` sinks: built when the composition root registers Slack's sink factory, skipped with a warning when not. */
import nock from 'nock';
import { SlackTriageSink } from '../../../adapters/slack/triage/sink';
import { slackSinkFactory } from '../../../adapters/slack/triage/sink-factory';
import { MemoryCaseStore } from '../../../src/cases';
import type { Catalog, SinkConfig } from '../../../src/catalog/types';
import { createLogger } from '../../../src/log';
import { announceDeadLetter } from '../../../src/outbox/dead-letter-alerts';
import { SinkRouter } from '../../../src/outbox/routing';
import { noMedia, report, submission } from '../../sinks/open311/fixtures';
import { CHANNEL, FakeSlack, makeDeps } from './triage-support';

afterEach(() => nock.cleanAll());

const logger = createLogger({ level: 'silent' });
const catalog = (sinks: SinkConfig[]): Catalog =>
  ({ jurisdiction: { timezone: 'America/Chicago' }, agencies: [{ id: 'public-works', name: { en: 'PW' }, sinks, alerts: [] }], categories: [{ id: 'pothole', agency: 'public-works' }] }) as unknown as Catalog;

describe('routing slack sinks', () => {
  it('without a Slack client the sink is skipped (as before issue 6)', () => {
    const router = new SinkRouter({ catalog: catalog([{ type: 'slack', channel: CHANNEL }]), submissionsFile: '/tmp/wegov-triage-routing.jsonl', logger });
    expect(router.keys()).toEqual(['fallback.file']);
    expect(router.alerts('public-works')).toEqual([]);
  });

  it('with a client: the card goes to the channel, and dead letters are announced there', async () => {
    const slack = new FakeSlack();
    const { client } = makeDeps();
    const cases = new MemoryCaseStore();
    const router = new SinkRouter({ catalog: catalog([{ type: 'slack', channel: CHANNEL }]), submissionsFile: '/tmp/wegov-triage-routing.jsonl', logger, cases, sinkFactories: { slack: slackSinkFactory(client) } });
    const [route] = router.routes(submission(report()));
    expect(route!.sinkKey).toBe('public-works.0');
    expect(route!.sink).toBeInstanceOf(SlackTriageSink);
    expect(router.slackSinkKeys()).toEqual(['public-works.0']);
    await route!.sink.deliver(submission(report()), noMedia, { sinkKey: route!.sinkKey, attempt: 1 });
    expect(slack.of('chat.postMessage')[0]!.body).toMatchObject({ channel: CHANNEL });
    expect(JSON.stringify(slack.of('chat.postMessage')[0]!.body.blocks)).toContain('CST'); // the jurisdiction's zone

    const targets = router.alerts('public-works');
    expect(targets.map((t) => t.kind)).toEqual(['slack']);
    await announceDeadLetter(targets, { jobId: 'j1', submissionId: 's1', sinkKey: 'public-works.0', agencyId: 'public-works', reference: 'WG-1', attempts: 5, reason: 'slack: ratelimited', permanent: false, failedAt: '2026-11-27T10:00:00.000Z' }, logger);
    expect(slack.of('chat.postMessage')[1]!.body).toMatchObject({ channel: CHANNEL });
  });
});
