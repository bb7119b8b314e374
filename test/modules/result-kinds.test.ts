/** Every result kind WeGov's modules submit documents its webhook event with a schema file that exists. */
import fs from 'node:fs';
import path from 'node:path';
import { engine } from '../../dialogs';

describe('result kinds', () => {
  it.each(Object.entries(engine.resultKinds))('%s names an existing JSON Schema file in docs/webhooks for its event type', (_kind, spec) => {
    const file = path.join(__dirname, '../../docs/webhooks', spec.webhookEvent.schemaFile ?? '(no schema file named)');
    expect(fs.existsSync(file)).toBe(true);
    // The file documents this kind's own event type (what agencies match on).
    const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as { properties: { type: { const: string } } };
    expect(schema.properties.type.const).toBe(spec.webhookEvent.type);
  });
});
