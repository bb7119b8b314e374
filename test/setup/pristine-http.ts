/**
 * Undo HTTP patches left behind by an earlier test file in the same jest worker.
 *
 * nock patches the shared `http`/`https` modules as soon as it is imported, and after-env.ts
 * removes the patches in `afterAll`. But jest runs no hooks in a file whose tests are all
 * skipped (or filtered out by `-t`), so such a file leaves nock installed; the next file then
 * stacks a second nock on top, which breaks plain `http.get(url, callback)` inside
 * @mswjs/interceptors. This module must be imported before nock: the first file of a worker
 * records the untouched functions on the `http` module itself (shared by all files of the
 * worker); every later file puts them back before loading its own nock.
 */
import http from 'node:http';
import https from 'node:https';

interface PristineHttp {
  httpRequest: typeof http.request;
  httpGet: typeof http.get;
  httpClientRequest: typeof http.ClientRequest;
  httpsRequest: typeof https.request;
  httpsGet: typeof https.get;
}

const KEY = '__wegovPristineHttp';
const holder = http as unknown as { [KEY]?: PristineHttp };
const pristine = holder[KEY];

if (pristine === undefined) {
  holder[KEY] = {
    httpRequest: http.request,
    httpGet: http.get,
    httpClientRequest: http.ClientRequest,
    httpsRequest: https.request,
    httpsGet: https.get,
  };
} else {
  http.request = pristine.httpRequest;
  http.get = pristine.httpGet;
  http.ClientRequest = pristine.httpClientRequest;
  https.request = pristine.httpsRequest;
  https.get = pristine.httpsGet;
}
