/**
 * One resident of the many-process run: opens a web chat session on a deep link to a pothole
 * report, answers the 8 questions (bench/report-script.ts), sometimes sends the same message twice
 * at once to two processes (a double click, a retry racing the first try), reads the reference
 * from the last answer, and afterwards checks what the server kept: every answer it was shown is
 * in the transcript, and each of its messages was processed once.
 */
import { apiBody, REPORT_ANSWERS } from '../report-script';
import type { WidgetClient } from './client';

interface Message {
  id: string;
  from: 'bot' | 'user';
  text: string;
}

/** What one conversation did, for the run's checks. */
export interface ConversationRecord {
  index: number;
  sessionId: string;
  token: string;
  /** Message ids of every answer the client was shown. */
  seen: Set<string>;
  /** Messages sent (each with its own clientMessageId). */
  turns: number;
  /** Sent twice at once; both answers must be the same messages. */
  doubled: number;
  /** The report's reference from the confirmation, if the client saw one. */
  reference: string | undefined;
  problems: string[];
}

const REFERENCE = /\bWG-[A-Z0-9]+\b/;
/** Share of messages sent twice at once. */
const DOUBLE_SEND = 0.05;

/** Progress hooks around each request: `before` may hold it (the run's chaos gate), `after` counts it. */
export interface TurnHooks {
  before(): Promise<void>;
  after(): void;
}

/** Runs the report. */
export async function runConversation(client: WidgetClient, index: number, random: () => number, hooks: TurnHooks): Promise<ConversationRecord> {
  await hooks.before();
  const created = await client.send(random, 'POST', '/webchat/sessions', { locale: 'en', start: 'report:pothole' });
  if (created.status !== 201) throw new Error(`conversation ${index}: session not created: HTTP ${created.status} ${JSON.stringify(created.body)}`);
  const { sessionId, token, messages } = created.body as { sessionId: string; token: string; messages: Message[] };
  hooks.after();
  const record: ConversationRecord = { index, sessionId, token, seen: new Set(messages.map((m) => m.id)), turns: 0, doubled: 0, reference: undefined, problems: [] };
  const path = `/webchat/sessions/${sessionId}/messages`;
  let lastAnswer: Message[] = [];
  for (const [i, input] of REPORT_ANSWERS.entries()) {
    const body = { ...apiBody(input), clientMessageId: `scale-${index}-${i}` };
    const twice = random() < DOUBLE_SEND;
    await hooks.before();
    const replies = await Promise.all((twice ? [0, 1] : [0]).map(() => client.send(random, 'POST', path, body, token)));
    record.turns += 1;
    if (twice) record.doubled += 1;
    const answers: Message[][] = [];
    for (const reply of replies) {
      if (reply.status !== 200) throw new Error(`conversation ${index}, answer ${i}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
      answers.push((reply.body as { messages: Message[] }).messages);
    }
    const ids = answers.map((a) => a.map((m) => m.id).join(','));
    if (new Set(ids).size > 1) record.problems.push(`answer ${i} sent twice got different answers: ${ids.join(' | ')}`);
    lastAnswer = answers[0] ?? [];
    for (const m of lastAnswer) record.seen.add(m.id);
    hooks.after();
  }
  const last = lastAnswer.map((m) => m.text).join('\n');
  record.reference = REFERENCE.exec(last)?.[0];
  if (!record.reference) record.problems.push(`no reference in the confirmation: ${JSON.stringify(last.slice(0, 200))}`);
  return record;
}

/** The conversation goes on after the report: the menu answers, from any process. */
export async function carryOn(client: WidgetClient, record: ConversationRecord, random: () => number): Promise<boolean> {
  const reply = await client.send(random, 'POST', `/webchat/sessions/${record.sessionId}/messages`, { command: 'menu', clientMessageId: `scale-${record.index}-menu` }, record.token);
  if (reply.status !== 200) {
    record.problems.push(`menu after the report: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
    return false;
  }
  record.turns += 1;
  for (const m of (reply.body as { messages: Message[] }).messages) record.seen.add(m.id);
  return true;
}

/** Every answer the client saw is in the stored transcript, and each message it sent is there once. */
export async function checkTranscript(client: WidgetClient, record: ConversationRecord, random: () => number): Promise<{ lost: number; duplicated: number }> {
  const reply = await client.send(random, 'GET', `/webchat/sessions/${record.sessionId}/messages`, undefined, record.token);
  if (reply.status !== 200) {
    record.problems.push(`transcript: HTTP ${reply.status}`);
    return { lost: record.seen.size, duplicated: 0 };
  }
  const transcript = (reply.body as { messages: Message[] }).messages;
  const kept = new Set(transcript.map((m) => m.id));
  const lost = [...record.seen].filter((id) => !kept.has(id));
  if (lost.length > 0) record.problems.push(`answers shown to the client but not in the transcript: ${lost.join(', ')}`);
  const userMessages = transcript.filter((m) => m.from === 'user').length;
  const duplicated = Math.max(0, userMessages - record.turns);
  if (userMessages !== record.turns) record.problems.push(`${record.turns} messages sent, ${userMessages} in the transcript`);
  return { lost: lost.length, duplicated };
}
