/**
 * Making a router we do not write (Bolt's ExpressReceiver, mounted at /slack) answer errors
 * the way every WeGov route does. Bolt reads bodies with raw-body, without decompressing, and
 * refuses with an empty body (`res.status(401).send()`); clients of WeGov get
 * `{ "error": { "code", "message" } }` everywhere, so these two middlewares go in front of it:
 *  - `refuseEncodedBodies`: a `Content-Encoding` other than identity is refused with 415
 *    `unsupported_encoding` before any byte is read (Slack never compresses its requests; a
 *    gzip body would otherwise reach the signature check as compressed bytes);
 *  - `codedErrorBodies`: an error status sent with no body gets the coded JSON body.
 */
import type { RequestHandler } from 'express';
import { sendError, type ApiErrorCode } from './api-error';

/** 415 for a body sent with a Content-Encoding (gzip, deflate, br, anything but identity). */
export const refuseEncodedBodies: RequestHandler = (req, res, next) => {
  const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') {
    sendError(res, 415, 'unsupported_encoding', 'send the body uncompressed (no Content-Encoding)');
    return;
  }
  next();
};

/** What an empty error answer of a given status means, for a request signed like Slack's. */
function describe(status: number): { code: ApiErrorCode; message: string } {
  switch (status) {
    case 400:
      return { code: 'invalid_body', message: 'the request body could not be read or parsed' };
    case 401:
    case 403:
      return { code: 'bad_signature', message: 'missing or wrong request signature, or a timestamp more than 5 minutes old' };
    case 404:
      return { code: 'not_found', message: 'no such endpoint' };
    case 413:
      return { code: 'payload_too_large', message: 'the request body is too large' };
    default:
      return status >= 500 ? { code: 'internal', message: 'something went wrong on our side' } : { code: 'bad_request', message: 'the request is malformed' };
  }
}

/** Gives an error answer sent without a body (`res.status(4xx).send()`) the coded JSON body. */
export const codedErrorBodies: RequestHandler = (_req, res, next) => {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    res.send = send;
    const empty = body === undefined || body === null || body === '';
    if (res.statusCode >= 400 && empty && !res.headersSent) {
      const { code, message } = describe(res.statusCode);
      sendError(res, res.statusCode, code, message);
      return res;
    }
    return send(body);
  };
  next();
};
