import { z } from 'zod';
import path from 'node:path';
import { defaultModelCacheDir } from './nlu/model-cache';
import { clusterAddress, isClusterAddress, parseClusterNodes } from './state/redis-address';

/** One environment variable WeGov reads: the README's configuration table is checked against this list. */
export interface EnvVarDoc {
  name: string;
  /** Default as shown to operators; `(unset)` when absent means "off" or "embedded". */
  default: string;
  description: string;
}

/** Every environment variable WeGov reads, in the order the README lists them. */
export const ENV_VARS: readonly EnvVarDoc[] = [
  { name: 'PORT', default: '3000', description: 'TCP port the HTTP server listens on.' },
  { name: 'HOST', default: '0.0.0.0', description: 'Interface the HTTP server binds to.' },
  {
    name: 'REDIS_URL',
    default: '(unset)',
    description: 'Redis connection URL: redis://host:port[/db], rediss://... (TLS) or unix:///path/to/redis.sock. Unset: everything is kept in memory (single process, lost on restart).',
  },
  {
    name: 'REDIS_CLUSTER_NODES',
    default: '(unset)',
    description: 'A Redis Cluster instead of one server: some of its masters as host:port,host:port (the rest are discovered). Every Redis client of WeGov then is a cluster client. Not together with REDIS_URL.',
  },
  { name: 'WEGOV_CONFIG', default: 'config/demo-city.yaml', description: 'The deployment catalogue (YAML): jurisdiction, agencies, categories.' },
  {
    name: 'WEGOV_SUBMISSIONS_FILE',
    default: './data/submissions.jsonl',
    description: 'Where submitted reports are appended, one JSON line each; photos are copied to media/ beside it.',
  },
  { name: 'WEGOV_SESSION_TTL_SECONDS', default: '86400', description: 'Idle time after which a conversation and its transcript expire (one with a report still open is kept longer: WEGOV_REPORT_FOLLOW_DAYS).' },
  {
    name: 'WEGOV_REPORT_FOLLOW_DAYS',
    default: '90',
    description: "How long a conversation with a report still open is kept after its last turn, so the agency's answer can reach the person there (\"delete my data\" erases it at any time).",
  },
  { name: 'WEGOV_DEDUPE_TTL_SECONDS', default: '86400', description: 'How long a processed message id (clientMessageId) is remembered to answer repeats.' },
  { name: 'WEGOV_PHOTO_MAX_BYTES', default: '5242880', description: 'Largest photo accepted, in bytes (5 MiB; at most 6 MiB, which fits the 8 MB JSON body limit in base64).' },
  {
    name: 'WEGOV_PHOTO_DECODE_CONCURRENCY',
    default: '(cores - 1, at least 1)',
    description: 'Photos one process decodes at once (each takes one core for 0.05-0.5 s); 8 times as many may wait, and past that a photo is refused (web chat: 503 busy with Retry-After). Above 4, raise UV_THREADPOOL_SIZE too.',
  },
  {
    name: 'WEGOV_HEAP_GROWTH_PERCENT',
    default: '10',
    description: "How far the JavaScript heap may grow past what its last full collection kept before the next one: 10 keeps a loaded server's memory near its live data (under 200 MB RSS over 3 minutes at 600 messages/s) for about 10% more CPU per turn; 0 leaves V8's own choice (up to 4 times, faster, 330-370 MB under the same load).",
  },
  {
    name: 'WEGOV_PUBLIC_URL',
    default: 'http://localhost:$PORT',
    description: 'The URL agencies reach WeGov at (http(s)://host[:port][/path]); photo links sent to them (Open311 media_url) start with it.',
  },
  {
    name: 'WEGOV_OPEN_DATA_LICENCE',
    default: 'CC-BY-4.0',
    description: 'The licence (an SPDX id or a URL) stated in published consultation results and open data (/open-data/...).',
  },
  {
    name: 'WEGOV_MEDIA_URL_SECRET',
    default: '(random per process)',
    description: 'Secret (at least 32 characters) that signs photo links (HMAC-SHA256). Unset: a random one per process, with a warning: links then stop working on restart and are not valid on other processes.',
  },
  {
    name: 'WEGOV_MEDIA_URL_TTL_SECONDS',
    default: '2592000',
    description: 'How long a photo link sent to an agency works (30 days); the photo is kept that long from the moment it is forwarded, then GET /media/... answers 410.',
  },
  {
    name: 'WEGOV_ADMIN_TOKEN',
    default: '(unset)',
    description: 'Bearer token for the admin API (POST /admin/cases/:reference/status). Unset: the admin API answers 404.',
  },
  {
    name: 'WEGOV_AGENCY_PUSH_SECRET',
    default: '(unset)',
    description: 'Shared secret (at least 16 characters) agencies sign status pushes to POST /agency/status with (HMAC-SHA256, like WeGov webhooks; see docs/webhooks). Unset: that endpoint answers 404.',
  },
  { name: 'WEGOV_RATE_SESSIONS_PER_MINUTE', default: '30', description: 'Web chat sessions one client IP may create per minute.' },
  { name: 'WEGOV_RATE_MESSAGES_PER_MINUTE', default: '60', description: 'Messages one web chat session may post per minute (only requests with the right token count).' },
  {
    name: 'WEGOV_RATE_AUTH_FAILURES_PER_MINUTE',
    default: '30',
    description: 'Failed web chat requests (missing or wrong token, unknown session) one client IP may make per minute; past it: 429 rate_limited. Sessions the address has already proven it holds keep working.',
  },
  { name: 'WEGOV_STREAMS_PER_SESSION', default: '5', description: 'Live event streams (GET /webchat/sessions/:id/events) one session may hold open in a process; past it: 429 too_many_streams.' },
  { name: 'WEGOV_STREAMS_PER_IP', default: '20', description: 'Live event streams one client IP may hold open in a process; past it: 429 too_many_streams.' },
  {
    name: 'WEGOV_STREAMS_PER_PROCESS',
    default: '2000',
    description: 'Live event streams one process holds open in all; past it: 503 streams_at_capacity with Retry-After (add processes).',
  },
  {
    name: 'WEGOV_ALLOWED_ORIGINS',
    default: '*',
    description: 'Comma-separated origins allowed to call the web chat API from a browser (CORS), or * for any.',
  },
  {
    name: 'WEGOV_TRUST_PROXY',
    default: 'false',
    description:
      "Which proxies' X-Forwarded-For to believe, so rate limits and stream caps see client IPs: false, a hop count (1 = one load balancer), or addresses/subnets (10.0.0.0/8, loopback, uniquelocal). true believes any client's header (anyone can pose as any IP): avoid; WeGov warns at start.",
  },
  { name: 'WEGOV_REDIS_COMMAND_TIMEOUT_MS', default: '2000', description: 'A Redis command slower than this fails the request with 503 store_unavailable.' },
  {
    name: 'WEGOV_ROLE',
    default: 'all',
    description:
      'all: this process serves HTTP and runs the background work; web: it only serves (turns, the web chat API, webhooks); worker: it only runs the background work (deliveries to agencies, the outbox sweep, reminders and nudges, status polling, retention), no HTTP. web and worker need REDIS_URL. `wegov start --role` overrides it.',
  },
  {
    name: 'WEGOV_WORKERS',
    default: 'on',
    description: 'on: an all-role process also runs outbox workers (delivers submissions to agency sinks); off: it does not (run `wegov start --role worker` elsewhere). A web process never runs them, a worker always.',
  },
  {
    name: 'WEGOV_DELIVERY_ATTEMPTS',
    default: '8',
    description: 'Delivery attempts per submission and sink before it moves to the dead-letter set (a permanent error, e.g. an agency 4xx, dead-letters at once).',
  },
  {
    name: 'WEGOV_DELIVERY_BACKOFF_MS',
    default: '2000',
    description: 'Wait before the first retry; doubled each attempt (capped at 15 minutes), with jitter.',
  },
  {
    name: 'WEGOV_DELIVERY_CONCURRENCY',
    default: '16',
    description: "Deliveries one process's outbox workers make at once (each agency sink keeps a pool of up to 32 keep-alive connections).",
  },
  {
    name: 'WEGOV_OUTBOX_SWEEP_SECONDS',
    default: '30',
    description:
      'How often an all or worker process queues submissions that were committed but never handed to the queue (a web process died between the two; it also sweeps at start).',
  },
  {
    name: 'WEGOV_STATUS_POLL_SECONDS',
    default: '300',
    description: "How often the status of reports delivered to Open311 agencies is polled (one process of the fleet per interval); a change reaches the reporter. 0: never.",
  },
  {
    name: 'WEGOV_RETENTION_SWEEP_SECONDS',
    default: '3600',
    description: "How often personal data past the catalogue's retention periods (cases, photos) is deleted (one process of the fleet per interval). 0: never (not recommended).",
  },
  {
    name: 'WEGOV_BULK_NOTICES_PER_MINUTE',
    default: '1200',
    description: "Notices sent to many people at once (an agency's nudge to every adopter of a type) per minute, across the deployment; each channel's own sending limits apply on top.",
  },
  {
    name: 'WEGOV_CHAT_MESSAGES_PER_MINUTE',
    default: '30',
    description: 'Messages one Telegram chat or Slack user may send per minute (a window starting with its first message); beyond it messages are not processed and the person is told once per window to slow down.',
  },
  { name: 'WEGOV_CHAT_BURST', default: '15', description: 'Messages one Telegram chat or Slack user may send within 10 seconds (the same polite reply, once per minute).' },
  {
    name: 'WEGOV_ABUSE_BLOCK_DAYS',
    default: '365',
    description: 'How long a block set by staff from a Slack triage card lasts (the reporter is told at most once a day; "delete my data" does not lift it).',
  },
  {
    name: 'TELEGRAM_BOT_TOKEN',
    default: '(unset)',
    description: 'The bot token from @BotFather. Set: the Telegram adapter runs (long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set).',
  },
  {
    name: 'TELEGRAM_WEBHOOK_URL',
    default: '(unset)',
    description: 'The public https URL Telegram should call, ending in /telegram/webhook. Set: webhook mode (needs TELEGRAM_WEBHOOK_SECRET); unset: long polling.',
  },
  {
    name: 'TELEGRAM_WEBHOOK_SECRET',
    default: '(unset)',
    description: 'Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (1-256 characters: A-Z a-z 0-9 _ -). Required in webhook mode.',
  },
  {
    name: 'TELEGRAM_API_ROOT',
    default: 'https://api.telegram.org',
    description: 'Bot API server (a self-hosted telegram-bot-api server, or a test emulator).',
  },
  {
    name: 'SLACK_BOT_TOKEN',
    default: '(unset)',
    description: 'The bot token (xoxb-...) from the Slack app\'s OAuth page. Set: the Slack adapter runs (/wegov command, staff direct messages; see Connect Slack).',
  },
  {
    name: 'SLACK_SIGNING_SECRET',
    default: '(unset)',
    description: 'The Slack app\'s signing secret: requests to /slack/... are verified with it (bad signature or a timestamp older than 5 minutes: 401). Required with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN is set.',
  },
  {
    name: 'SLACK_APP_TOKEN',
    default: '(unset)',
    description: 'An app-level token (xapp-..., scope connections:write). Set: Socket Mode, Slack is reached over a WebSocket and no public URL is needed.',
  },
  { name: 'SLACK_BOT_USER_ID', default: '(unset)', description: 'The bot\'s Slack user id (U...). Unset: looked up once with auth.test.' },
  { name: 'SLACK_API_URL', default: 'https://slack.com/api/', description: 'Slack Web API base URL (a test double or a proxy).' },
  {
    name: 'SLACK_TRIAGE_ALLOWED_USERS',
    default: '(unset)',
    description: 'Comma-separated Slack user ids (U...) allowed to act on cases besides the members of the triage channel.',
  },
  { name: 'LOG_LEVEL', default: 'info', description: 'pino log level: fatal, error, warn, info, debug, trace or silent.' },
  { name: 'LOG_FORMAT', default: 'auto', description: 'auto: readable lines when standard output is a terminal, JSON lines otherwise; json; pretty.' },
  {
    name: 'WEGOV_METRICS_PORT',
    default: '(unset)',
    description: 'Set: GET /metrics (Prometheus) is served on this port of WEGOV_METRICS_HOST only, and not on the public port. Unset: on the public port (keep it on a private network).',
  },
  { name: 'WEGOV_METRICS_HOST', default: '127.0.0.1', description: 'Interface the metrics port binds to (with WEGOV_METRICS_PORT).' },
  {
    name: 'WEGOV_MODEL_CACHE_DIR',
    default: 'node_modules/.cache/wegov',
    description:
      'Where trained language models are kept (JSON files, a few hundred KB each), so a start loads them instead of training (about 1 s of CPU); in the package unless set (a relative path is read from the working directory). Safe to delete at any time. `off`: train at every start.',
  },
];

