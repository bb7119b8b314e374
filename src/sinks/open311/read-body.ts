import type { HttpAnswer } from '../http-client';
import { Open311RetryableError } from './errors';

/**
 * Reads an answer's body as UTF-8 text, at most `maxBytes`: a declared `Content-Length` above the
 * limit is refused before reading, and a body that grows past it (chunked) stops being read
 * there and is dropped, so a hostile agency cannot make WeGov buffer gigabytes.
 * Throws `Open311RetryableError('response_too_large')` with `bytesRead` in the message.
 */
export async function readBoundedText(answer: HttpAnswer, maxBytes: number): Promise<string> {
  const declared = Number(answer.header('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await answer.discard().catch(() => undefined);
    throw new Open311RetryableError('response_too_large', `response declares ${declared} bytes, limit ${maxBytes}`, {
      status: answer.status,
    });
  }
  const { chunks, bytes, overflow } = await answer.read(maxBytes);
  if (overflow) {
    throw new Open311RetryableError('response_too_large', `response exceeded ${maxBytes} bytes (stopped after ${bytes})`, {
      status: answer.status,
    });
  }
  return Buffer.concat(chunks).toString('utf8');
}
