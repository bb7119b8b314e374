import { intentsSchema } from '../../src/catalog/schema-intents';
import { trainIntentClassifier } from '../../src/nlu/intent-classifier';
import { participationModules } from '../../dialogs';
import { intentModels } from '../../dialogs/menu/classifier';
import { demo } from '../support/engine-env';

const intents = participationModules().flatMap((m) => m.intents ?? []);
const top = (ranking: { intent: string }[]) => ranking[0]?.intent;

describe('intent classifier', () => {
  it('is the same model every time it is trained on the same examples', () => {
    const examples = [
      { text: 'hello there', intent: 'greeting' },
      { text: 'thank you', intent: 'thanks' },
      { text: 'a hole in the road', intent: 'report' },
    ];
    const a = trainIntentClassifier('en', examples).classify('hello road');
    const b = trainIntentClassifier('en', examples).classify('hello road');
    expect(a).toEqual(b);
  });

  it('understands greetings, thanks and a misspelt report in each language', async () => {
    const { catalog } = await demo();
    const models = intentModels(intents);
    const cases: [string, string, string][] = [
      ['en', 'good evening', 'greeting'],
      ['en', 'thx a lot', 'thanks'],
      ['en', 'potole by the school', 'report'],
      ['es', 'hola', 'greeting'],
      ['es', 'muchas gracias', 'thanks'],
      ['fr', 'bonsoir', 'greeting'],
      ['fr', 'merci beaucoup', 'thanks'],
      ['ar', 'مرحبا', 'greeting'],
    ];
    for (const [locale, text, expected] of cases) expect([locale, text, top(models.classifier(catalog, locale).classify(text))]).toEqual([locale, text, expected]);
  });

  it("learns an agency's own examples from the catalogue's intents section", async () => {
    const { catalog } = await demo();
    const said = 'my zorblax subscription please';
    const before = top(intentModels(intents).classifier(catalog, 'en').classify(said));
    const extended = { ...catalog, categories: [...catalog.categories], intents: { subscribe: { en: ['zorblax subscription', 'zorblax please', 'the zorblax'] } } };
    expect(before).not.toBe(undefined);
    expect(top(intentModels(intents).classifier(extended, 'en').classify(said))).toBe('subscribe');
  });

  it("validates the catalogue's intents section", () => {
    expect(intentsSchema.safeParse({ report: { en: ['a manhole cover is missing'] } }).success).toBe(true);
    expect(intentsSchema.safeParse({ Report: { en: ['x'] } }).success).toBe(false);
    expect(intentsSchema.safeParse({ report: { en: [] } }).success).toBe(false);
    expect(intentsSchema.safeParse({ report: { english: ['x'] } }).success).toBe(false);
  });
});
