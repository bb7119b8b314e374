/**
 * The Slack adapter, assembled: a Bolt App whose receiver is either an ExpressReceiver (HTTP:
 * its router is mounted by compose() at /slack, Bolt verifying each request's signature and
 * refusing timestamps older than 5 minutes with 401) or, when SLACK_APP_TOKEN is set, a
 * SocketModeReceiver (no public URL needed). Built by compose() when SLACK_BOT_TOKEN is set.
 *
 * Endpoints (HTTP mode): POST /slack/events (Events API), /slack/interactivity (buttons,
 * modals), /slack/commands (/wegov). Bolt accepts every kind on each of them; the manifest
 * points each kind at its own path.
 *
 * Acknowledgement: `processBeforeResponse: false`, so Slack gets its 200 at once (events are
 * acknowledged by Bolt before any listener runs; actions and commands call ack() first) and
 * the work happens after. The App is public (`adapter.app`): triage registers its own
 * handlers on it.
 */
import { App, ExpressReceiver, SocketModeReceiver, type BlockAction, type ButtonAction, type CheckboxesAction, type MultiStaticSelectAction, type RadioButtonsAction, type StaticSelectAction } from '@slack/bolt';
import { WebClient, type RetryOptions } from '@slack/web-api';
import express, { type Router } from 'express';
import type { CaseStore } from '../../src/cases/types';
import type { Catalog } from '../../src/catalog/types';
import type { SlackConfig } from '../../src/config';
import type { Logger } from '../../src/log';
import type { AdoptionSummaries } from '../../src/modules/adoptions';
import type { ResultsDigests } from '../../src/modules/results-digest';
import type { ProactiveDelivery, RuntimeDeps } from '../../src/runtime/deps';
import { codedErrorBodies, refuseEncodedBodies } from '../../src/server/uniform-errors';
import { boltLogger } from './bolt-logger';
import { CHOICE_ACTION } from './button-value';
import { ONE_ANSWER_ACTION, PICKS_ACTION } from './form-controls';
import { RESULTS_PAGE_ACTION } from './results-blocks';
import { answerCommand, SLASH_COMMAND, type CommandDeps } from './commands';
import type { RosterProvider } from '../../src/modules/rosters';
import { registerRosterAttendance } from './roster/attendance';
import { rosterCardIn, type RosterCardStore } from './roster/card-store';
import { directMessageOf, SlackDm, type ChoicePress, type SlackMessageEvent } from './dm';
import { slackUserOf } from './ids';
import { SlackPoster, slackErrorSummary } from './poster';
import type { SlackMessage } from './render';
import { seenOnce } from './seen';
import { StaffAudience } from './staff-audience';
import { ChannelMembers } from './triage/permissions';
import { SlackUserLocales } from './user-locale';

/** The paths under /slack the ExpressReceiver answers (the manifest uses the same). */
export const SLACK_ENDPOINTS = { events: '/events', interactivity: '/interactivity', commands: '/commands' } as const;
export const SLACK_MOUNT = '/slack';

export interface SlackAdapterOverrides {
  /** Web API retries (default: 3 quick ones). Tests pass `{ retries: 0 }`. */
  retryConfig?: RetryOptions;
  /** Default true: connect (Socket Mode) or look the bot up (HTTP) in start(). */
  start?: boolean;
}

export interface SlackAdapterDeps {
  runtime: RuntimeDeps;
  cases: CaseStore;
  catalog: Catalog;
  /** The participation modules' results, for `/wegov results` (src/modules/results-digest.ts). */
  digests?: ResultsDigests;
  /** The modules' shift rosters, for `/wegov roster` (src/modules/rosters.ts). */
  rosters?: RosterProvider;
  /** The modules' adoption summaries, for `/wegov adoptions` (src/modules/adoptions.ts). */
  adoptions?: AdoptionSummaries;
  /** Where the outbox keeps the roster cards: with it, staff mark attendance on them (roster/attendance.ts). */
  rosterCards?: RosterCardStore;
  /** Whether an agency's sinks take a kind of result (the outbox router's `forwards`): `/wegov status` says when "me too"s are not forwarded. */
  forwards?: (agencyId: string, kind: string) => boolean;
}

/** Where and when a WeGov control was used, from its block_actions payload; null when it is not a team's message. */
function pressAt(body: BlockAction, actionTs: string): Pick<ChoicePress, 'teamId' | 'userId' | 'channel' | 'messageTs' | 'actionTs'> | null {
  const channel = body.channel?.id ?? body.container.channel_id;
  if (typeof channel !== 'string' || !body.team?.id) return null;
  return { teamId: body.team.id, userId: body.user.id, channel, messageTs: body.message?.ts ?? body.container.message_ts, actionTs };
}

