/**
 * What a client did wrong while sending a body, as an HTTP answer. body-parser (over
 * raw-body) reports its failures as http-errors with a `type`; a `Content-Encoding: gzip`
 * (deflate, br) body whose bytes do not decompress arrives as the zlib error itself with a
 * 400 status and no `type`; express's router marks an undecodable path parameter (`%E0`) with
 * a 400 status. All of these are the client's fault: they get a 4xx with a stable code and are
 * never logged as server errors.
 */
import type { ApiErrorCode } from './api-error';

/** The answer for a client-side request error. */
export interface ClientErrorAnswer {
  status: number;
  code: ApiErrorCode;
  message: string;
}

/** body-parser / raw-body error types, and what each means to the client. */
const BY_TYPE: Readonly<Record<string, ClientErrorAnswer>> = {
  'entity.too.large': { status: 413, code: 'payload_too_large', message: 'the request body is too large' },
  'parameters.too.many': { status: 413, code: 'payload_too_large', message: 'the request body has too many parameters' },
  'entity.parse.failed': { status: 400, code: 'invalid_json', message: 'the request body is not valid JSON' },
  'entity.verify.failed': { status: 400, code: 'invalid_body', message: 'the request body was refused' },
  'encoding.unsupported': {
    status: 415,
    code: 'unsupported_encoding',
    message: 'unsupported Content-Encoding: send the body uncompressed (identity), or as gzip, deflate or br',
  },
  'charset.unsupported': { status: 415, code: 'unsupported_media_type', message: 'the request body must be UTF-8 JSON' },
  'request.aborted': { status: 400, code: 'request_aborted', message: 'the request was aborted before its body arrived' },
  'request.size.invalid': { status: 400, code: 'invalid_length', message: 'the request body does not match its Content-Length' },
  // raw-body says 500 for these two: a stream someone already read or set an encoding on. No
  // route of ours does that, and a client that closed its stream early can cause the second.
  'stream.encoding.set': { status: 400, code: 'invalid_body', message: 'the request body could not be read' },
  'stream.not.readable': { status: 400, code: 'invalid_body', message: 'the request body could not be read' },
};

const INVALID_ENCODING: ClientErrorAnswer = {
  status: 400,
  code: 'invalid_encoding',
  message: 'the request body does not decompress as its Content-Encoding says',
};

function field(err: object, name: string): unknown {
  return (err as Record<string, unknown>)[name];
}

/** zlib's errors (gzip, deflate: `Z_DATA_ERROR`, `Z_BUF_ERROR`; brotli: `ERR_BROTLI_...`/`ERR__ERROR_...`) carry a numeric errno. */
function isDecompressionError(err: object): boolean {
  const code = field(err, 'code');
  return typeof code === 'string' && typeof field(err, 'errno') === 'number' && (code.startsWith('Z_') || code.startsWith('ERR_'));
}

/**
 * The 4xx answer for an error the client caused while sending its request, or undefined for
 * anything else (a fault of ours, answered 5xx by the error handler).
 */
export function clientErrorAnswer(err: unknown): ClientErrorAnswer | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const type = field(err, 'type');
  if (typeof type === 'string' && Object.hasOwn(BY_TYPE, type)) return BY_TYPE[type];
  const status = field(err, 'status') ?? field(err, 'statusCode');
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (isDecompressionError(err)) return INVALID_ENCODING;
  if (status === 413) return BY_TYPE['entity.too.large'];
  return { status, code: 'bad_request', message: 'the request is malformed' };
}
