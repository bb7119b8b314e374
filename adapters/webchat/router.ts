import express, { type RequestHandler, type Response, type Router } from 'express';
import { MemoryStore, type Store } from 'express-rate-limit';
import type { Input } from '../../src/engine/input';
import { storedMeta } from '../../src/runtime/stored-meta';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { knownLimited, runTurn, type TurnResult } from '../../src/runtime/turn';
import { ApiError, sendError } from '../../src/server/api-error';
import type { Allowance } from '../../src/state/types';
import { apiErrorHandler } from '../../src/server/error-handler';
import { sendJson } from '../../src/server/json-response';
import { cors } from './cors';
import type { LiveStreams } from './live-streams';
import { photoInput } from './photo';
import { messageAllowance, refuseKnownOver, sendLimited, setAllowanceHeaders } from './message-allowance';
import { authFailureLimit, clientKey } from './rate-limits';
import { SessionAllowance, TOO_MANY_SESSIONS } from './session-allowance';
import { createSessionBody, describeIssues, INPUT_FIELDS, MAX_TEXT_CHARS, postMessageBody, type PostMessageBody } from './schemas';
import { authenticated, SessionAuth } from './session-auth';
import { streamEvents } from './sse';
import { hashMatches, newCredentials, TOKEN_HASH_KEY, tokenMatches } from './token';

/** The channel name web chat turns carry. */
export const WEBCHAT_CHANNEL = 'webchat';

/** Largest JSON body: a 5 MiB photo is about 6.7 MB in base64. */
export const JSON_BODY_LIMIT = '8mb';

export interface WebchatOptions {
  streams: LiveStreams;
  allowedOrigins: '*' | readonly string[];
  rate: { sessionsPerMinute: number; messagesPerMinute: number; authFailuresPerMinute?: number };
  /** A new rate-limit store per limiter (Redis-backed across processes, or memory); default memory. */
  limitStore?: (name: string) => Store;
  /** SSE keep-alive comment interval (15 s). */
  heartbeatMs?: number;
}

/**
 * The web chat API (see the README): create a session, post messages, read the history,
 * follow live events. It translates HTTP to turns and back; the engine decides everything.
 *
 * Order on the per-session routes: authenticate (session-auth.ts: a stranger is refused
 * before anything is counted or parsed), then a session this process knows to be over its
 * message allowance is refused (no I/O), then the body; the allowance itself is counted in the
 * turn's commit (message-allowance.ts).
 */
