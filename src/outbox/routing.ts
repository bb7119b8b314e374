/**
 * Which sinks a submission goes to: its category's agency, then that agency's `sinks` from the
 * catalogue. Every sink is built once at start, so bad configuration (a webhook whose secret
 * variable is unset) fails the process at start, naming the variable.
 *
 * A sink's key is `<agencyId>.<sink id>` (or `<agencyId>.<index in its sinks list>` for a sink
 * without an id: stable only while the catalogue keeps the agency's sinks in the same order),
 * and part of each delivery's idempotency key. Sinks are built by the factories of their
 * catalogue type (sink-factories.ts): the core's, plus those the composition root registers
 * (the Slack triage channel), so this file names no channel.
 */
import path from 'node:path';
import type { CaseStore } from '../cases/types';
import type { Catalog, SinkConfig } from '../catalog/types';
import type { Logger } from '../log';
import { JsonlFileSink } from '../sinks/jsonl-file-sink';
import { Open311Sink, type Open311SinkOptions } from '../sinks/open311';
import type { Sink } from '../sinks/types';
import type { WebhookSinkOptions } from '../sinks/webhook';
import { reporterAnswerOf } from '../runtime/reporter-answer';
import { NOTICE_SUBMISSION_KIND } from '../runtime/queued-notices';
import type { ResultKind } from '../engine/module';
import type { Submission } from '../state/types';
import { erasureRequestOf } from '../privacy/erasure-request';
import type { AlertTarget } from './dead-letter-alerts';
import { CORE_SINK_FACTORIES, factoryFor, webhookAlert, type SinkBuildContext, type SinkFactories } from './sink-factories';

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
   * Factories for catalogue sink types beyond the core's file, open311 and webhook (the
   * composition root registers `slack` from adapters/slack/triage when Slack is configured:
   * triage cards, and the channel hears of the agency's dead letters). A catalogue sink whose
   * type has no factory is skipped with a warning.
   */
  sinkFactories?: SinkFactories;
  /** Erases the person's data from WeGov's own stores (erasure requests). */
  privacy?: Sink;
  /**
   * The result kinds of the deployment's participation modules (the engine's `resultKinds`):
   * webhooks send each as its own event type; the start-up log names a kind an agency has no
   * sink for (it goes to the submissions file).
   */
  resultKinds?: Readonly<Record<string, ResultKind>>;
  /**
   * WeGov's own sinks from the participation modules (e.g. consultation results), keyed
   * `wegov.<name>`: each gets every submission of a kind it accepts, besides the agency's sinks.
   */
  own?: readonly Route[];
}

export class SinkRouter {
  private readonly byKey = new Map<string, Sink>();
  /** The catalogue type each sink was built from (slackSinkKeys). */
  private readonly typeOfKey = new Map<string, SinkConfig['type']>();
  private readonly alertsByAgency = new Map<string, AlertTarget[]>();
  private readonly byAgency = new Map<string, string[]>();
  private readonly agencyOfCategory = new Map<string, string>();
  private readonly logger: Logger;
  private readonly privacy: Sink | undefined;
  private readonly own: readonly Route[];

  constructor(opts: RouterOptions) {
    this.logger = opts.logger;
    this.privacy = opts.privacy;
    this.own = opts.own ?? [];
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
    const factories: SinkFactories = { ...CORE_SINK_FACTORIES, ...opts.sinkFactories };
    const timezone = opts.catalog.jurisdiction?.timezone;
    for (const c of opts.catalog.categories) this.agencyOfCategory.set(c.id, c.agency);
    for (const agency of opts.catalog.agencies) {
      const keys: string[] = [];
      const sinkAlerts: AlertTarget[] = [];
      agency.sinks.forEach((config, index) => {
        const key = `${agency.id}.${config.id ?? index}`;
        const factory = factoryFor(factories, config);
        if (!factory) {
          this.logger.warn({ agency: agency.id, sink: config.type }, `${config.type} is not configured; this ${config.type} sink is skipped`);
          return;
        }
        const ctx: SinkBuildContext = {
          env,
          fileSink,
          submissionsFile: opts.submissionsFile,
          where: `agency ${agency.id} sinks[${index}]`,
          agencyId: agency.id,
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
          ...(opts.cases ? { cases: opts.cases } : {}),
          ...(opts.mediaUrl ? { mediaUrl: opts.mediaUrl } : {}),
          ...(opts.mediaLink ? { mediaLink: opts.mediaLink } : {}),
          ...(timezone ? { timezone } : {}),
          ...(opts.resultKinds ? { resultKinds: opts.resultKinds } : {}),
        };
        this.byKey.set(key, factory.build(config, ctx));
        this.typeOfKey.set(key, config.type);
        keys.push(key);
        if (factory.alert) sinkAlerts.push(factory.alert(config, ctx));
      });
      this.byAgency.set(agency.id, keys);
      this.alertsByAgency.set(agency.id, [
        ...(agency.alerts ?? []).map((a, index) => webhookAlert(a, env, `agency ${agency.id} alerts[${index}]`, opts.fetch)),
        ...sinkAlerts,
      ]);
    }
    this.byKey.set(FALLBACK_SINK_KEY, fileSink(opts.submissionsFile));
    // Named once at start: an agency none of whose sinks takes a kind gets that kind in the file.
    for (const kind of Object.keys(opts.resultKinds ?? {})) {
      for (const [agencyId, keys] of this.byAgency) {
        if (keys.length > 0 && !keys.some((k) => takes(this.byKey.get(k)!, kind))) {
          this.logger.warn({ agency: agencyId, kind }, 'no sink of this agency takes this kind of result; they go to the submissions file');
        }
      }
    }
  }