export class SlackAdapter {
  /** The Bolt app: register more listeners on it (triage). */
  readonly app: App;
  /** The bot's Web API client (bot token, SLACK_API_URL). */
  readonly client: WebClient;
  /** The router to mount at /slack (HTTP mode); undefined in Socket Mode. */
  readonly webhookRouter: Router | undefined;
  readonly dm: SlackDm;
  private readonly log: Logger;
  private botUserId: Promise<string> | undefined;
  private members: ChannelMembers | undefined;

  constructor(
    /** The settings (triage reads `triageAllowedUsers`). */
    readonly config: SlackConfig,
    private readonly deps: SlackAdapterDeps,
    private readonly overrides: SlackAdapterOverrides = {},
  ) {
    const { runtime } = deps;
    this.log = runtime.logger.child({ component: 'slack' });
    const logger = boltLogger(runtime.logger);
    const retryConfig = overrides.retryConfig ?? { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 };
    const clientOptions = { slackApiUrl: config.apiUrl, retryConfig };
    this.client = new WebClient(config.botToken, { ...clientOptions, logger });
    if (config.botUserId !== undefined) this.botUserId = Promise.resolve(config.botUserId);

    const authorize = async () => ({ botToken: config.botToken, botUserId: await this.resolveBotUserId() });
    if (config.appToken !== undefined) {
      const receiver = new SocketModeReceiver({ appToken: config.appToken, logger });
      this.app = new App({ receiver, authorize, logger, clientOptions, processBeforeResponse: false });
      this.webhookRouter = undefined;
    } else {
      if (config.signingSecret === undefined) throw new Error('SLACK_SIGNING_SECRET is required without SLACK_APP_TOKEN');
      const router = express.Router();
      // Bolt answers errors with empty bodies and reads bodies without decompressing: coded JSON errors, no Content-Encoding.
      router.use(refuseEncodedBodies, codedErrorBodies);
      const receiver = new ExpressReceiver({
        signingSecret: config.signingSecret,
        endpoints: { ...SLACK_ENDPOINTS },
        processBeforeResponse: false,
        router,
        logger,
      });
      this.app = new App({ receiver, authorize, logger, clientOptions, processBeforeResponse: false });
      this.webhookRouter = router;
    }
    this.app.error(async (error) => {
      this.log.error({ err: slackErrorSummary(error) }, 'slack listener failed');
    });
    const locales = new SlackUserLocales(this.client);
    const audience = new StaffAudience(this.client, runtime.env, this.log);
    this.dm = new SlackDm(runtime, new SlackPoster(this.client, this.log), runtime.logger, (user) => locales.of(user), (user) => audience.factsOf(user));
    this.register();
  }

  /** HTTP or Socket Mode. */
  get mode(): 'http' | 'socket' {
    return this.config.appToken !== undefined ? 'socket' : 'http';
  }