/**
 * Express accepts a boolean, a hop count, or addresses/subnets for 'trust proxy'. `true` takes
 * the left-most X-Forwarded-For address, which the client writes itself: prefer a hop count or
 * the proxies' subnets (the app warns at start when it is `true`).
 */
export type TrustProxy = boolean | number | string[];

/** What one process of a deployment runs (WEGOV_ROLE, `wegov start --role`). */
export const ROLES = ['all', 'web', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** The validated configuration. */
export interface Config {
  port: number;
  host: string;
  /** Where Redis is: REDIS_URL, or REDIS_CLUSTER_NODES as `redis-cluster://host:port,...` (src/state/redis-address.ts). */
  redisUrl: string | undefined;
  catalogFile: string | undefined;
  submissionsFile: string;
  sessionTtlSeconds: number;
  /** WEGOV_REPORT_FOLLOW_DAYS in seconds. */
  reportFollowSeconds: number;
  dedupeTtlSeconds: number;
  photoMaxBytes: number;
  /** Photos decoded at once in this process (src/media/photo-decoding.ts); unset: cores - 1, at least 1. */
  photoDecodeConcurrency: number | undefined;
  /** WEGOV_HEAP_GROWTH_PERCENT (src/runtime/heap-growth.ts); 0: V8's own heuristics. */
  heapGrowthPercent: number;
  /** Signed photo links for agencies: base URL, signing secret (unset: random per process), lifetime. */
  media: { publicUrl: string; urlSecret: string | undefined; urlTtlSeconds: number };
  /** WEGOV_OPEN_DATA_LICENCE: stated in published results and open data. */
  openDataLicence: string;
  adminToken: string | undefined;
  /** Unset: POST /agency/status answers 404. */
  agencyPushSecret: string | undefined;
  rateSessionsPerMinute: number;
  rateMessagesPerMinute: number;
  rateAuthFailuresPerMinute: number;
  /** Caps on open live event streams (per process). */
  streams: { perSession: number; perIp: number; perProcess: number };
  /** `'*'` or the exact origins allowed. */
  allowedOrigins: '*' | string[];
  trustProxy: TrustProxy;
  redisCommandTimeoutMs: number;
  /** What this process runs: `web` serves only, `worker` runs only the background work, `all` both. */
  role: Role;
  /** Outbox: run workers in this process; attempts and first backoff per delivery; deliveries at once; sweep interval. */
  outbox: { workers: boolean; attempts: number; backoffMs: number; concurrency: number; sweepSeconds: number; statusPollSeconds: number };
  /** How often the retention job deletes expired personal data (src/privacy/retention.ts); 0: never. */
  retentionSweepSeconds: number;
  /** Notices to many people at once (a nudge), per minute across the deployment. */
  bulkNoticesPerMinute: number;
  /** Per-identity limits on Telegram and Slack messages, and staff blocks (src/abuse). */
  abuse: { perMinute: number; burst: number; blockDays: number };
  /** Unset: no Telegram adapter. */
  telegram: TelegramConfig | undefined;
  /** Unset: no Slack adapter. */
  slack: SlackConfig | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `auto`: pretty on a terminal, JSON otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** A separate metrics listener; unset port: /metrics on the public port. */
  metrics: { port: number | undefined; host: string };
  /** Where trained models are kept (src/nlu/model-cache.ts); null: trained at every start (WEGOV_MODEL_CACHE_DIR=off). */
  modelCacheDir: string | null;
}

/** The Telegram adapter's settings; `webhook` unset means long polling. */
export interface TelegramConfig {
  botToken: string;
  apiRoot: string;
  webhook: { url: string; secret: string } | undefined;
}

/** The Slack adapter's settings: HTTP (signing secret) or Socket Mode (app token). */
export interface SlackConfig {
  botToken: string;
  /** Verifies HTTP requests; unset only in Socket Mode. */
  signingSecret: string | undefined;
  /** Set: Socket Mode. */
  appToken: string | undefined;
  /** Unset: auth.test finds it. */
  botUserId: string | undefined;
  /** Ends with a slash. */
  apiUrl: string;
  /** Slack user ids allowed to act on cases besides the triage channel's members. */
  triageAllowedUsers: string[];
}

/** Bad configuration: names every offending variable. Thrown at start. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const int = (def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? String(def) : v.trim()))
    .pipe(z.string().regex(/^\d+$/, 'must be a whole number'))
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const trustProxy = z
  .string()
  .optional()
  .transform((v, ctx): TrustProxy => {
    const s = (v ?? '').trim();
    if (s === '' || s === 'false') return false;
    if (s === 'true') return true;
    if (/^\d+$/.test(s)) return Number(s);
    const parts = s.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
    if (parts.some((p) => !/^[0-9A-Za-z.:/]+$/.test(p))) {
      ctx.addIssue({ code: 'custom', message: 'must be true, false, a hop count, or addresses/subnets separated by commas' });
      return z.NEVER;
    }
    return parts;
  });

const origins = z
  .string()
  .optional()
  .transform((v, ctx): '*' | string[] => {
    const s = (v ?? '').trim();
    if (s === '' || s === '*') return '*';
    const list = s.split(',').map((p) => p.trim().replace(/\/$/, '')).filter((p) => p.length > 0);
    const bad = list.find((o) => !/^https?:\/\/[^\s/]+$/.test(o));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `"${bad}" is not an origin like https://city.example` });
      return z.NEVER;
    }
    return list;
  });

function isRedisUrl(v: string): boolean {
  if (isClusterAddress(v)) return typeof parseClusterNodes(v.slice('redis-cluster://'.length)) !== 'string';
  if (!URL.canParse(v)) return false;
  return ['redis:', 'rediss:', 'unix:'].includes(new URL(v).protocol);
}

/** `host:port,host:port` -> the cluster form of a Redis address (src/state/redis-address.ts). */
const clusterNodes = optionalString.transform((v, ctx) => {
  if (v === undefined) return undefined;
  const nodes = parseClusterNodes(v);
  if (typeof nodes === 'string') {
    ctx.addIssue({ code: 'custom', message: `must be host:port,host:port (${nodes})` });
    return z.NEVER;
  }
  return clusterAddress(nodes);
});

const schema = z.object({
  PORT: int(3000, 0, 65535),
  HOST: optionalString.transform((v) => v ?? '0.0.0.0'),
  REDIS_URL: optionalString.refine((v) => v === undefined || isRedisUrl(v), 'must be a redis://, rediss://, unix:///path or redis-cluster://host:port,... URL'),
  REDIS_CLUSTER_NODES: clusterNodes,
  WEGOV_CONFIG: optionalString,
  WEGOV_SUBMISSIONS_FILE: optionalString.transform((v) => v ?? './data/submissions.jsonl'),
  WEGOV_SESSION_TTL_SECONDS: int(86400, 60, 365 * 86400),
  WEGOV_REPORT_FOLLOW_DAYS: int(90, 0, 3650),
  WEGOV_DEDUPE_TTL_SECONDS: int(86400, 60, 30 * 86400),
  WEGOV_PHOTO_MAX_BYTES: int(5 * 1024 * 1024, 1024, 6 * 1024 * 1024),
  WEGOV_PHOTO_DECODE_CONCURRENCY: optionalString.pipe(
    z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1, 'must be at least 1').max(64, 'must be at most 64')).optional(),
  ),
  WEGOV_HEAP_GROWTH_PERCENT: int(10, 0, 300),
  WEGOV_PUBLIC_URL: optionalString
    .transform((v) => (v === undefined ? undefined : v.replace(/(?<!\/)\/+$/, '')))
    .refine((v) => v === undefined || (URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol)), 'must be an http(s):// URL'),
  WEGOV_OPEN_DATA_LICENCE: optionalString.transform((v) => v ?? 'CC-BY-4.0').pipe(z.string().max(200, 'must be at most 200 characters')),
  WEGOV_MEDIA_URL_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  WEGOV_MEDIA_URL_TTL_SECONDS: int(30 * 86400, 60, 365 * 86400),
  WEGOV_ADMIN_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  WEGOV_AGENCY_PUSH_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  WEGOV_RATE_SESSIONS_PER_MINUTE: int(30, 1, 1_000_000),
  WEGOV_RATE_MESSAGES_PER_MINUTE: int(60, 1, 1_000_000),
  WEGOV_RATE_AUTH_FAILURES_PER_MINUTE: int(30, 1, 1_000_000),
  WEGOV_STREAMS_PER_SESSION: int(5, 1, 1000),
  WEGOV_STREAMS_PER_IP: int(20, 1, 100_000),
  WEGOV_STREAMS_PER_PROCESS: int(2000, 1, 1_000_000),
  WEGOV_ALLOWED_ORIGINS: origins,
  WEGOV_TRUST_PROXY: trustProxy,
  WEGOV_REDIS_COMMAND_TIMEOUT_MS: int(2000, 50, 60_000),
  WEGOV_ROLE: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'all' : v.trim().toLowerCase()))
    .pipe(z.enum(ROLES, 'must be all, web or worker')),
  WEGOV_WORKERS: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'on' : v.trim().toLowerCase()))
    .pipe(z.enum(['on', 'off'], 'must be on or off')),
  WEGOV_DELIVERY_ATTEMPTS: int(8, 1, 100),
  WEGOV_DELIVERY_BACKOFF_MS: int(2000, 1, 3_600_000),
  WEGOV_DELIVERY_CONCURRENCY: int(16, 1, 1000),
  WEGOV_OUTBOX_SWEEP_SECONDS: int(30, 1, 86_400),
  WEGOV_STATUS_POLL_SECONDS: int(300, 0, 86_400),
  WEGOV_RETENTION_SWEEP_SECONDS: int(3600, 0, 604_800),
  WEGOV_BULK_NOTICES_PER_MINUTE: int(1200, 1, 1_000_000),
  WEGOV_CHAT_MESSAGES_PER_MINUTE: int(30, 1, 100_000),
  WEGOV_CHAT_BURST: int(15, 1, 100_000),
  WEGOV_ABUSE_BLOCK_DAYS: int(365, 1, 3650),
  TELEGRAM_BOT_TOKEN: optionalString.refine((v) => v === undefined || /^\d+:[A-Za-z0-9_-]+$/.test(v), 'must look like 123456:ABC-DEF... (from @BotFather)'),
  TELEGRAM_WEBHOOK_URL: optionalString.refine((v) => v === undefined || (URL.canParse(v) && new URL(v).protocol === 'https:'), 'must be an https:// URL'),
  TELEGRAM_WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(v), 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -'),
  TELEGRAM_API_ROOT: optionalString
    .transform((v) => (v ?? 'https://api.telegram.org').replace(/(?<!\/)\/+$/, ''))
    .refine((v) => URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol), 'must be an http(s):// URL'),
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || /^xoxb-[A-Za-z0-9-]+$/.test(v), 'must be a bot token (xoxb-...)'),
  SLACK_SIGNING_SECRET: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9]{16,}$/.test(v), 'must be the app\'s signing secret (hex characters)'),
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || /^xapp-[A-Za-z0-9-]+$/.test(v), 'must be an app-level token (xapp-...)'),
  SLACK_BOT_USER_ID: optionalString.refine((v) => v === undefined || /^[UW][A-Z0-9]{2,}$/.test(v), 'must be a Slack user id (U...)'),
  SLACK_API_URL: optionalString
    .transform((v) => `${(v ?? 'https://slack.com/api/').replace(/(?<!\/)\/+$/, '')}/`)
    .refine((v) => URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol), 'must be an http(s):// URL'),
  SLACK_TRIAGE_ALLOWED_USERS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((p) => p.trim()).filter((p) => p.length > 0))
    .refine((ids) => ids.every((id) => /^[UW][A-Z0-9]{2,}$/.test(id)), 'must be Slack user ids (U...) separated by commas'),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'info' : v.trim().toLowerCase()))
    .pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  LOG_FORMAT: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'auto' : v.trim().toLowerCase()))
    .pipe(z.enum(['auto', 'json', 'pretty'])),
  WEGOV_METRICS_PORT: optionalString.pipe(z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(1).max(65535)).optional()),
  WEGOV_METRICS_HOST: optionalString.transform((v) => v ?? '127.0.0.1'),
  WEGOV_MODEL_CACHE_DIR: optionalString.transform((v) => (v === undefined ? defaultModelCacheDir() : v.toLowerCase() === 'off' ? null : path.resolve(v))),
});

