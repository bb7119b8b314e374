import type { Abuse } from '../abuse';
import type { ReportRecords } from '../cases/report-record';
import type { Engine } from '../engine/engine';
import type { Env } from '../engine/env';
import type { Control, Expects, OutDocument, OutMessage } from '../engine/message';
import type { Text } from '../engine/text';
import type { Geocoder } from '../geo/types';
import type { Logger } from '../log';
import type { MediaStore, SessionStore, StoredMessage, Submission } from '../state/types';
import type { Metrics } from '../metrics';
import type { EffectHandlers } from './effects';
import type { SessionCache } from './session-cache';
import type { ReferenceBlocks } from './reference-blocks';
import type { Participation } from './once-claims';

/** The part of the i18n module the runtime uses to turn engine messages into text. */
export interface Renderer {
  renderText(text: Text[], locale: string): string;
  renderMessage(
    m: OutMessage,
    locale: string,
  ): { text: string; choices?: { id: string; label: string }[]; expects: Expects; multiple?: boolean; control?: Control; document?: OutDocument };
}

/** Where committed submissions go next (the outbox relay). Must not throw or block. */
export interface SubmissionHandoff {
  enqueue(submissions: readonly Submission[]): void;
}

/**
 * Sends a conversation's new bot messages out of band, for turns no request of that channel is
 * waiting on (status updates). Must not throw for delivery problems: it logs them.
 */
export type ProactiveDelivery = (conversationId: string, messages: readonly StoredMessage[]) => Promise<void>;

/** Everything a turn needs; built once at start and shared by every adapter. */
export interface RuntimeDeps {
  /** The engine for this deployment's participation modules (dialogs/index.ts, via compose). */
  engine: Engine;
  store: SessionStore;
  /** This process's claimed report references (reference-blocks.ts); unset: each is drawn at random and claimed after its step. */
  references?: ReferenceBlocks;
  /** This process's recently committed sessions (session-cache.ts): a turn on one skips `load`. Unset: every turn loads. */
  cache?: SessionCache;
  media: MediaStore;
  env: Env;
  i18n: Renderer;
  logger: Logger;
  metrics: Metrics;
  outbox?: SubmissionHandoff;
  /**
   * Report records by reference (src/cases/report-record.ts): committed with a report (its outbox
   * entry), written by the outbox relay, followed by status updates; unset: not kept.
   */
  reports?: ReportRecords;
  /** Mints a "my data" link for a conversation (src/privacy/data-export-link.ts); unset: the person is told it is unavailable. */
  dataExport?: (conversationId: string) => Promise<string>;
  /** "Once per person" claims and the secret participant ids are keyed with (once-claims.ts); unset: `once` is not enforced. */
  participation?: Participation;
  /** The participation modules' effect handlers, by effect name (effects.ts; ModuleServices.effects). */
  effects?: EffectHandlers;
  /** Per-identity message limits and staff blocks, checked before each turn (sender-gate.ts). */
  abuse?: Abuse;
  /** The catalogue's geocoder (src/geo, `jurisdiction.geocoder`): typed places are looked up before a step (geocoding.ts). */
  geocoder?: Geocoder;
  /** Proactive delivery by the conversation's channel (`telegram`, `webchat`, ...). */
  proactive?: Readonly<Record<string, ProactiveDelivery>>;
  ttl: {
    /** Idle expiry of a conversation. */
    sessionSeconds: number;
    /** Idle expiry of a conversation with a report still open (at least `sessionSeconds`). */
    followSeconds?: number;
    /** How long a processed input id is remembered. */
    dedupeSeconds: number;
    /** How long a report reference still names its conversation (the retention for cases); unset: always. */
    referenceOwnerSeconds?: number;
  };
}
