/**
 * The "me too" webhook event (issue 16): the result the nearby flow submits (taken from its golden
 * transcript) passes the kind's zod schema, and the event the webhook sink sends validates against
 * docs/webhooks/report-me-too-v1.schema.json (JSON Schema 2020-12, ajv; `format` is not checked).
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { ME_TOO_RESULT } from '../../../dialogs/report/me-too-result';
import { resultEvent } from '../../../src/sinks/webhook/result-event';
import type { Submission } from '../../../src/state/types';

const root = path.join(__dirname, '../../..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'docs/webhooks/report-me-too-v1.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, validateFormats: false }).compile(schema);

interface Recorded {
  turns: { events: { type: string; kind?: string; id?: string; agencyId?: string; payload?: unknown }[] }[];
}

function submitted(file: string): Submission {
  const t = JSON.parse(fs.readFileSync(path.join(root, 'test/dialogs/transcripts', file), 'utf8')) as Recorded;
  const e = t.turns.flatMap((x) => x.events).find((x) => x.type === 'result_submitted' && x.kind === 'report_me_too');
  if (!e || !e.id || !e.agencyId) throw new Error(`${file}: no report_me_too result`);
  return { id: e.id, kind: 'report_me_too', agencyId: e.agencyId, conversationId: 'conv-1', createdAt: '2026-11-26T15:00:24.000Z', payload: e.payload as Submission['payload'] };
}

describe('report.me_too webhook event', () => {
  it.each(['nearby-taken-en.json', 'nearby-taken-es.json'])('%s: the event validates against its JSON Schema', (file) => {
    const event = resultEvent(submitted(file), ME_TOO_RESULT, new Date('2026-11-26T15:00:25.000Z'));
    expect(event).not.toBeNull();
    expect(event).toMatchObject({ type: 'report.me_too', version: 1, reference: 'WG-4HTR2M', agencyId: 'public-works' });
    expect(validate(event)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('refuses a payload that is not a me-too', () => {
    expect(resultEvent({ ...submitted('nearby-taken-en.json'), payload: { reference: 'WG-4HTR2M' } }, ME_TOO_RESULT, new Date())).toBeNull();
  });
});