export function createWebchatRouter(deps: RuntimeDeps, opts: WebchatOptions): Router {
  const router = express.Router();
  const limitStore = opts.limitStore ?? (() => new MemoryStore());
  const auth = new SessionAuth({
    store: deps.store,
    countFailure: authFailureLimit(opts.rate.authFailuresPerMinute ?? 30, limitStore('auth-fail'), deps.logger, (key, until) => auth.block(key, until)),
  });
  const jsonBody: RequestHandler[] = [jsonBodyOnly(express.json({ limit: JSON_BODY_LIMIT, strict: true, type: () => true }))];
  router.use(cors(opts.allowedOrigins));

  // Counted in the new session's commit (session-allowance.ts); an address known to be over is refused before its body is read.
  const sessionAllowance = new SessionAllowance(opts.rate.sessionsPerMinute, () => deps.env.now().getTime());
  router.post('/sessions', sessionAllowance.refuseKnownOver(), ...jsonBody, async (req, res) => {
    const body = createSessionBody.safeParse(req.body ?? {});
    if (!body.success) return sendError(res, 400, 'invalid_body', describeIssues(body.error));
    const address = clientKey(req);
    const perAddress = sessionAllowance.of(address);
    const { sessionId, token, tokenHash } = newCredentials();
    const participant = body.data.participant ?? sessionId;
    const hint = body.data.locale ?? req.get('accept-language')?.slice(0, 200);
    const result = await runTurn(deps, {
      conversationId: sessionId,
      channel: WEBCHAT_CHANNEL,
      input: body.data.start !== undefined ? { kind: 'start', payload: body.data.start } : { kind: 'start' },
      ...(hint !== undefined ? { localeHint: hint } : {}),
      // The person is the widget's participant id, else this session (then: once per session).
      person: personOf(participant),
      // A new random id: nothing to load (turn.ts `fresh`).
      // The participant is kept only when the widget named one (else it is the session id: 40 bytes a session saved).
      create: { channelData: { [TOKEN_HASH_KEY]: tokenHash, ...(body.data.participant !== undefined ? { [PARTICIPANT_KEY]: body.data.participant } : {}) }, fresh: true },
      allowance: perAddress,
    });
    const now = deps.env.now().getTime();
    if (result.kind === 'limited') {
      sessionAllowance.rememberOver(address, result.resetAtMs);
      return sendLimited(res, perAddress, result.resetAtMs, now, TOO_MANY_SESSIONS);
    }
    if (result.kind !== 'ok') return answerFailure(res, result);
    auth.remember(sessionId, tokenHash);
    setAllowanceHeaders(res, perAddress, result.allowance, now);
    sendJson(res, 201, { sessionId, token, messages: result.messages });
  });

  // Counted in the turn's commit (message-allowance.ts); a session known to be over is refused before its body is read.
  const allowance = messageAllowance(opts.rate.messagesPerMinute);
  router.post('/sessions/:id/messages', auth.middleware(), refuseKnownOver(deps, allowance), ...jsonBody, async (req, res) => {
    const { sessionId: id, token, tokenHash } = authenticated(res);
    const body = parseMessage(req.body);
    const input = await inputOf(deps, id, token, body, allowance);
    if (input.kind === 'limited') return sendLimited(res, allowance, input.resetAtMs, deps.env.now().getTime());
    const result = await runTurn(deps, {
      conversationId: id,
      channel: WEBCHAT_CHANNEL,
      input,
      ...(body.clientMessageId !== undefined ? { dedupeId: `wc:${body.clientMessageId}` } : {}),
      authorize: (session) => hashMatches(tokenHash, session.channelData[TOKEN_HASH_KEY]),
      person: (session) => personOf(session.channelData[PARTICIPANT_KEY] ?? id),
      allowance,
    });
    if (result.kind === 'limited') return sendLimited(res, allowance, result.resetAtMs, deps.env.now().getTime());
    if (result.kind !== 'ok') return answerFailure(res, result);
    setAllowanceHeaders(res, allowance, result.allowance, deps.env.now().getTime());
    sendJson(res, 200, { messages: result.messages });
  });

  router.get('/sessions/:id/messages', auth.middleware(), async (_req, res) => {
    const { sessionId: id } = authenticated(res);
    sendJson(res, 200, { messages: await deps.store.history(id) });
  });

  // Browsers' EventSource cannot set headers, hence the query parameter.
  router.get('/sessions/:id/events', auth.middleware({ queryToken: true }), async (req, res) => {
    const { sessionId } = authenticated(res);
    await streamEvents(req, res, { sessionId, client: clientKey(req) }, {
      store: deps.store,
      streams: opts.streams,
      logger: deps.logger,
      heartbeatMs: opts.heartbeatMs ?? 15_000,
    });
  });

  router.use((req, res) => sendError(res, 404, 'not_found', `no such web chat endpoint: ${req.method} ${req.baseUrl}${req.path}`));
  router.use(apiErrorHandler(deps.logger));
  return router;
}

/** Where a session keeps its participant id (channelData), set at creation when the widget names one (else the session id is the participant). */
const PARTICIPANT_KEY = 'participant';
const personOf = (participant: string): string => `wc-participant:${participant}`;

/**
 * 415 for a POST body that is not JSON (an empty body is fine: it means `{}`); otherwise the
 * JSON parser, which is told to parse every body it is handed: the media type was checked here,
 * once, rather than again inside the parser (one middleware, one Content-Type check).
 */