/**
 * Reads and validates every variable in ENV_VARS. Throws ConfigError naming each bad variable
 * and why, so a typo fails at start instead of at the first request.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, string | undefined> = {};
  for (const v of ENV_VARS) picked[v.name] = env[v.name];
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '(env)')}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL !== undefined && e.REDIS_CLUSTER_NODES !== undefined) {
    throw new ConfigError('invalid environment:\n  REDIS_CLUSTER_NODES: set either REDIS_URL (one server) or REDIS_CLUSTER_NODES (a cluster), not both');
  }
  if (e.TELEGRAM_WEBHOOK_URL !== undefined && e.TELEGRAM_WEBHOOK_SECRET === undefined) {
    throw new ConfigError('invalid environment:\n  TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set');
  }
  if (e.WEGOV_ROLE !== 'all' && e.REDIS_URL === undefined) {
    // Without Redis the queues live inside one process: another process could never reach them.
    throw new ConfigError(`invalid environment:\n  WEGOV_ROLE: ${e.WEGOV_ROLE} needs REDIS_URL (without it everything lives in one process: use all)`);
  }
  if (e.SLACK_BOT_TOKEN !== undefined && e.SLACK_SIGNING_SECRET === undefined && e.SLACK_APP_TOKEN === undefined) {
    throw new ConfigError('invalid environment:\n  SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set (unless SLACK_APP_TOKEN selects Socket Mode)');
  }
  const slack: SlackConfig | undefined =
    e.SLACK_BOT_TOKEN === undefined
      ? undefined
      : {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          appToken: e.SLACK_APP_TOKEN,
          botUserId: e.SLACK_BOT_USER_ID,
          apiUrl: e.SLACK_API_URL,
          triageAllowedUsers: e.SLACK_TRIAGE_ALLOWED_USERS,
        };
  const telegram: TelegramConfig | undefined =
    e.TELEGRAM_BOT_TOKEN === undefined
      ? undefined
      : {
          botToken: e.TELEGRAM_BOT_TOKEN,
          apiRoot: e.TELEGRAM_API_ROOT,
          webhook:
            e.TELEGRAM_WEBHOOK_URL !== undefined && e.TELEGRAM_WEBHOOK_SECRET !== undefined
              ? { url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET }
              : undefined,
        };
  return {
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL ?? e.REDIS_CLUSTER_NODES,
    catalogFile: e.WEGOV_CONFIG,
    submissionsFile: e.WEGOV_SUBMISSIONS_FILE,
    sessionTtlSeconds: e.WEGOV_SESSION_TTL_SECONDS,
    reportFollowSeconds: e.WEGOV_REPORT_FOLLOW_DAYS * 86_400,
    dedupeTtlSeconds: e.WEGOV_DEDUPE_TTL_SECONDS,
    photoMaxBytes: e.WEGOV_PHOTO_MAX_BYTES,
    photoDecodeConcurrency: e.WEGOV_PHOTO_DECODE_CONCURRENCY,
    heapGrowthPercent: e.WEGOV_HEAP_GROWTH_PERCENT,
    media: { publicUrl: e.WEGOV_PUBLIC_URL ?? `http://localhost:${e.PORT}`, urlSecret: e.WEGOV_MEDIA_URL_SECRET, urlTtlSeconds: e.WEGOV_MEDIA_URL_TTL_SECONDS },
    openDataLicence: e.WEGOV_OPEN_DATA_LICENCE,
    adminToken: e.WEGOV_ADMIN_TOKEN,
    agencyPushSecret: e.WEGOV_AGENCY_PUSH_SECRET,
    rateSessionsPerMinute: e.WEGOV_RATE_SESSIONS_PER_MINUTE,
    rateMessagesPerMinute: e.WEGOV_RATE_MESSAGES_PER_MINUTE,
    rateAuthFailuresPerMinute: e.WEGOV_RATE_AUTH_FAILURES_PER_MINUTE,
    streams: { perSession: e.WEGOV_STREAMS_PER_SESSION, perIp: e.WEGOV_STREAMS_PER_IP, perProcess: e.WEGOV_STREAMS_PER_PROCESS },
    allowedOrigins: e.WEGOV_ALLOWED_ORIGINS,
    trustProxy: e.WEGOV_TRUST_PROXY,
    redisCommandTimeoutMs: e.WEGOV_REDIS_COMMAND_TIMEOUT_MS,
    role: e.WEGOV_ROLE,
    outbox: {
      workers: e.WEGOV_WORKERS === 'on',
      attempts: e.WEGOV_DELIVERY_ATTEMPTS,
      backoffMs: e.WEGOV_DELIVERY_BACKOFF_MS,
      concurrency: e.WEGOV_DELIVERY_CONCURRENCY,
      sweepSeconds: e.WEGOV_OUTBOX_SWEEP_SECONDS,
      statusPollSeconds: e.WEGOV_STATUS_POLL_SECONDS,
    },
    retentionSweepSeconds: e.WEGOV_RETENTION_SWEEP_SECONDS,
    bulkNoticesPerMinute: e.WEGOV_BULK_NOTICES_PER_MINUTE,
    abuse: { perMinute: e.WEGOV_CHAT_MESSAGES_PER_MINUTE, burst: e.WEGOV_CHAT_BURST, blockDays: e.WEGOV_ABUSE_BLOCK_DAYS },
    telegram,
    slack,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metrics: { port: e.WEGOV_METRICS_PORT, host: e.WEGOV_METRICS_HOST },
    modelCacheDir: e.WEGOV_MODEL_CACHE_DIR,
  };
}

/** ENV_VARS as the README's Markdown table (name, default, meaning). */
export function envVarsMarkdown(): string {
  const rows = ENV_VARS.map((v) => `| \`${v.name}\` | \`${v.default}\` | ${v.description} |`);
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
