/** Starts `wegov <args>` from the TypeScript sources through @swc/core (no build needed). */
import path from 'node:path';
import type { Launch } from '../../bench/scale/fleet';
import { spawnTsChild } from '../support/ts-child';

const CLI_CHILD = path.join(__dirname, 'cli-child.ts');

export const launchFromSources: Launch = (args, env) => spawnTsChild(CLI_CHILD, { ...env, WEGOV_CHILD_ARGS: JSON.stringify(args) }).proc;
