/**
 * A kind of participation (reporting an issue, a consultation, volunteering, ...) as one
 * plug-in: a folder under `dialogs/` exporting one `ParticipationModule`. `dialogs/index.ts`
 * lists the modules; the composition root hands that list to the engine (flows, the menu, deep
 * links), to i18n (the module's own texts) and to the outbox (which sinks take which kinds).
 * Nothing else names a module, and adding one edits nothing under src/.
 */
import type { z } from 'zod';
import type { Catalog } from '../catalog/types';
import type { Env } from './env';
import type { FlowCtx, FlowDef, Outcome } from './flow';
import type { Input } from './input';
import type { Json } from './json';
import type { Session } from './session';
import type { Text } from './text';

/** A way in from the main menu. */
export interface MenuEntry {
  /** The choice id on the menu (also a word people may type, through `match`). */
  id: string;
  label: Text;
  /** Menu position: lower first (reporting is 10). */
  order: number;
  /** Words that pick it, in every shipped language (see Env.commandWords / vocabulary()). */
  match?: string[];
  /** The flow it starts, with answers already known. */
  start: { flow: string; answers?: { [stepId: string]: Json } };
  /**
   * A sentence typed at the menu that this module understands (e.g. one naming a report
   * category): answers to start its flow with, or null.
   */
  interpret?: (input: Input, ctx: FlowCtx) => { [stepId: string]: Json } | null;
}

/** Where an intent leads for this person now: its button (when the bot asks which was meant) and what it does. */
export interface IntentRoute {
  label: Text;
  /** Going there from the menu, with the person's message (a report keeps it, to find the category and address in). */
  go(text: string): Outcome;
}

/**
 * An intent a module understands in free text (issue 14), e.g. `volunteer` for "how can I help
 * out on Saturday?": example messages for the classifier, and where it leads. Intent ids are
 * shared with the catalogue's `intents:` section and the eval fixture (eval/nlu/README.md).
 */
export interface IntentDef {
  id: string;
  /** Example messages per locale (training data; never the eval fixture's lines). */
  examples(catalog: Catalog): Readonly<Record<string, readonly string[]>>;
  /** Where it leads for this person now, or null when it is not offered (e.g. no consultation open). */
  route(ctx: FlowCtx): IntentRoute | null;
}

/** What a notice handler may look at: no frame (the person may be anywhere in the conversation). */
export interface NoticeCtx {
  env: Env;
  session: Session;
  locale: string;
}

/** Where a deep link (`/start <payload>`, the widget's `data-start`, a QR code) leads. */
export type DeepLink = (payload: string, env: Env) => { flow: string; answers?: Record<string, string> } | null;

/** Open data about one kind of result, for the outbox and the agency. */
export interface ResultKind {
  /** Payload version: bumped whenever what is sent changes. */
  version: number;
  /** Validates a payload at the boundary (a queued job, a webhook body). */
  schema: z.ZodType;
  /** The webhook event type for it (e.g. `petition.signed`), with its JSON Schema file in docs/webhooks. */
  webhookEvent: { type: string; schemaFile?: string };
}

export interface ParticipationModule {
  id: string;
  flows: FlowDef[];
  /**
   * Offered on the main menu when it returns an entry (e.g. only while a consultation is open),
   * for this person: their language, channel and channel data (e.g. Slack memberships) are in the session.
   */
  menuEntry?: (env: Env, session: Pick<Session, 'locale' | 'channel' | 'channelData'>) => MenuEntry | null;
  deepLinks?: DeepLink[];
  /**
   * The `once` scopes (see EngineEvent `result_submitted.once`) this turn may start answering,
   * e.g. the consultations a menu pick or a deep link opens. Before the step the runtime looks
   * up whether the person already has a current result in each (Env.onceAnswered), so the
   * dialog can say "you answered on 3 May; change it?". Called on every turn: keep it cheap and
   * return [] mid-dialog.
   */
  onceScopes?: (session: Session, input: Input, env: Env) => string[];
  /**
   * Every `once` scope the module's results may use in this deployment (e.g. one per consultation
   * in the catalogue): "delete my data" drops the person's claims in all of them, including those
   * made from their other conversations.
   */
  allOnceScopes?: (env: Env) => string[];
  /**
   * What the person is told when the runtime delivers one of its notices (Input `notice`): the
   * messages, events, and optionally a flow to start (e.g. a reminder offering "cancel my place").
   */
  notices?: Readonly<Record<string, (ctx: NoticeCtx, data: Json) => Outcome>>;
  /** The results it submits, by kind (`result_submitted.kind`). */
  results?: Readonly<Record<string, ResultKind>>;
  /** The intents it understands in free text, with their examples (the menu's classifier learns them). */
  intents?: readonly IntentDef[];
  /**
   * Mid-flow escape (issue 14): a typed message that is no answer to the question under way,
   * offered to each module that has this hook. A module that reads another intent in it returns
   * a flow to ask before leaving ("Leave ... and ...?"), started on top of the dialog; that flow
   * resumes the dialog (answers kept) or moves on. Null: the message is refused as usual.
   */
  escape?(text: string, ctx: FlowCtx): { flow: string; answers: { [stepId: string]: Json } } | null;
  /** Work done once at start for a catalogue and its languages (the menu trains its intent classifier), so no turn waits for it. */
  prepare?(catalog: Catalog, locales: readonly string[]): void;
  /** Its own texts, per locale (merged into locales/ at start; every shipped locale needs every key). */
  locales?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}