function jsonBodyOnly(parseJson: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const hasBody = req.method === 'POST' && (Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined);
    if (hasBody && !req.is('application/json')) {
      next(new ApiError(415, 'unsupported_media_type', 'send the body as application/json'));
      return;
    }
    parseJson(req, res, next);
  };
}

/**
 * Checks a token against the stored session, and reads the message allowance, in one load
 * (photos only: a photo over the allowance is refused before it is decoded).
 */
async function authorizeRead(deps: RuntimeDeps, id: string, token: string, allowance: Allowance): Promise<{ kind: 'limited'; resetAtMs: number } | undefined> {
  const loaded = await deps.store.load(id, undefined, allowance);
  if (!loaded.conversation) throw new ApiError(404, 'session_not_found', 'no such session (it may have expired)');
  const channelData = storedMeta(loaded.conversation.session).channelData ?? {};
  if (!tokenMatches(token, channelData[TOKEN_HASH_KEY])) throw new ApiError(401, 'unauthorized', 'wrong session token');
  return knownLimited(deps, id, allowance, loaded.allowance);
}

function parseMessage(raw: unknown): PostMessageBody {
  const parsed = postMessageBody.safeParse(raw ?? {});
  if (!parsed.success) throw new ApiError(400, 'invalid_body', describeIssues(parsed.error));
  const body = parsed.data;
  const present = INPUT_FIELDS.filter((f) => body[f] !== undefined);
  if (present.length !== 1) {
    const got = present.length === 0 ? 'none' : present.join(', ');
    throw new ApiError(400, 'invalid_body', `send exactly one of ${INPUT_FIELDS.join(', ')} (got: ${got})`);
  }
  if (body.text !== undefined && body.text.length > MAX_TEXT_CHARS) {
    throw new ApiError(413, 'payload_too_large', `text: at most ${MAX_TEXT_CHARS} characters`);
  }
  return body;
}

/** The engine input for a message body. A photo is stored first, so the input can name it (unless the allowance is used up). */
async function inputOf(deps: RuntimeDeps, id: string, token: string, body: PostMessageBody, allowance: Allowance): Promise<Input | { kind: 'limited'; resetAtMs: number }> {
  if (body.text !== undefined) return { kind: 'text', text: body.text };
  if (body.choice !== undefined) return { kind: 'choice', choiceId: body.choice };
  if (body.location !== undefined) return { kind: 'location', lat: body.location.lat, lon: body.location.lon };
  if (body.command !== undefined) return { kind: 'command', command: body.command };
  if (body.photo === undefined) throw new ApiError(400, 'invalid_body', 'no input field');
  // Check the token before storing anything a stranger sent (one extra read, photos only).
  const over = await authorizeRead(deps, id, token, allowance);
  if (over) return over;
  // Decoded and stored only when a photo is asked for and the decode pool has room (photo.ts);
  // a full pool answers 503 busy with Retry-After.
  return photoInput(deps, id, body.photo.contentType, Buffer.from(body.photo.data, 'base64'));
}

function answerFailure(res: Response, result: Exclude<TurnResult, { kind: 'ok' }>): void {
  switch (result.kind) {
    case 'not_found':
      return sendError(res, 404, 'session_not_found', 'no such session (it may have expired)');
    case 'unauthorized':
      return sendError(res, 401, 'unauthorized', 'wrong session token');
    case 'busy':
      res.set('Retry-After', '1');
      return sendError(res, 503, 'busy', 'this conversation is busy; please try again');
    case 'closed': // the web chat's buttons send no question version (the widget shows only the current one)
      return sendError(res, 409, 'conflict', 'that question is no longer open');
    case 'limited': // both routes answer their own allowance with sendLimited before this
      res.set('Retry-After', String(Math.max(1, Math.ceil((result.resetAtMs - Date.now()) / 1000))));
      return sendError(res, 429, 'rate_limited', 'too many messages for this session; please wait');
  }
}
