/**
 * The engine's baseline: botbuilder-dialogs (Microsoft's Bot Framework SDK dialogs, 4.23; a
 * devDependency used here only) running the same 8-turn pothole report as `benchEngine`: a
 * WaterfallDialog of ChoicePrompts and TextPrompts with the same questions, choices and checks,
 * conversation state in MemoryStorage, each turn driven through a TestAdapter the way the SDK's
 * own tests do (continueDialog, else beginDialog, then saveChanges). Every conversation has its
 * own id, so every turn loads and saves its own state. The replies the adapter queues are
 * dropped after each turn (the bench keeps no transcript).
 */
import { performance } from 'node:perf_hooks';
import { ConversationState, MemoryStorage, TestAdapter, type Activity, type TurnContext } from 'botbuilder-core';
import {
  ChoiceFactory,
  ChoicePrompt,
  DialogSet,
  DialogTurnStatus,
  TextPrompt,
  WaterfallDialog,
  type DialogState,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';

/** The 8 user turns of one report, as a Web Chat client with suggested actions sends them. */
export const BOTBUILDER_REPORT_TURNS: readonly string[] = [
  'report pothole',
  'Medium',
  'Skip',
  '30.2711,-97.7437',
  'Skip',
  'Deep pothole in the right lane outside number 12, cars swerve around it.',
  'Anonymous',
  'Submit',
];

const CHOICE = 'choice';
const TEXT = 'text';
const LOCATION = 'location';
const DESCRIPTION = 'description';
const MAX_DESCRIPTION = 4000;

interface ReportValues {
  size?: string;
  bikeLane?: string;
  lat?: number;
  lon?: number;
  description?: string;
  contact?: string;
}

function values(step: WaterfallStepContext): ReportValues {
  return step.values as ReportValues;
}

function choiceValue(step: WaterfallStepContext): string {
  return (step.result as { value: string }).value;
}

function parseLocation(text: string): { lat: number; lon: number } | undefined {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : undefined;
}

/** The report waterfall: the same 8 prompts (7 questions and the menu after the reference). */
function reportDialogs(state: ConversationState): DialogSet {
  const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState'));
  dialogs.add(new ChoicePrompt(CHOICE));
  dialogs.add(new TextPrompt(TEXT));
  dialogs.add(new TextPrompt(LOCATION, async (p: PromptValidatorContext<string>) => p.recognized.succeeded && parseLocation(p.recognized.value ?? '') !== undefined));
  dialogs.add(
    new TextPrompt(DESCRIPTION, async (p: PromptValidatorContext<string>) => {
      const text = (p.recognized.value ?? '').trim();
      return p.recognized.succeeded && text.length >= 3 && text.length <= MAX_DESCRIPTION;
    }),
  );
  let references = 0;
  dialogs.add(
    new WaterfallDialog('report', [
      async (step) => {
        await step.context.sendActivities([
          { type: 'message', text: 'Welcome to Riverside. What you tell us goes to the agency that can act on it.' },
          { type: 'message', text: 'We keep your answers only as long as the report needs them.' },
        ]);
        return step.prompt(CHOICE, {
          prompt: 'How big is it? Compare it with a dinner plate (small) or a car tyre (large).',
          choices: ChoiceFactory.toChoices(['Small', 'Medium', 'Large']),
        });
      },
      async (step) => {
        values(step).size = choiceValue(step);
        return step.prompt(CHOICE, { prompt: 'Is it in a bike lane?', choices: ChoiceFactory.toChoices(['Yes', 'No', 'Skip']) });
      },
      async (step) => {
        values(step).bikeLane = choiceValue(step);
        return step.prompt(LOCATION, {
          prompt: 'Where is it? Share your location, or type the address.',
          retryPrompt: 'Please share a location (latitude,longitude).',
        });
      },
      async (step) => {
        const where = parseLocation(step.result as string);
        values(step).lat = where?.lat;
        values(step).lon = where?.lon;
        return step.prompt(CHOICE, { prompt: 'Would you like to add a photo? (JPEG, PNG or WebP, up to 5 MB.)', choices: ChoiceFactory.toChoices(['Skip']) });
      },
      async (step) => step.prompt(DESCRIPTION, { prompt: `Describe the problem (up to ${MAX_DESCRIPTION} characters).`, retryPrompt: 'Please describe it in a few words.' }),
      async (step) => {
        values(step).description = (step.result as string).trim();
        return step.prompt(CHOICE, { prompt: 'May the agency contact you about it?', choices: ChoiceFactory.toChoices(['Anonymous', 'Give contact']) });
      },
      async (step) => {
        const v = values(step);
        v.contact = choiceValue(step);
        const review = [
          'Please check your report:',
          'Category: Pothole',
          `How big is it: ${v.size}`,
          `Is it in a bike lane: ${v.bikeLane}`,
          `Where: ${v.lat}, ${v.lon}`,
          `Description: ${v.description}`,
          `Contact: ${v.contact}`,
        ].join('\n');
        return step.prompt(CHOICE, { prompt: review, choices: ChoiceFactory.toChoices(['Submit', 'Edit', 'Cancel']) });
      },
      async (step) => {
        const reference = `WG-${(++references).toString(36).toUpperCase().padStart(6, '0')}`;
        await step.context.sendActivity(`Thank you. Your report ${reference} went to Public Works.`);
        return step.replaceDialog('menu');
      },
    ]),
  );
  dialogs.add(
    new WaterfallDialog('menu', [
      async (step) => step.prompt(CHOICE, { prompt: 'What would you like to do?', choices: ChoiceFactory.toChoices(['Report a problem', 'Consultation', 'Volunteer', 'Language', 'Help']) }),
      async (step) => step.endDialog(),
    ]),
  );
  return dialogs;
}

/**
 * Reports through botbuilder-dialogs for `seconds`, one conversation after another, each 8
 * turns. Returns the turns and reports done and the seconds taken.
 */
export async function benchBotbuilder(seconds: number): Promise<{ turns: number; reports: number; seconds: number }> {
  const state = new ConversationState(new MemoryStorage());
  const dialogs = reportDialogs(state);
  const logic = async (context: TurnContext): Promise<void> => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog('report');
    await state.saveChanges(context);
  };
  const adapter = new TestAdapter(logic);
  let turns = 0;
  let reports = 0;
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  while (performance.now() < deadline) {
    const conversation = { id: `bb${reports}`, isGroup: false, conversationType: 'personal', name: '' };
    let replies: Partial<Activity>[] = [];
    for (const text of BOTBUILDER_REPORT_TURNS) {
      const activity: Partial<Activity> = { type: 'message', text, conversation };
      await adapter.processActivity(activity);
      replies = adapter.activeQueue.splice(0);
      turns++;
    }
    if (!replies.some((r) => r.text?.startsWith('Thank you. Your report'))) throw new Error('botbuilder bench: the report did not reach its reference');
    reports++;
  }
  return { turns, reports, seconds: (performance.now() - t0) / 1000 };
}
