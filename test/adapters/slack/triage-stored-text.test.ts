/**
 * Issue 9, finding 5: a report stored before input was sanitised can hold a lone surrogate
 * (JSON keeps it as `\ud83d`). The Slack card must render it, and the delivery must succeed:
 * `encodeURIComponent` threw URIError on it and the delivery dead-lettered forever.
 */
import nock from 'nock';
import { card, cut } from '../../../adapters/slack/triage/card';
import { SlackTriageSink } from '../../../adapters/slack/triage/sink';
import type { Report } from '../../../src/engine/report';
import { MemoryCaseStore } from '../../../src/cases';
import { noMedia, report, submission } from '../../sinks/open311/fixtures';
import { CHANNEL, FakeSlack, makeDeps } from './triage-support';

afterEach(() => nock.cleanAll());

const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** A report as read back from the store: JSON round trip, lone surrogates and all. */
function storedReport(overrides: Partial<Report>): Report {
  return JSON.parse(JSON.stringify(report(overrides))) as Report;
}

describe('triage card from stored text', () => {
  const stored = storedReport({ location: { address: '1 Main St \uD83D' }, description: 'Hole \uDE00 here' });

  it('renders a lone surrogate in the address and description as U+FFFD, with a working map link', () => {
    const c = card(stored, undefined, { caseKey: 'k' });
    const all = JSON.stringify(c.blocks);
    expect(all).toContain('1 Main St \uFFFD');
    expect(all).toContain('Hole \uFFFD here');
    expect(all).toContain('search?query=1%20Main%20St%20%EF%BF%BD');
    expect(all).not.toMatch(/\\ud[89ab]/i); // no escaped lone surrogate left for Slack to refuse
  });

  it('never cuts an emoji in half', () => {
    const emoji = '\u{1F573}'; // a hole, two UTF-16 units
    const cutText = cut(`x${emoji.repeat(10)}`, 3); // keeps 2 units: "x" and half an emoji
    expect(isWellFormed(cutText)).toBe(true);
    expect(cutText).toBe('x…');
  });

  it('delivers the card to the channel instead of failing the delivery', async () => {
    const slack = new FakeSlack();
    const cases = new MemoryCaseStore();
    const sink = new SlackTriageSink({ client: makeDeps().client, channel: CHANNEL, cases, timezone: 'America/Chicago', now: () => new Date('2026-11-27T10:00:05.000Z') });
    await sink.deliver(submission(stored), noMedia, { sinkKey: 'public-works.1', attempt: 1 });
    const posts = slack.of('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]!.body.blocks)).toContain('1 Main St \uFFFD');
    expect(await cases.get('sub-1@public-works.1')).toMatchObject({ state: 'created' });
  });
});
