/**
 * Signing up for shifts, as module services (src/modules/services.ts): the sign-up store
 * (Redis when the process has it, else memory) and the effect `volunteer.sign_up` the volunteer
 * dialog requests (src/runtime/effects.ts): a place is taken atomically with the person's
 * volunteering pseudonym, and the answer (confirmed, waitlisted with a position, full, already)
 * reaches the person in the same turn. A turn that is not committed cancels the sign-up it took
 * (a promotion that cancel causes in that instant is not announced: a rare race, noted here).
 */
import { z } from 'zod';
import type { ModuleHost, ModuleServices } from '../../../src/modules/services';
import type { EffectDone, EffectRequest } from '../../../src/runtime/effects';
import { SIGN_UP_EFFECT } from '../flow';
import { MemorySignUpStore } from './memory-store';
import { RedisSignUpStore } from './redis-store';
import type { SignUpStore } from './store';

/** The scope of volunteering pseudonyms (one per person across every shift). */
export const VOLUNTEER_SCOPE = 'volunteer';

const signUpArgs = z.strictObject({ shiftId: z.string().min(1), capacity: z.number().int().min(1), waitlist: z.boolean() });

export function signUpServices(host: ModuleHost, store: SignUpStore = host.stores.redis ? new RedisSignUpStore(host.stores.redis) : new MemorySignUpStore()): ModuleServices & { signUps: SignUpStore } {
  const signUp = async (req: EffectRequest): Promise<EffectDone> => {
    const args = signUpArgs.safeParse(req.args);
    if (!args.success) return { result: { outcome: 'unavailable' } };
    const { shiftId, capacity, waitlist } = args.data;
    const volunteer = host.pseudonym(VOLUNTEER_SCOPE, req.person);
    const out = await store.signUp({ id: req.id, shiftId, person: volunteer, conversationId: req.conversationId, capacity, waitlist, at: host.now().toISOString() });
    switch (out.outcome) {
      case 'confirmed':
        return { result: { outcome: 'confirmed', volunteer }, undo: async () => void (await store.cancel(shiftId, volunteer, capacity)) };
      case 'waitlisted':
        return { result: { outcome: 'waitlisted', position: out.position, volunteer }, undo: async () => void (await store.cancel(shiftId, volunteer, capacity)) };
      case 'full':
        return { result: { outcome: 'full' } };
      case 'already':
        return { result: { outcome: 'already', status: out.signUp.status } };
    }
  };
  return { signUps: store, effects: { [SIGN_UP_EFFECT]: signUp } };
}
