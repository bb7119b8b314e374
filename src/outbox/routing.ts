/**
 * Which sinks a submission goes to: its category's agency, then that agency's `sinks` from the
 * catalogue. Every sink is built once at start, so bad configuration (a webhook whose secret
 * variable is unset) fails the process at start, naming the variable.
 *
 * A sink's key is `<agencyId>.<sink id>` (or `<agencyId>.<index in its sinks list>` for a sink
 * without an id: stable only while the catalogue keeps the agency's sinks in the same order),
 * and part of each delivery's idempotency key.
 */
import path from 'node:path';
import type { CaseStore } from '../cases/types';
import type { AlertConfig, Catalog, SinkConfig } from '../catalog/types';
import { ConfigError } from '../config';
import type { Logger } from '../log';
import { JsonlFileSink } from '../sinks/jsonl-file-sink';
import { Open311Client, Open311Sink, type Open311SinkOptions } from '../sinks/open311';
import type { Sink } from '../sinks/types';
import { WebhookSink, type WebhookSinkOptions } from '../sinks/webhook';
import { reporterAnswerOf } from '../runtime/agency-questions';
import type { Submission } from '../state/types';
import type { WebClient } from '@slack/web-api';
import { slackAlertTarget } from '../../adapters/slack/triage/alert';
import { SlackTriageSink } from '../../adapters/slack/triage/sink';
import { erasureRequestOf } from '../privacy/erasure-request';
import { deadLetterEvent, type AlertTarget } from './dead-letter-alerts';

/** Where a submission whose agency cannot be found goes, so it is never dropped. */
export const FALLBACK_SINK_KEY = 'fallback.file';
/** WeGov's own stores, for erasure requests (src/privacy/erasure-sink.ts). */
export const PRIVACY_SINK_KEY = 'wegov.privacy';

export interface Route {
  sinkKey: string;
  sink: Sink;
}

export interface RouterOptions {
  catalog: Catalog;
  /** WEGOV_SUBMISSIONS_FILE: the file sink's default path and the fallback. */
  submissionsFile: string;
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  fetch?: typeof globalThis.fetch;
  /** Open311 sinks record each delivery's case here (exactly-once in effect, status polling). */
  cases?: CaseStore;
  /** Open311 sinks' `media_url`: the signed, expiring link to a report's photo. */
  mediaUrl?: Open311SinkOptions['mediaUrl'];
  /** Webhook v2 photo links (one per photo). */
  mediaLink?: WebhookSinkOptions['mediaLink'];
  /**
   * Slack (issue 6): with a client, `slack` sinks post triage cards to their channel (and the
   * channel hears of the agency's dead letters); without one they are skipped with a warning.
   */
  slack?: { client: WebClient };
  /** Erases the person's data from WeGov's own stores (erasure requests). */
  privacy?: Sink;
}

export class SinkRouter {
  private readonly byKey = new Map<string, Sink>();
  private readonly alertsByAgency = new Map<string, AlertTarget[]>();
  private readonly byAgency = new Map<string, string[]>();
  private readonly agencyOfCategory = new Map<string, string>();
  private readonly logger: Logger;
  private readonly privacy: Sink | undefined;

  constructor(opts: RouterOptions) {
    this.logger = opts.logger;
    this.privacy = opts.privacy;
    const env = opts.env ?? process.env;
    const files = new Map<string, JsonlFileSink>();
    const fileSink = (p: string): JsonlFileSink => {
      const abs = path.resolve(p);
      let s = files.get(abs);
      if (!s) {
        s = new JsonlFileSink(abs);
        files.set(abs, s);
      }
      return s;
    };
    for (const c of opts.catalog.categories) this.agencyOfCategory.set(c.id, c.agency);
    for (const agency of opts.catalog.agencies) {
      const keys: string[] = [];
      agency.sinks.forEach((config, index) => {
        const key = `${agency.id}.${config.id ?? index}`;
        const sink = buildSink(config, {
          env,
          fileSink,
          submissionsFile: opts.submissionsFile,
          where: `agency ${agency.id} sinks[${index}]`,
          fetch: opts.fetch,
          cases: opts.cases,
          mediaUrl: opts.mediaUrl,
          mediaLink: opts.mediaLink,
          slack: opts.slack,
          timezone: opts.catalog.jurisdiction?.timezone,
          agencyId: agency.id,
        });
        if (!sink) {
          this.logger.warn({ agency: agency.id, sink: config.type }, 'slack is not configured; this slack sink is skipped');
          return;
        }
        this.byKey.set(key, sink);
        keys.push(key);
      });
      this.byAgency.set(agency.id, keys);
      const slackAlerts = opts.slack
        ? agency.sinks.filter((c): c is Extract<SinkConfig, { type: 'slack' }> => c.type === 'slack').map((c) => slackAlertTarget(opts.slack!.client, c.channel))
        : [];
      this.alertsByAgency.set(agency.id, [
        ...(agency.alerts ?? []).map((a, index) => webhookAlert(a, env, `agency ${agency.id} alerts[${index}]`, opts.fetch)),
        ...slackAlerts,
      ]);
    }
    this.byKey.set(FALLBACK_SINK_KEY, fileSink(opts.submissionsFile));
  }

