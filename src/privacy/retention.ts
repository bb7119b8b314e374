/**
 * Retention: personal data is deleted when its purpose is over, per class, as the catalogue's
 * `retention:` says (src/catalog/schema.ts; defaults: cases 365 days, photos 90, transcripts 90).
 *
 * What each class covers and who enforces it:
 * - cases: agency case records (src/cases) last written more than `casesDays` ago are deleted by
 *   this job, and so are lines of the submissions file delivered and dead letters failed that
 *   long ago (a report reference's link to its conversation expires then too, in the store);
 * - photos: copies in the submissions file's media folder older than `photosDays` are deleted by
 *   this job (the line keeps `file: null`); the media store's own copies expire with the
 *   conversation or the photo link, which are shorter;
 * - transcripts: a conversation and its transcript expire after being idle (compose caps the
 *   follow period at `transcriptsDays`), so no job is needed;
 * - the participation modules' own records (e.g. stored consultation responses after
 *   `consultationResponsesDays`): each module's sweep (src/modules/services.ts), run by this job.
 *
 * One process of a fleet runs each sweep (a lease, like the status poller). The clock is
 * injected, so tests move it instead of waiting.
 */
import type { Retention } from '../catalog/types';
import { FleetJob } from '../cases/fleet-job';
import type { CaseStore } from '../cases/types';
import type { Logger } from '../log';
import type { DeliveryQueue } from '../outbox/queue';
import type { ModuleRetention } from '../modules/services';
import type { JsonlFileSink } from '../sinks/jsonl-file-sink';

const DAY_MS = 86_400_000;
export const RETENTION_LEASE = 'retention-sweep';

export interface RetentionDeps {
  retention: Retention;
  cases: Pick<CaseStore, 'deleteUpdatedBefore' | 'lease'>;
  /** The submissions files of this deployment (router.fileSinks()). */
  files: () => readonly JsonlFileSink[];
  /** The delivery queue: dead letters hold whole reports until an operator replays them. */
  queue?: Pick<DeliveryQueue, 'purgeDeadLetters'>;
  /** The participation modules' sweeps of their own records. */
  modules?: readonly ModuleRetention[];
  logger: Logger;
  now?: () => Date;
}

/** What one sweep deleted. */
export interface RetentionSweep {
  cases: number;
  deadLetters: number;
  fileLines: number;
  photos: number;
  /** Records the modules deleted, by their name (e.g. consultationResponses). */
  modules: Record<string, number>;
}

export class RetentionJob {
  private readonly job: FleetJob;

  constructor(private readonly deps: RetentionDeps) {
    this.job = new FleetJob({ lease: RETENTION_LEASE, cases: deps.cases, logger: deps.logger, failure: 'retention sweep failed; will retry at the next interval' }, () => this.sweep());
  }

  /** Deletes everything past its retention period, now (one sweep at a time in this process). */
  sweepOnce(): Promise<RetentionSweep> {
    return this.job.runOnce<RetentionSweep>();
  }

  /** Sweeps every `intervalMs` when this process holds the fleet's lease (the timer is unref'd). */
  start(intervalMs: number): void {
    this.job.start(intervalMs);
  }

  stop(): void {
    this.job.stop();
  }

  /** Resolves when a sweep under way has finished (for shutdown). */
  async idle(): Promise<void> {
    await this.job.idle();
  }

  private async sweep(): Promise<RetentionSweep> {
    const now = (this.deps.now ?? (() => new Date()))().getTime();
    const { casesDays, photosDays } = this.deps.retention;
    const casesBefore = new Date(now - casesDays * DAY_MS).toISOString();
    const photosBefore = new Date(now - photosDays * DAY_MS).toISOString();
    const sweep: RetentionSweep = {
      cases: await this.deps.cases.deleteUpdatedBefore(new Date(casesBefore)),
      deadLetters: (await this.deps.queue?.purgeDeadLetters(new Date(casesBefore))) ?? 0,
      fileLines: 0,
      photos: 0,
      modules: {},
    };
    for (const file of this.deps.files()) {
      const result = await file.rewrite((line) => {
        if (line.deliveredAt < casesBefore) return null;
        if (line.deliveredAt < photosBefore && line.files.some((f) => f.file !== null)) return { ...line, files: line.files.map((f) => ({ ...f, file: null })) };
        return line;
      });
      sweep.fileLines += result.dropped;
      sweep.photos += result.photosDeleted;
    }
    for (const m of this.deps.modules ?? []) sweep.modules[m.name] = await m.sweep();
    const moduleTotal = Object.values(sweep.modules).reduce((a, b) => a + b, 0);
    if (sweep.cases + sweep.deadLetters + sweep.fileLines + sweep.photos + moduleTotal > 0) this.deps.logger.info({ ...sweep }, 'retention: expired personal data deleted');
    return sweep;
  }
}
