import type { StoredMessage } from './types';

/**
 * Call one live-message listener. A listener that throws must not break delivery to the
 * others (nor the Redis connection's reader): its error is reported as a process warning.
 */
export function deliver(onMessage: (m: StoredMessage) => void, message: StoredMessage): void {
  try {
    onMessage(message);
  } catch (err) {
    process.emitWarning(err instanceof Error ? err : new Error(String(err)), 'StoreWarning');
  }
}
