/**
 * A process that takes report references from its own blocks on the test's Redis and sends them
 * to the test (reference-blocks.test.ts). Env: REDIS_URL, TAKE (how many), SECRET.
 */
import { createStores } from '../../src/state';
import { ReferenceBlocks } from '../../src/runtime/reference-blocks';

async function main(): Promise<void> {
  const stores = createStores({ redisUrl: process.env.REDIS_URL });
  const blocks = new ReferenceBlocks(stores.sessions, process.env.SECRET ?? '', 'WG');
  const taken: string[] = [];
  for (let i = 0; i < Number(process.env.TAKE); i++) {
    if (!(await blocks.ensure())) throw new Error('no reference at hand');
    taken.push(blocks.take('WG')!);
  }
  process.send?.({ taken });
  await stores.close();
  process.disconnect?.();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
