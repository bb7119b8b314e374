/** The Slack app manifest matches what the code mounts and handles. */
import { SLACK_ENDPOINTS, SLACK_MOUNT } from '../../../adapters/slack/adapter';
import { SLASH_COMMAND } from '../../../adapters/slack/commands';
import { loadManifest, manifestYaml, MANIFEST_PLACEHOLDER } from '../../../adapters/slack/manifest';
import { main } from '../../../src/cli/main';

describe('Slack app manifest', () => {
  const m = loadManifest();

  it('points events, interactivity and the command at the paths the adapter mounts', () => {
    expect(m.settings.event_subscriptions.request_url).toBe(`${MANIFEST_PLACEHOLDER}${SLACK_MOUNT}${SLACK_ENDPOINTS.events}`);
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: `${MANIFEST_PLACEHOLDER}${SLACK_MOUNT}${SLACK_ENDPOINTS.interactivity}` });
    expect(m.features.slash_commands).toEqual([expect.objectContaining({ command: SLASH_COMMAND, url: `${MANIFEST_PLACEHOLDER}${SLACK_MOUNT}${SLACK_ENDPOINTS.commands}` })]);
  });

  it('asks for the scopes and events staff DMs and the command need', () => {
    expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['chat:write', 'commands', 'im:history', 'im:read', 'im:write', 'users:read', 'channels:read', 'groups:read']));
    expect(m.settings.event_subscriptions.bot_events).toContain('message.im');
    expect(m.features.app_home?.messages_tab_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(false);
  });

  it('fills in a public URL', () => {
    const filled = loadManifest('https://city.example/wegov/');
    expect(filled.settings.event_subscriptions.request_url).toBe('https://city.example/wegov/slack/events');
    expect(manifestYaml('https://city.example')).not.toContain(MANIFEST_PLACEHOLDER);
  });

  it('`wegov slack:manifest` prints it with WEGOV_PUBLIC_URL', async () => {
    const out: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const saved = process.env.WEGOV_PUBLIC_URL;
    process.env.WEGOV_PUBLIC_URL = 'https://wegov.city.example';
    try {
      expect(await main(['slack:manifest'])).toBe(0);
    } finally {
      write.mockRestore();
      if (saved === undefined) delete process.env.WEGOV_PUBLIC_URL;
      else process.env.WEGOV_PUBLIC_URL = saved;
    }
    expect(out.join('')).toContain('request_url: https://wegov.city.example/slack/events');
  });

  it('`wegov slack:manifest` without WEGOV_PUBLIC_URL warns, and prints the placeholder, never localhost', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const writeErr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err.push(String(chunk));
      return true;
    });
    const saved = process.env.WEGOV_PUBLIC_URL;
    delete process.env.WEGOV_PUBLIC_URL;
    try {
      expect(await main(['slack:manifest'])).toBe(0);
    } finally {
      write.mockRestore();
      writeErr.mockRestore();
      if (saved !== undefined) process.env.WEGOV_PUBLIC_URL = saved;
    }
    expect(err.join('')).toContain('warning: WEGOV_PUBLIC_URL is unset');
    expect(out.join('')).toContain(`request_url: ${MANIFEST_PLACEHOLDER}/slack/events`);
    expect(out.join('')).not.toContain('localhost');
  });
});
