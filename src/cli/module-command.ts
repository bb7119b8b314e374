/**
 * `wegov <command>` for the commands participation modules add (src/modules/services.ts), e.g.
 * `consultation:rebuild <id>`: the process's config, catalogue and stores, the modules'
 * services, then the command. Null when no module has the command.
 */
import path from 'node:path';
import { defaultCatalogPath, loadCatalog } from '../catalog';
import { composeModuleServices } from '../compose/module-services';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { createStores } from '../state';

export async function runModuleCommand(
  name: string,
  args: readonly string[],
  io: { write(text: string): void; err(line: string): void },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | null> {
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel });
  const catalog = loadCatalog(config.catalogFile !== undefined ? path.resolve(config.catalogFile) : defaultCatalogPath({}));
  const stores = createStores({ ...(config.redisUrl !== undefined ? { redisUrl: config.redisUrl } : {}), commandTimeoutMs: config.redisCommandTimeoutMs });
  const services = await composeModuleServices({ config, catalog, stores, logger }).catch(async (error: unknown) => {
    await stores.close();
    throw error;
  });
  try {
    const command = services.commands.find((c) => c.name === name);
    if (!command) return null;
    return await command.run(args, io);
  } finally {
    await services.close();
    await stores.close();
  }
}
