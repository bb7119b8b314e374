/**
 * nock hygiene for every test file (see shared/STACK.md): outbound HTTP is refused except to
 * this machine (supertest, local emulators), and nock's patches are removed after the file so
 * nothing leaks into the next one (pristine-http.ts covers files whose hooks never run).
 * Redis over a unix socket or TCP is not HTTP: unaffected.
 */
import './pristine-http'; // first: it must run before nock patches http on import
import fc from 'fast-check';
import nock from 'nock';

beforeAll(() => {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost|\[::1\]/);
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
});

// Property tests draw the same inputs on every run (a test may still pass its own seed): CI must
// not fail on a draw nobody can reproduce. FC_SEED=<n> explores other draws locally.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261201) });