  /** The agency a submission belongs to: its category's, else the one it names. */
  agencyOf(submission: Submission): string | undefined {
    // Results carry their agency; jobs queued before they did are routed by the payload.
    if (submission.agencyId !== undefined) return submission.agencyId;
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

  /**
   * Whether one of the agency's sinks takes this kind. False: it goes to the submissions file
   * only (a "me too" for an agency on Open311 alone: GeoReport v2 has no call to add a comment
   * to a request), which `/wegov status` tells staff.
   */
  forwards(agencyId: string, kind: string): boolean {
    return (this.byAgency.get(agencyId) ?? []).some((k) => takes(this.byKey.get(k)!, kind));
  }

  /** The sinks this submission goes to (never empty: unknown agencies fall back to the file), and WeGov's own that take it. */
  routes(submission: Submission): Route[] {
    return [...this.agencyRoutes(submission), ...ownRoutes(this.own, submission.kind)];
  }

  private agencyRoutes(submission: Submission): Route[] {
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
    // A queued notice is for a person, through WeGov's own sink (runtime/queued-notices.ts): never an agency's.
    if (submission.kind === NOTICE_SUBMISSION_KIND) return [];
    const agencyId = this.agencyOf(submission);
    const keys = agencyId !== undefined ? this.byAgency.get(agencyId) : undefined;
    if (!keys || keys.length === 0) {
      this.logger.warn({ submissionId: submission.id, agency: agencyId ?? null }, 'no configured sink for this submission; writing it to the submissions file');
      return [{ sinkKey: FALLBACK_SINK_KEY, sink: this.byKey.get(FALLBACK_SINK_KEY)! }];
    }
    // Only the sinks that take this kind (an Open311 endpoint takes reports only).
    const taking = keys.filter((k) => takes(this.byKey.get(k)!, submission.kind));
    if (taking.length === 0) {
      // Recorded in the submissions file, delivered once, never retried nor dead-lettered: the
      // agency's systems cannot take it (a "me too" for Open311 alone). Said, not silent.
      this.logger.info({ submissionId: submission.id, agency: agencyId, kind: submission.kind }, 'not forwardable to this agency (no sink of it takes this kind); kept in the submissions file');
      return [{ sinkKey: FALLBACK_SINK_KEY, sink: this.byKey.get(FALLBACK_SINK_KEY)! }];
    }
    return taking.map((k) => ({ sinkKey: k, sink: this.byKey.get(k)! }));
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
    return sinkKey === PRIVACY_SINK_KEY ? this.privacy : (this.byKey.get(sinkKey) ?? this.own.find((r) => r.sinkKey === sinkKey)?.sink);
  }

  /** The Open311 sinks and their keys (the status poller asks each endpoint about its cases). */
  open311Sinks(): { sinkKey: string; sink: Open311Sink }[] {
    return [...this.byKey].filter((e): e is [string, Open311Sink] => e[1] instanceof Open311Sink).map(([sinkKey, sink]) => ({ sinkKey, sink }));
  }

  /** The Slack triage sinks' keys (an answer to "Ask the reporter" is found among their cases). */
  slackSinkKeys(): string[] {
    return [...this.typeOfKey].filter(([, type]) => type === 'slack').map(([k]) => k);
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
export function singleSinkRouter(
  sink: Sink,
  privacy?: Sink,
  wegov: readonly Route[] = [],
): Pick<SinkRouter, 'routes' | 'sink' | 'open311Sinks' | 'agencyOf' | 'alerts' | 'slackSinkKeys'> {
  const key = `override.${sink.name}`;
  const own: Route = { sinkKey: key, sink };
  return {
    // Erasure requests still reach WeGov's own stores, and the sink only if it takes them.
    routes: (submission) => [
      ...(submission.kind === 'erasure_request'
        ? [...(privacy ? [{ sinkKey: PRIVACY_SINK_KEY, sink: privacy }] : []), ...(sink.accepts?.('erasure_request') === true ? [own] : [])]
        : submission.kind === NOTICE_SUBMISSION_KIND
          ? []
          : [own]),
      ...ownRoutes(wegov, submission.kind),
    ],
    sink: (k) => (k === key ? sink : k === PRIVACY_SINK_KEY ? privacy : wegov.find((r) => r.sinkKey === k)?.sink),
    open311Sinks: () => (sink instanceof Open311Sink ? [{ sinkKey: key, sink }] : []),
    agencyOf: () => undefined,
    alerts: () => [],
    slackSinkKeys: () => [],
  };
}

/** WeGov's own sinks that take this kind (they say so explicitly). */
function ownRoutes(own: readonly Route[], kind: string): Route[] {
  return own.filter((r) => r.sink.accepts?.(kind) === true);
}

/** Whether a sink takes a kind of submission: it says so, or (saying nothing) it takes reports. */
function takes(sink: Sink, kind: string): boolean {
  return sink.accepts ? sink.accepts(kind) : kind === 'report';
}
