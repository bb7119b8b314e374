#!/usr/bin/env node
import { ConfigError } from '../config';
import { CatalogError } from '../catalog';
import { start, stopOnSignals } from './start';

const HELP = `wegov - the WeGov conversation engine

Usage:
  wegov start                 serve the web chat API (configuration from environment variables)
  wegov check-config [file]   validate a deployment catalogue (default: WEGOV_CONFIG or the demo city)
  wegov help                  show this help

Environment variables are listed in the README (PORT, REDIS_URL, WEGOV_CONFIG, ...).
`;

/** Runs one CLI command; resolves to the process exit code (start keeps running). */
export async function main(argv: readonly string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'start': {
      const running = await start();
      stopOnSignals(running);
      return 0;
    }
    case 'check-config': {
      // Loaded lazily: `start` must not depend on the checker's extras.
      const { checkConfig } = await import('./check-config');
      return runCheckConfig(checkConfig, rest[0]);
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return 0;
    default:
      process.stderr.write(`unknown command: ${command}\n\n${HELP}`);
      return 2;
  }
}

type CheckConfig = (file?: string) => unknown;

async function runCheckConfig(checkConfig: CheckConfig, file: string | undefined): Promise<number> {
  const outcome = await checkConfig(file);
  return typeof outcome === 'number' ? outcome : 0;
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
