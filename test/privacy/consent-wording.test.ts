/**
 * A consent record names the wording the person saw by key and version
 * (dialogs/report/contact-steps.ts CONSENT_WORDING). This test keeps the version honest: the
 * fixture holds a hash of the wording's text in every shipped language for each version, so
 * changing the text in any language without bumping the version fails here. After a deliberate
 * change: bump `version`, then add the new hash this test prints under the new version (keep
 * the old entries: they say what earlier records agreed to).
 */
import crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONSENT_WORDING } from '../../dialogs/report/contact-steps';
import { readLocaleFiles } from '../../src/i18n';

type Fixture = Record<string, Record<string, string>>;
const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'consent-wordings.json'), 'utf8')) as Fixture;

/** sha256 over the wording's text in each shipped locale, in locale order. */
function wordingHash(key: string, dir?: string): string {
  const files = readLocaleFiles(dir);
  const texts = Object.keys(files)
    .sort()
    .map((locale) => {
      let node: unknown = files[locale];
      for (const part of key.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
      return [locale, typeof node === 'string' ? node : null];
    });
  return crypto.createHash('sha256').update(JSON.stringify(texts)).digest('hex');
}

describe('consent wording versions', () => {
  it('the contact consent text matches the hash recorded for its current version', () => {
    const hash = wordingHash(CONSENT_WORDING.key);
    const recorded = fixture[CONSENT_WORDING.key]?.[String(CONSENT_WORDING.version)];
    if (recorded !== hash) {
      throw new Error(
        `${CONSENT_WORDING.key} changed without a version bump (or the fixture lacks version ${CONSENT_WORDING.version}). ` +
          `Bump CONSENT_WORDING.version in dialogs/report/contact-steps.ts and record "${hash}" for the new version in test/privacy/fixtures/consent-wordings.json.`,
      );
    }
    expect(recorded).toBe(hash);
  });

  it('every recorded version is distinct and the current version is the newest', () => {
    const versions = Object.keys(fixture[CONSENT_WORDING.key] ?? {}).map(Number);
    expect(Math.max(...versions)).toBe(CONSENT_WORDING.version);
    const hashes = Object.values(fixture[CONSENT_WORDING.key] ?? {});
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('a one-character change to the text in one language no longer matches the recorded hash', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wegov-locales-'));
    try {
      for (const [locale, resource] of Object.entries(readLocaleFiles())) {
        const r = resource as { report: { contact: { consent: string } } };
        if (locale === 'ar') r.report.contact.consent = r.report.contact.consent.replace(/؟$/, '.');
        writeFileSync(path.join(dir, `${locale}.json`), JSON.stringify(r));
      }
      expect(wordingHash(CONSENT_WORDING.key, dir)).not.toBe(fixture[CONSENT_WORDING.key]?.[String(CONSENT_WORDING.version)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
