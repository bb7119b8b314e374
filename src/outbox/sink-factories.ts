/**
 * How the catalogue's sinks are built: one factory per catalogue sink `type`. The core ships the
 * channel-free ones (file, open311, webhook, all under src/sinks); a channel's sink (the Slack
 * triage channel, `slack`) is registered by the composition root from its adapter, so the
 * outbox never imports channel code (issue 10). A catalogue sink whose type has no factory in
 * this process (Slack not configured) is skipped with a warning by the router.
 *
 * Factories run once at start: bad configuration (a webhook whose secret variable is unset)
 * fails the process then, naming the variable.
 */
import type { CaseStore } from '../cases/types';
import type { AlertConfig, SinkConfig } from '../catalog/types';
import { ConfigError } from '../config';
import { JsonlFileSink } from '../sinks/jsonl-file-sink';
import { Open311Client, Open311Sink, type Open311SinkOptions } from '../sinks/open311';
import type { Sink } from '../sinks/types';
import type { ResultKind } from '../engine/module';
import { WebhookSink, type WebhookSinkOptions } from '../sinks/webhook';
import { deadLetterEvent, type AlertTarget } from './dead-letter-alerts';

/** What a factory gets besides the sink's own catalogue entry. */
export interface SinkBuildContext {
  env: NodeJS.ProcessEnv;
  /** Where the entry is, for error messages: `agency <id> sinks[<index>]`. */
  where: string;
  agencyId: string;
  /** One JsonlFileSink per resolved path, shared by every entry that names it. */
  fileSink: (path: string) => JsonlFileSink;
  /** WEGOV_SUBMISSIONS_FILE: a file sink's default path. */
  submissionsFile: string;
  fetch?: typeof globalThis.fetch;
  /** Where deliveries record their agency case (exactly-once in effect, status polling). */
  cases?: CaseStore;
  /** The signed, expiring link to a report's photo (Open311 `media_url`, Slack cards). */
  mediaUrl?: Open311SinkOptions['mediaUrl'];
  /** Webhook v2 photo links (one per photo). */
  mediaLink?: WebhookSinkOptions['mediaLink'];
  /** The jurisdiction's IANA time zone. */
  timezone?: string;
  /** The participation modules' result kinds (webhooks send each as its own event type). */
  resultKinds?: Readonly<Record<string, ResultKind>>;
}

/** The catalogue entry of one sink type. */
export type SinkConfigOf<T extends SinkConfig['type']> = Extract<SinkConfig, { type: T }>;

/** Builds the catalogue's sinks of one type. */
export interface SinkFactory<C extends SinkConfig = SinkConfig> {
  build(config: C, ctx: SinkBuildContext): Sink;
  /** Where the agency also hears of its dead letters through this sink (a Slack channel), if anywhere. */
  alert?(config: C, ctx: SinkBuildContext): AlertTarget;
}

/** The factories of one process, by catalogue sink type. */
export type SinkFactories = { [T in SinkConfig['type']]?: SinkFactory<SinkConfigOf<T>> };

/** The channel-free sinks every process can build: file, open311, webhook. */
export const CORE_SINK_FACTORIES: Readonly<SinkFactories> = {
  file: { build: (config, ctx) => ctx.fileSink(config.path ?? ctx.submissionsFile) },
  open311: {
    build(config, ctx) {
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
    },
  },
  webhook: {
    build(config, ctx) {
      return new WebhookSink({
        url: config.url,
        secret: secretOf(config.secretEnv, ctx.env, ctx.where),
        ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
        ...(config.payloadVersion === 2 ? { payloadVersion: 2 as const } : {}),
        agencyId: ctx.agencyId,
        ...(ctx.mediaLink ? { mediaLink: ctx.mediaLink } : {}),
        ...(ctx.resultKinds ? { resultKinds: ctx.resultKinds } : {}),
      });
    },
  },
};

/**
 * The factory for a catalogue entry, typed by its type (TypeScript cannot correlate a mapped
 * type's key with the union member on its own: the one cast, checked by `SinkFactories`).
 */
export function factoryFor<C extends SinkConfig>(factories: SinkFactories, config: C): SinkFactory<C> | undefined {
  return factories[config.type] as SinkFactory<C> | undefined;
}

/** A catalogue `alerts` webhook: the signed `delivery.dead_lettered` event to the agency's URL. */
export function webhookAlert(config: AlertConfig, env: NodeJS.ProcessEnv, where: string, fetch?: typeof globalThis.fetch): AlertTarget {
  const hook = new WebhookSink({ url: config.url, secret: secretOf(config.secretEnv, env, where), ...(fetch ? { fetch } : {}) });
  return {
    kind: 'webhook',
    announce: (notice) => hook.postEvent(deadLetterEvent(notice), `dead-letter:${notice.jobId}:${notice.failedAt}`),
  };
}

function secretOf(secretEnv: string, env: NodeJS.ProcessEnv, where: string): string {
  const secret = env[secretEnv];
  if (!secret) throw new ConfigError(`invalid environment:\n  ${secretEnv}: required by ${where} (webhook secret_env)`);
  return secret;
}
