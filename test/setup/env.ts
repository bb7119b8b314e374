/** Runs in every test file before the framework: quiet, deterministic defaults. */
process.env.DOTENV_CONFIG_QUIET ??= 'true';
process.env.LOG_LEVEL ??= 'silent';

/**
 * One Redis database per jest worker (jest runs two at once, jest.config.js): files of one worker
 * run one after another, as the suite was written for, and never meet another worker's global
 * keys (the volunteer shifts' one hash, a report index, a queue) mid-run. Two cancellation tests
 * in two workers told each other's volunteers on one database. Pub/sub channels are shared by
 * all databases; theirs carry random conversation ids.
 */
const worker = Number(process.env.JEST_WORKER_ID ?? '1');
const base = (process.env.WEGOV_TEST_REDIS_BASE_URL ??= process.env.REDIS_URL);
if (base) process.env.REDIS_URL = withDatabase(base, worker);

function withDatabase(url: string, db: number): string {
  const u = new URL(url);
  if (u.protocol === 'unix:') {
    if (u.searchParams.has('db')) return url;
    u.searchParams.set('db', String(db));
    return u.toString();
  }
  if (u.pathname.length > 1) return url; // redis://host:port/N: the user chose a database
  u.pathname = `/${db}`;
  return u.toString();
}
