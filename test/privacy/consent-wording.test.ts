/**
 * A consent record names the wording the person saw by key, version and locale
 * (dialogs/report/contact-steps.ts CONSENT_WORDING, the record's `locale`). This test keeps the
 * version honest: the fixture holds a hash of the wording's text in each shipped language for
 * each version, so changing the text in any language without bumping the version fails here.
 * After a deliberate change: bump `version`, then add the new hashes this test prints under the
 * new version (keep the old entries: they say what earlier records agreed to). A new language
 * adds its hash under the current version: the texts earlier records name are unchanged.
 * (Version 1 was first recorded as one hash over en, es and ar; its per-language hashes below
 * reproduce that hash, checked when French was added.)
 */
import crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONSENT_WORDING } from '../../dialogs/report/contact-steps';
import { readLocaleFiles } from '../../src/i18n';

type Fixture = Record<string, Record<string, Record<string, string>>>;
const fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'consent-wordings.json'), 'utf8')) as Fixture;

/** sha256 of the wording's text in each shipped locale. */
function wordingHashes(key: string, dir?: string): Record<string, string> {
  const files = readLocaleFiles(dir);
  return Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((locale) => {
        let node: unknown = files[locale];
        for (const part of key.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
        return [locale, crypto.createHash('sha256').update(JSON.stringify([locale, typeof node === 'string' ? node : null])).digest('hex')];
      }),
  );
}

describe('consent wording versions', () => {
  it('the contact consent text matches the hashes recorded for its current version, in every language', () => {
    const hashes = wordingHashes(CONSENT_WORDING.key);
    const recorded = fixture[CONSENT_WORDING.key]?.[String(CONSENT_WORDING.version)] ?? {};
    for (const [locale, hash] of Object.entries(hashes)) {
      if (recorded[locale] === undefined) {
        throw new Error(`${CONSENT_WORDING.key} has no recorded hash for the new language '${locale}': record "${hash}" under version ${CONSENT_WORDING.version} in test/privacy/fixtures/consent-wordings.json.`);
      }
      if (recorded[locale] !== hash) {
        throw new Error(
          `${CONSENT_WORDING.key} changed in '${locale}' without a version bump. ` +
            `Bump CONSENT_WORDING.version in dialogs/report/contact-steps.ts and record the hashes of every language for the new version (${locale}: "${hash}") in test/privacy/fixtures/consent-wordings.json.`,
        );
      }
    }
    expect(Object.keys(recorded).sort()).toEqual(Object.keys(hashes));
  });

  it('every recorded version is distinct and the current version is the newest', () => {
    const versions = Object.keys(fixture[CONSENT_WORDING.key] ?? {}).map(Number);
    expect(Math.max(...versions)).toBe(CONSENT_WORDING.version);
    const hashes = Object.values(fixture[CONSENT_WORDING.key] ?? {}).map((byLocale) => JSON.stringify(byLocale));
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
      const changed = wordingHashes(CONSENT_WORDING.key, dir);
      const recorded = fixture[CONSENT_WORDING.key]?.[String(CONSENT_WORDING.version)] ?? {};
      expect(changed.ar).not.toBe(recorded.ar);
      expect(changed.en).toBe(recorded.en);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
