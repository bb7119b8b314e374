/**
 * Background passes that must never overlap in one process (releasing delisted adoptions,
 * telling the people on a cancelled shift): `run()` starts a pass, or, while one runs, asks for
 * one more after it and returns the running one. A failed pass is logged and left to the next
 * (every pass is idempotent: what it finished is not done twice). Hand-written: a promise and a
 * flag; a queue library would bring concurrency and persistence these passes do not need.
 */
import { errorSummary, type Logger } from '../log';

export interface SerialPasses {
  run(): Promise<void>;
  /** Resolves once no pass runs. */
  idle(): Promise<void>;
}

/** `pass` returns how many things it did; a non-zero count is logged with `done` under `key`. */
export function serialPasses(logger: Logger, pass: () => Promise<number>, log: { key: string; done: string; failed: string }): SerialPasses {
  let running: Promise<void> | undefined;
  let again = false;
  const passes = async (): Promise<void> => {
    do {
      again = false;
      try {
        const n = await pass();
        if (n > 0) logger.info({ [log.key]: n }, log.done);
      } catch (error) {
        logger.warn({ err: errorSummary(error) }, log.failed);
      }
    } while (again);
  };
  return {
    run() {
      if (running) {
        again = true;
        return running;
      }
      running = passes().finally(() => (running = undefined));
      return running;
    },
    idle: () => running ?? Promise.resolve(),
  };
}
