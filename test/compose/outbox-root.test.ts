/**
 * The outbox's composition root (src/compose/outbox-root.ts), shared by `wegov start` and
 * `wegov worker`: with Slack configured it registers the Slack triage sink (the outbox itself
 * names no channel), so a catalogue `slack` sink gets triage cards and the agency's dead-letter
 * alerts in either process; without Slack the sink is skipped with a warning and the other
 * sinks keep working.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { defaultCatalogPath, loadCatalog } from '../../src/catalog';
import type { Catalog } from '../../src/catalog/types';
import { composeOutbox } from '../../src/compose/outbox-root';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createStores } from '../../src/state';

const SLACK_ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1-test',
  SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef',
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
};

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-outbox-root-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The demo city with a Slack triage channel added to its first agency's sinks. */
function catalogWithSlack(): { catalog: Catalog; agency: string; slackKey: string } {
  const demo = loadCatalog(defaultCatalogPath({}));
  const [first, ...rest] = demo.agencies;
  const agency = { ...first!, sinks: [...first!.sinks, { type: 'slack' as const, channel: 'C0TRIAGE' }] };
  return { catalog: { ...demo, agencies: [agency, ...rest] }, agency: agency.id, slackKey: `${agency.id}.${agency.sinks.length - 1}` };
}

function build(env: Record<string, string>) {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'warn',
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  });
  const config = loadConfig({ WEGOV_SUBMISSIONS_FILE: path.join(dir, 'submissions.jsonl'), ...env });
  const { catalog, agency, slackKey } = catalogWithSlack();
  const stores = createStores({});
  const root = composeOutbox({ config, catalog, stores, logger, env: {} });
  return { ...root, stores, agency, slackKey, lines };
}

describe('composeOutbox (wegov start and wegov worker)', () => {
  it('registers the Slack triage sink when Slack is configured: cards and dead-letter alerts in the channel', async () => {
    const { outbox, stores, agency, slackKey } = build(SLACK_ENV);
    try {
      expect(outbox.router.slackSinkKeys()).toEqual([slackKey]);
      expect(outbox.router.sink(slackKey)?.name).toBe('slack');
      expect(outbox.router.alerts(agency).map((a) => a.kind)).toContain('slack');
    } finally {
      await outbox.close();
      await stores.close();
    }
  });

  it('without Slack the slack sink is skipped with a warning; the agency keeps its other sinks', async () => {
    const { outbox, stores, agency, slackKey, lines } = build({});
    try {
      expect(outbox.router.slackSinkKeys()).toEqual([]);
      expect(outbox.router.sink(slackKey)).toBeUndefined();
      // The agency's file sink still takes its reports.
      expect(outbox.router.routes({ id: 's1', kind: 'report', agencyId: agency, conversationId: 'c', createdAt: '', payload: {} }).map((r) => [r.sinkKey, r.sink.name])).toEqual([[`${agency}.0`, 'jsonl-file']]);
      expect(outbox.router.alerts(agency).map((a) => a.kind)).not.toContain('slack');
      expect(lines.join('')).toContain('slack is not configured; this slack sink is skipped');
    } finally {
      await outbox.close();
      await stores.close();
    }
  });
});
