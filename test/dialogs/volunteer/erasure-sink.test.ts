/**
 * The volunteer module's own sink for "delete my data" (signups/erasure-sink.ts), on the memory
 * sign-up store and the memory reminder scheduler: an erasure request with the person's claim in
 * scope `volunteer` cancels their places, withdraws their pending reminders, and hands each person
 * promoted into an upcoming shift to tellPromoted (told and reminded); a promotion into a shift
 * already started is not announced; claims of other scopes are ignored; a second delivery finds
 * nothing left.
 */
import { VolunteerErasureSink } from '../../../dialogs/volunteer/signups/erasure-sink';
import { MemorySignUpStore } from '../../../dialogs/volunteer/signups/memory-store';
import type { SignUpServices } from '../../../dialogs/volunteer/signups/services';
import type { SignUp } from '../../../dialogs/volunteer/signups/store';
import { MemoryReminderScheduler } from '../../../dialogs/volunteer/reminders/memory';
import type { ModuleHost } from '../../../src/modules/services';
import type { Submission } from '../../../src/state/types';

const NOW = new Date('2026-12-01T15:00:00Z');
const shifts = [
  { id: 'ahead', startsAt: '2026-12-20T15:00:00Z', endsAt: '2026-12-20T18:00:00Z', capacity: 1 },
  { id: 'started', startsAt: '2026-12-01T14:00:00Z', endsAt: '2026-12-01T18:00:00Z', capacity: 1 },
];
// findShift reads only the opportunities' shifts; the rest of the host is not used by the sink.
const host = { now: () => NOW, catalog: { opportunities: [{ id: 'o', shifts }] }, logger: { info: () => undefined, warn: () => undefined } } as unknown as ModuleHost;

const erasure = (claims: { scope: string; participant: string }[]): Submission => ({ id: 'erase-1', kind: 'erasure_request', conversationId: 'c', createdAt: NOW.toISOString(), payload: { claims } }) as unknown as Submission;

it('cancels the person\'s places, withdraws their reminders and tells whoever is promoted into a shift still ahead', async () => {
  const store = new MemorySignUpStore();
  const reminders = new MemoryReminderScheduler({ now: () => NOW.getTime() });
  const told: SignUp[] = [];
  const services = { signUps: store, reminders, tellPromoted: async (p: SignUp) => void told.push(p) } as unknown as SignUpServices;
  const sink = new VolunteerErasureSink({ host, signUps: services });
  const take = (shiftId: string, person: string) => store.signUp({ id: `${shiftId}-${person}`, shiftId, person, conversationId: `conv-${person}`, capacity: 1, waitlist: true, at: NOW.toISOString() });
  await take('ahead', 'gone');
  await take('ahead', 'next');
  await take('started', 'gone');
  await take('started', 'later');
  await reminders.schedule({ signUpId: 'ahead-gone', shiftId: 'ahead', conversationId: 'conv-gone', opportunityId: 'o', startsAt: shifts[0]!.startsAt });
  expect((await reminders.pending('ahead-gone')).length).toBe(2);

  expect(sink.accepts('erasure_request')).toBe(true);
  expect(sink.accepts('volunteer_signup')).toBe(false);
  await sink.deliver(erasure([{ scope: 'consultation:x', participant: 'next' }, { scope: 'volunteer', participant: 'gone' }]));

  await expect(store.ofPerson('gone')).resolves.toEqual([]);
  expect(await reminders.pending('ahead-gone')).toEqual([]);
  expect((await store.roster('ahead')).confirmed.map((s) => s.person)).toEqual(['next']);
  // Promoted on both shifts, told only where the shift is still ahead.
  expect((await store.roster('started')).confirmed.map((s) => s.person)).toEqual(['later']);
  expect(told.map((p) => [p.shiftId, p.person])).toEqual([['ahead', 'next']]);

  await sink.deliver(erasure([{ scope: 'volunteer', participant: 'gone' }]));
  expect(told).toHaveLength(1);
  await reminders.close();
});