  /** The agency a submission belongs to: its category's, else the one it names. */
  agencyOf(submission: Submission): string | undefined {
    const payload = (typeof submission.payload === 'object' && submission.payload !== null ? submission.payload : {}) as {
      categoryId?: unknown;
      agencyId?: unknown;
    };
    const fromCategory = typeof payload.categoryId === 'string' ? this.agencyOfCategory.get(payload.categoryId) : undefined;
    return fromCategory ?? (typeof payload.agencyId === 'string' ? payload.agencyId : undefined);
  }

  /** Where the agency hears of its dead letters (its catalogue `alerts`). */
  alerts(agencyId: string | undefined): AlertTarget[] {
    return agencyId === undefined ? [] : (this.alertsByAgency.get(agencyId) ?? []);
  }

  /** The sinks this submission goes to (never empty: unknown agencies fall back to the file). */
  routes(submission: Submission): Route[] {
    // A reporter's answer goes back to the delivery that asked (its case key names the sink).
    if (submission.kind === 'reporter_answer') {
      const replyTo = reporterAnswerOf(submission.payload)?.replyTo ?? '';
      const sinkKey = replyTo.slice(replyTo.indexOf('@') + 1);
      const sink = replyTo.includes('@') ? this.byKey.get(sinkKey) : undefined;
      if (sink) return [{ sinkKey, sink }];
      this.logger.warn({ submissionId: submission.id }, 'an answer for a sink that is not configured; writing it to the submissions file');
      return [{ sinkKey: FALLBACK_SINK_KEY, sink: this.byKey.get(FALLBACK_SINK_KEY)! }];
    }
    if (submission.kind === 'erasure_request') return this.erasureRoutes(submission);
    const agencyId = this.agencyOf(submission);
    const keys = agencyId !== undefined ? this.byAgency.get(agencyId) : undefined;
    if (!keys || keys.length === 0) {
      this.logger.warn({ submissionId: submission.id, agency: agencyId ?? null }, 'no configured sink for this submission; writing it to the submissions file');
      return [{ sinkKey: FALLBACK_SINK_KEY, sink: this.byKey.get(FALLBACK_SINK_KEY)! }];
    }
    return keys.map((k) => ({ sinkKey: k, sink: this.byKey.get(k)! }));
  }

  /**
   * An erasure request goes to WeGov's own stores (the privacy sink) and to every sink that can
   * take it among those of the agencies that received the person's reports (webhooks: a signed
   * `person.erasure_requested`; files: their lines are anonymised), plus the fallback file.
   */
  private erasureRoutes(submission: Submission): Route[] {
    const routes = new Map<string, Sink>();
    if (this.privacy) routes.set(PRIVACY_SINK_KEY, this.privacy);
    const agencies = new Set((erasureRequestOf(submission)?.reports ?? []).map((r) => r.agencyId ?? this.agencyOfCategory.get(r.categoryId)));
    for (const agencyId of agencies) {
      for (const key of agencyId !== undefined ? (this.byAgency.get(agencyId) ?? []) : []) {
        const sink = this.byKey.get(key)!;
        if (sink.accepts?.('erasure_request') === true) routes.set(key, sink);
      }
    }
    routes.set(FALLBACK_SINK_KEY, this.byKey.get(FALLBACK_SINK_KEY)!);
    return [...routes].map(([sinkKey, sink]) => ({ sinkKey, sink }));
  }

  /** The sink behind a key (a job's `sinkKey`); undefined when the catalogue no longer has it. */
  sink(sinkKey: string): Sink | undefined {
    return sinkKey === PRIVACY_SINK_KEY ? this.privacy : this.byKey.get(sinkKey);
  }

  /** The Open311 sinks and their keys (the status poller asks each endpoint about its cases). */
  open311Sinks(): { sinkKey: string; sink: Open311Sink }[] {
    return [...this.byKey].filter((e): e is [string, Open311Sink] => e[1] instanceof Open311Sink).map(([sinkKey, sink]) => ({ sinkKey, sink }));
  }

  /** The Slack triage sinks' keys (an answer to "Ask the reporter" is found among their cases). */
  slackSinkKeys(): string[] {
    return [...this.byKey].filter((e) => e[1] instanceof SlackTriageSink).map(([k]) => k);
  }

