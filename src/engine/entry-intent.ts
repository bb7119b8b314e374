import type { Catalog } from '../catalog/types';
import type { IntentDef, MenuEntry } from './module';
import type { Env } from './env';
import type { Session } from './session';

type Examples = Readonly<Record<string, readonly string[]>>;

/**
 * An intent that leads where a module's menu entry leads (e.g. `volunteer` starts the
 * volunteering flow), offered exactly when that entry is: not while no shift is upcoming.
 */
export function entryIntent(
  id: string,
  examples: Examples | ((catalog: Catalog) => Examples),
  entry: (env: Env, session: Pick<Session, 'locale' | 'channel' | 'channelData'>) => MenuEntry | null,
  instead: { start?: MenuEntry['start']; label?: MenuEntry['label'] } = {},
): IntentDef {
  return {
    id,
    examples: typeof examples === 'function' ? examples : () => examples,
    route: (ctx) => {
      const e = entry(ctx.env, ctx.session);
      if (!e) return null;
      const to = instead.start ?? e.start;
      return { label: instead.label ?? e.label, go: () => ({ messages: [], events: [], next: { flow: to.flow, ...(to.answers ? { answers: to.answers } : {}) } }) };
    },
  };
}
