import { Open311RetryableError } from './errors';

/**
 * Reads a fetch body as UTF-8 text, at most `maxBytes`: a declared `Content-Length` above the
 * limit is refused before reading, and a body that grows past it (chunked) stops being read
 * there and the stream is cancelled, so a hostile agency cannot make WeGov buffer gigabytes.
 * Throws `Open311RetryableError('response_too_large')` with `bytesRead` in the message.
 */
export async function readBoundedText(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new Open311RetryableError('response_too_large', `response declares ${declared} bytes, limit ${maxBytes}`, {
      status: response.status,
    });
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Open311RetryableError('response_too_large', `response exceeded ${maxBytes} bytes (stopped after ${total})`, {
        status: response.status,
      });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
