/**
 * Child of lazy-modules.test.ts: composes the app as `npm start` does (memory store, the demo
 * city, no Slack, JSON log lines) and reports which packages are loaded, then whether sharp is
 * loaded once a photo has been stripped.
 */
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { stripInPool } from '../../src/media/photo-decoding';
import { compose } from '../../src/server/compose';

const loadedPackages = (): string[] =>
  [...new Set(Object.keys(require.cache).flatMap((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? []))].sort();
const loadedFiles = (): string[] => Object.keys(require.cache).filter((file) => file.includes('node_modules'));

async function main(): Promise<void> {
  const env = { PORT: '0', HOST: '127.0.0.1', WEGOV_SUBMISSIONS_FILE: process.env.SUBMISSIONS_FILE ?? '', LOG_LEVEL: 'silent' };
  const wiring = await compose(loadConfig(env), createLogger({ level: 'silent', format: 'json' }), { startRelay: false });
  const composed = {
    packages: loadedPackages(),
    chronoLocales: [...new Set(loadedFiles().flatMap((f) => /chrono-node\/dist\/cjs\/locales\/([a-z]+)\//.exec(f)?.[1] ?? []))].sort(),
    natural: loadedFiles().flatMap((f) => /natural\/lib\/natural\/((?:stemmers|tokenizers)\/.+)\.js$/.exec(f)?.[1] ?? []).sort(),
  };
  const png = Buffer.from(process.env.PNG ?? '', 'base64');
  const stripped = await stripInPool(png, 'image/png');
  process.send?.({ composed, afterPhoto: { packages: loadedPackages(), stripped: stripped.kind } }, () => {
    void wiring.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});