  /** The submissions files this deployment writes (retention rewrites them). */
  fileSinks(): JsonlFileSink[] {
    return [...new Set([...this.byKey.values()].filter((s): s is JsonlFileSink => s instanceof JsonlFileSink))];
  }

  /** Every key, for tests and `outbox:list`. */
  keys(): string[] {
    return [...this.byKey.keys()];
  }
}

/** A router that sends everything to one sink (tests and embedding: `ComposeOverrides.sink`). */
export function singleSinkRouter(sink: Sink, privacy?: Sink): Pick<SinkRouter, 'routes' | 'sink' | 'open311Sinks' | 'agencyOf' | 'alerts' | 'slackSinkKeys'> {
  const key = `override.${sink.name}`;
  const own: Route = { sinkKey: key, sink };
  return {
    // Erasure requests still reach WeGov's own stores, and the sink only if it takes them.
    routes: (submission) =>
      submission.kind === 'erasure_request'
        ? [...(privacy ? [{ sinkKey: PRIVACY_SINK_KEY, sink: privacy }] : []), ...(sink.accepts?.('erasure_request') === true ? [own] : [])]
        : [own],
    sink: (k) => (k === key ? sink : k === PRIVACY_SINK_KEY ? privacy : undefined),
    open311Sinks: () => (sink instanceof Open311Sink ? [{ sinkKey: key, sink }] : []),
    agencyOf: () => undefined,
    alerts: () => [],
    slackSinkKeys: () => [],
  };
}

/** A catalogue `alerts` webhook: the signed `delivery.dead_lettered` event to the agency's URL. */
function webhookAlert(config: AlertConfig, env: NodeJS.ProcessEnv, where: string, fetch?: typeof globalThis.fetch): AlertTarget {
  const secret = env[config.secretEnv];
  if (!secret) throw new ConfigError(`invalid environment:\n  ${config.secretEnv}: required by ${where} (webhook secret_env)`);
  const hook = new WebhookSink({ url: config.url, secret, ...(fetch ? { fetch } : {}) });
  return {
    kind: 'webhook',
    announce: (notice) => hook.postEvent(deadLetterEvent(notice), `dead-letter:${notice.jobId}:${notice.failedAt}`),
  };
}

function buildSink(
  config: SinkConfig,
  ctx: {
    env: NodeJS.ProcessEnv;
    fileSink: (p: string) => JsonlFileSink;
    submissionsFile: string;
    where: string;
    fetch?: typeof globalThis.fetch;
    cases?: CaseStore;
    mediaUrl?: Open311SinkOptions['mediaUrl'];
    mediaLink?: WebhookSinkOptions['mediaLink'];
    slack?: { client: WebClient };
    timezone?: string;
    agencyId: string;
  },
): Sink | undefined {
  switch (config.type) {
    case 'file':
      return ctx.fileSink(config.path ?? ctx.submissionsFile);
    case 'open311': {
      let apiKey: string | undefined;
      if (config.apiKeyEnv !== undefined) {
        apiKey = ctx.env[config.apiKeyEnv];
        if (!apiKey) throw new ConfigError(`invalid environment:\n  ${config.apiKeyEnv}: required by ${ctx.where} (open311 api_key_env)`);
      }
      const client = new Open311Client({
        endpoint: config.endpoint,
        ...(config.jurisdictionId !== undefined ? { jurisdictionId: config.jurisdictionId } : {}),
        ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
      });
      return new Open311Sink({
        client,
        ...(apiKey !== undefined ? { apiKey } : {}),
        ...(config.jurisdictionId !== undefined ? { jurisdictionId: config.jurisdictionId } : {}),
        ...(ctx.cases ? { cases: ctx.cases } : {}),
        ...(ctx.mediaUrl ? { mediaUrl: ctx.mediaUrl } : {}),
      });
    }
    case 'webhook': {
      const secret = ctx.env[config.secretEnv];
      if (!secret) throw new ConfigError(`invalid environment:\n  ${config.secretEnv}: required by ${ctx.where} (webhook secret_env)`);
      return new WebhookSink({
        url: config.url,
        secret,
        ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
        ...(config.payloadVersion === 2 ? { payloadVersion: 2 as const } : {}),
        agencyId: ctx.agencyId,
        ...(ctx.mediaLink ? { mediaLink: ctx.mediaLink } : {}),
      });
    }
    case 'slack':
      if (!ctx.slack) return undefined;
      return new SlackTriageSink({
        client: ctx.slack.client,
        channel: config.channel,
        ...(ctx.cases ? { cases: ctx.cases } : {}),
        ...(ctx.mediaUrl ? { mediaUrl: ctx.mediaUrl } : {}),
        ...(ctx.timezone ? { timezone: ctx.timezone } : {}),
      });
  }
}
