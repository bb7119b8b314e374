#!/usr/bin/env node
import path from 'node:path';
import { ConfigError } from '../config';
import { CatalogError, defaultCatalogPath } from '../catalog';
import { roleOption } from './role-option';
import { start } from './start';

const HELP = `wegov - the WeGov conversation engine

Usage:
  wegov start [--role all|web|worker]
                              serve the web chat API and run the background work (configuration from
                              environment variables); --role web only serves, --role worker only runs
                              deliveries, reminders, status polling and retention (WEGOV_ROLE)
  wegov check-config [file]   validate a deployment catalogue (default: WEGOV_CONFIG or the demo city)
  wegov telegram:setup        register the Telegram webhook (or polling) and the bot's commands in
                              every shipped language (TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_URL, ...)
  wegov slack:manifest        print the Slack app manifest with WEGOV_PUBLIC_URL as its request URLs
  wegov open311:import <url> [--agency <id>] [--locale <tag>] [--out <new file>]
                              turn an agency's Open311 services.json into catalogue categories
  wegov worker                the same as wegov start --role worker
  wegov outbox:list           list dead letters: job id, submission, sink, attempts, agency's reason
  wegov outbox:replay <jobId> move a dead letter back to the queue (REDIS_URL for both outbox commands)
  wegov consultation:rebuild <id>
                              recompute a consultation's results from its stored responses (REDIS_URL)
  wegov consultation:export <id> [--format csv|json]
                              one row per response (pseudonymous participant), to standard output
  wegov volunteer:import <file.csv|file.json>
                              add or replace shifts of existing opportunities (all or nothing; REDIS_URL)
  wegov help                  show this help

Environment variables are listed in the README (PORT, REDIS_URL, WEGOV_CONFIG, ...).
`;

/** Runs one CLI command; resolves to the process exit code (start keeps running). */
export async function main(argv: readonly string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'start': {
      const role = roleOption(rest);
      if (role === null) {
        process.stderr.write(`usage: wegov start [--role all|web|worker]\n`);
        return 2;
      }
      await start(process.env, { signals: true, ...(role !== undefined ? { role } : {}) });
      return 0;
    }
    case 'worker': {
      await start(process.env, { signals: true, role: 'worker' });
      return 0;
    }
    case 'check-config': {
      const { checkConfig } = await import('./check-config');
      const file = rest[0] !== undefined ? path.resolve(rest[0]) : defaultCatalogPath();
      const result = checkConfig(file);
      if (result.ok) {
        process.stdout.write(`${result.summary}\n`);
        return 0;
      }
      process.stderr.write(`${result.message}\n`);
      return 1;
    }
    case 'telegram:setup': {
      const { runTelegramSetup } = await import('../../adapters/telegram/setup');
      return runTelegramSetup(process.env, {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
      });
    }
    case 'slack:manifest': {
      const { manifestYaml, MANIFEST_PLACEHOLDER } = await import('../../adapters/slack/manifest');
      const { loadConfig } = await import('../config');
      const config = loadConfig(process.env);
      if (process.env.WEGOV_PUBLIC_URL === undefined || process.env.WEGOV_PUBLIC_URL.trim() === '') {
        // Slack must reach these URLs from the internet: a localhost default would fail later, silently.
        process.stderr.write(
          `warning: WEGOV_PUBLIC_URL is unset, so the request URLs below are ${MANIFEST_PLACEHOLDER}/...: set it to the https address Slack can reach (e.g. WEGOV_PUBLIC_URL=https://wegov.example.org) or edit them before pasting.\n`,
        );
        process.stdout.write(manifestYaml(MANIFEST_PLACEHOLDER));
        return 0;
      }
      process.stdout.write(manifestYaml(config.media.publicUrl));
      return 0;
    }
    case 'open311:import': {
      const { runOpen311Import } = await import('./open311-import');
      return runOpen311Import(rest, {
        out: (text) => process.stdout.write(text),
        err: (line) => process.stderr.write(`${line}\n`),
      });
    }
    case 'outbox:list':
    case 'outbox:replay': {
      const { outboxCommand } = await import('./outbox');
      return outboxCommand(command, rest, {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
      });
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return 0;
    default: {
      // The participation modules' own commands (src/modules/services.ts).
      if (/^[a-z0-9-]+:[a-z0-9-]+$/.test(command)) {
        const { runModuleCommand } = await import('./module-command');
        const code = await runModuleCommand(command, rest, {
          write: (text) => process.stdout.write(text),
          err: (line) => process.stderr.write(`${line}\n`),
        });
        if (code !== null) return code;
      }
      process.stderr.write(`unknown command: ${command}\n\n${HELP}`);
      return 2;
    }
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof CatalogError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`wegov: ${describeFailure(error)}\n`);
      process.exitCode = 1;
    },
  );
}
