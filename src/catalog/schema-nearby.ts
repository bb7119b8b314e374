import { z } from 'zod';
import type { NearbyConfig } from './types';

/**
 * Nearby reports (issue 16): before a new report is made, open reports of the same category
 * within `radius_m` metres of its point, submitted in the last `max_age_days` days, are offered
 * ("Is it one of these?"). `radius_m: 0` turns the offer off.
 */
export const nearbySchema = z
  .strictObject({
    radius_m: z.number().int().min(0).max(5000).default(250),
    max_age_days: z.number().int().min(1).max(3650).default(30),
  })
  .default({ radius_m: 250, max_age_days: 30 });

/** The defaults, for catalogues built in code (tests). */
export const DEFAULT_NEARBY: NearbyConfig = { radiusM: 250, maxAgeDays: 30 };