  private register(): void {
    const { runtime } = this.deps;
    this.app.use(seenOnce(this.deps.cases, this.log));

    this.app.event('message', async ({ event, body }) => {
      const dm = directMessageOf(event as SlackMessageEvent, await this.resolveBotUserId().catch(() => undefined));
      if (dm === null) return;
      const b = body as { team_id?: string; event_id?: string };
      await this.dm.message(b.team_id ?? 'T0', b.event_id ?? `${dm.channel}:${(event as { ts?: string }).ts ?? ''}`, dm);
    });

    this.app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: CHOICE_ACTION }, async ({ ack, body, action }) => {
      await ack();
      const at = pressAt(body, action.action_ts);
      if (at) await this.dm.choice({ ...at, value: action.value, label: action.text.text, message: body.message });
    });

    // Form controls: a radio button or a select answers like a button; checkboxes send their ticked set.
    this.app.action<BlockAction<RadioButtonsAction | StaticSelectAction>>({ type: 'block_actions', action_id: ONE_ANSWER_ACTION }, async ({ ack, body, action }) => {
      await ack();
      const at = pressAt(body, action.action_ts);
      const option = action.selected_option;
      if (!at || option?.value === undefined) return;
      // The option's text is its whole label unless Slack shows it cut (with a description): then the transcript says it.
      const whole = !('description' in option && option.description !== undefined);
      await this.dm.choice({ ...at, value: option.value, ...(whole ? { label: option.text.text } : {}), message: body.message });
    });

    this.app.action<BlockAction<CheckboxesAction | MultiStaticSelectAction>>({ type: 'block_actions', action_id: PICKS_ACTION }, async ({ ack, body, action }) => {
      await ack();
      const at = pressAt(body, action.action_ts);
      if (at) await this.dm.picks({ ...at, blockId: action.block_id, values: action.selected_options.map((o) => o.value ?? '') });
    });

    // The results message's link button opens the page in the browser; Slack still reports the press.
    this.app.action({ type: 'block_actions', action_id: RESULTS_PAGE_ACTION }, async ({ ack }) => {
      await ack();
    });

    // "Mark attended" on a shift's roster card, for members of the card's channel.
    if (this.deps.rosters && this.deps.rosterCards) {
      const catalog = this.deps.catalog;
      registerRosterAttendance(this.app, {
        client: this.client,
        rosters: this.deps.rosters,
        cards: this.deps.rosterCards,
        cases: this.deps.cases,
        isMember: (channel, user) => this.channelMembers().isMember(channel, user),
        allowedUsers: this.config.triageAllowedUsers,
        localeOf: (team, user) => this.dm.localeOf(team ?? 'T0', user).catch(() => catalog.jurisdiction.defaultLocale),
        cardLocale: catalog.jurisdiction.defaultLocale,
        timezone: catalog.jurisdiction.timezone,
        now: () => runtime.env.now(),
        logger: this.log,
      });
    }

    this.app.command(SLASH_COMMAND, async ({ ack, command, respond }) => {
      await ack();
      let answer: string | SlackMessage;
      try {
        const locale = await this.dm.localeOf(command.team_id, command.user_id).catch(() => runtime.env.locales[0] ?? 'en');
        answer = await answerCommand(this.commandDeps(), command.text, locale, command.user_id, command.channel_id);
      } catch (error) {
        this.log.error({ err: slackErrorSummary(error) }, 'slack command failed');
        answer = runtime.i18n.renderText([{ key: 'slack.error' }], runtime.env.locales[0] ?? 'en');
      }
      await respond({ response_type: 'ephemeral', ...(typeof answer === 'string' ? { text: answer } : answer) }).catch((error: unknown) => {
        this.log.warn({ err: slackErrorSummary(error) }, 'slack command answer failed');
      });
    });
  }

  /** The command's dependencies, with the abuse list's (members of the triage channels may lift their blocks). */
  private channelMembers(): ChannelMembers {
    this.members ??= new ChannelMembers(this.client);
    return this.members;
  }

  private commandDeps(): CommandDeps {
    const members = this.channelMembers();
    const cards = this.deps.rosterCards;
    return {
      ...this.deps,
      ...(cards ? { rosterCardIn: (agencyId: string, shiftId: string, channel: string) => rosterCardIn(this.deps.catalog, cards, agencyId, shiftId, channel) } : {}),
      abuse: {
        runtime: this.deps.runtime,
        cases: this.deps.cases,
        allowedUsers: this.config.triageAllowedUsers,
        isMember: (channel, user) => members.isMember(channel, user),
        triage: { client: this.client, logger: this.log, ...(this.deps.catalog.jurisdiction.timezone ? { timezone: this.deps.catalog.jurisdiction.timezone } : {}) },
      },
    };
  }

  /** The bot's user id: SLACK_BOT_USER_ID, else one auth.test (retried on the next event if it failed). */
  private resolveBotUserId(): Promise<string> {
    this.botUserId ??= this.client.auth.test().then((r) => {
      if (typeof r.user_id !== 'string') throw new Error('auth.test gave no user_id');
      return r.user_id;
    });
    const pending = this.botUserId;
    pending.catch(() => {
      if (this.botUserId === pending) this.botUserId = undefined;
    });
    return pending;
  }

  /** Socket Mode: connects. HTTP mode: looks the bot up once, so a bad token shows at start. */
  start(): void {
    if (this.overrides.start === false) return;
    if (this.mode === 'socket') {
      this.app.start().then(
        () => this.log.info({ mode: this.mode }, 'slack app connected'),
        (error: unknown) => this.log.error({ err: slackErrorSummary(error) }, 'slack socket mode failed to start: check SLACK_APP_TOKEN'),
      );
      return;
    }
    this.resolveBotUserId().then(
      () => this.log.info({ mode: this.mode }, 'slack app ready'),
      (error: unknown) => this.log.error({ err: slackErrorSummary(error) }, 'slack auth.test failed: check SLACK_BOT_TOKEN and SLACK_API_URL'),
    );
  }

  /** Proactive delivery for the runtime's registry (status updates reach the staff's DM). */
  readonly proactive: ProactiveDelivery = async (conversationId, messages) => {
    const who = slackUserOf(conversationId);
    if (who === null || messages.length === 0) return;
    await this.dm.push(who.userId, messages);
  };

  async stop(): Promise<void> {
    if (this.mode === 'socket' && this.overrides.start !== false) await this.app.stop().catch(() => undefined);
    // Messages being answered finish before the stores close.
    await this.dm.idle();
  }
}
