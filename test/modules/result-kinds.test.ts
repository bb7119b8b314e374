/** Every result kind WeGov's modules submit documents its webhook event with a schema file that exists. */
import fs from 'node:fs';
import path from 'node:path';
import { engine } from '../../dialogs';

describe('result kinds', () => {
  it.each(Object.entries(engine.resultKinds))('%s names an existing JSON Schema file in docs/webhooks', (_kind, spec) => {
    expect(spec.webhookEvent.schemaFile).toBeDefined();
    const file = path.join(__dirname, '../../docs/webhooks', spec.webhookEvent.schemaFile!);
    expect(fs.existsSync(file)).toBe(true);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toHaveProperty('$schema');
  });
});
