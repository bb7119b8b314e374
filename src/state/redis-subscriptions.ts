/**
 * Live messages over Redis pub/sub: one dedicated subscriber connection per store (created on
 * first use), each channel subscribed once however many listeners it has, and unsubscribed
 * when its last listener leaves.
 */
import { connectionNameOf, duplicateClient, type RedisClient } from './redis-connection';
import { RedisCalls, type RoundTripCounter } from './redis-calls';
import { deliver } from './deliver-message';
import { StoreUnavailableError, type StoredMessage } from './types';

type Listener = { onMessage: (m: StoredMessage) => void };

interface ChannelState {
  listeners: Set<Listener>;
  /** Settles when Redis confirmed the SUBSCRIBE. */
  subscribed: Promise<unknown>;
}

/** Channel subscriptions shared by all subscribers of one store. */
export class RedisSubscriptions {
  #calls: RedisCalls | null = null;
  #closed = false;
  readonly #channels = new Map<string, ChannelState>();

  constructor(
    private readonly client: RedisClient,
    private readonly counter: RoundTripCounter,
    private readonly readyTimeoutMs: number,
  ) {}

  /**
   * Resolves once Redis confirmed the subscription, so anything published afterwards is
   * delivered. A listener that throws does not stop the others: its error becomes a process
   * warning. Returns an idempotent unsubscribe.
   */
  async subscribe(channel: string, onMessage: (m: StoredMessage) => void): Promise<() => Promise<void>> {
    if (this.#closed) throw new StoreUnavailableError('redis subscribe failed: the store is closed');
    const calls = this.#subscriberCalls();
    let state = this.#channels.get(channel);
    if (!state) {
      state = { listeners: new Set(), subscribed: calls.call('subscribe', (c) => c.subscribe(channel)) };
      this.#channels.set(channel, state);
    }
    const listener: Listener = { onMessage };
    state.listeners.add(listener);
    try {
      await state.subscribed;
    } catch (err) {
      state.listeners.delete(listener);
      if (this.#channels.get(channel) === state) this.#channels.delete(channel); // the next subscribe retries
      throw err;
    }
    let active = true;
    const current = state;
    return async () => {
      if (!active) return;
      active = false;
      current.listeners.delete(listener);
      if (current.listeners.size > 0 || this.#channels.get(channel) !== current) return;
      this.#channels.delete(channel);
      await calls.call('unsubscribe', (c) => c.unsubscribe(channel));
    };
  }

  /** Drop every listener and the subscriber connection. */
  close(): void {
    this.#closed = true;
    this.#channels.clear();
    this.#calls?.client.disconnect();
    this.#calls = null;
  }

  #subscriberCalls(): RedisCalls {
    if (this.#calls) return this.#calls;
    // Its connection errors go wherever the main client reports its own (if anywhere).
    const subscriber = duplicateClient(this.client, `${connectionNameOf(this.client)}-sub`, (err) => {
      if (this.client.listenerCount('error') > 0) this.client.emit('error', err);
    });
    subscriber.on('message', (channel: string, raw: string) => this.#dispatch(channel, raw));
    this.#calls = new RedisCalls(subscriber, this.counter, this.readyTimeoutMs);
    return this.#calls;
  }

  #dispatch(channel: string, raw: string): void {
    const state = this.#channels.get(channel);
    if (!state) return; // unsubscribed while the message was in flight
    let message: StoredMessage;
    try {
      message = JSON.parse(raw) as StoredMessage;
    } catch (err) {
      process.emitWarning(`wegov: unreadable message on ${channel}: ${String(err)}`, 'StoreWarning');
      return;
    }
    for (const listener of [...state.listeners]) deliver(listener.onMessage, message);
  }
}
