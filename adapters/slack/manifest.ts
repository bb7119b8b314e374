/**
 * The Slack app manifest (adapters/slack/manifest.yaml) with a deployment's public URL in place
 * of the placeholder: `wegov slack:manifest` prints it for "Create New App -> From a manifest".
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../../src/catalog';

/** In the repository (not copied to dist/, like locales/). */
export const MANIFEST_FILE = path.join(repoRoot(), 'adapters', 'slack', 'manifest.yaml');
/** The base URL the shipped manifest uses. */
export const MANIFEST_PLACEHOLDER = 'https://wegov.example';

/** The manifest's YAML with `publicUrl` (no trailing slash) as the base of every request URL. */
export function manifestYaml(publicUrl: string = MANIFEST_PLACEHOLDER): string {
  const base = publicUrl.replace(/(?<!\/)\/+$/, '');
  return fs.readFileSync(MANIFEST_FILE, 'utf8').split(MANIFEST_PLACEHOLDER).join(base);
}

/** The parts of the manifest the code depends on. */
export interface SlackManifest {
  features: { slash_commands: { command: string; url: string }[]; app_home?: { messages_tab_enabled?: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

export function loadManifest(publicUrl?: string): SlackManifest {
  return parse(manifestYaml(publicUrl)) as SlackManifest;
}
