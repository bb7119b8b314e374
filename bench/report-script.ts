import type { Input } from '../src/engine/input';

/**
 * One complete pothole report after a `report:pothole` deep link: 8 answers. Every conversation
 * reports the same pothole, so from the second on it is offered as a nearby report (issue 16):
 * "No, mine is new" answers that offer; where none was made (the first), the photo question
 * takes it as an old button (no attempt counted) and is asked again. Both ways end with a reference.
 */
export const REPORT_ANSWERS: Input[] = [
  { kind: 'choice', choiceId: 'medium' },
  { kind: 'choice', choiceId: '_skip' },
  { kind: 'location', lat: 30.2711, lon: -97.7437 },
  { kind: 'choice', choiceId: '_new' },
  { kind: 'choice', choiceId: '_skip' },
  { kind: 'text', text: 'Deep pothole in the right lane outside number 12, cars swerve around it.' },
  { kind: 'choice', choiceId: 'anonymous' },
  { kind: 'choice', choiceId: '_submit' },
];

/** The same answers as web chat API bodies. */
export function apiBody(input: Input): Record<string, unknown> {
  switch (input.kind) {
    case 'text':
      return { text: input.text };
    case 'choice':
      return { choice: input.choiceId };
    case 'location':
      return { location: { lat: input.lat, lon: input.lon } };
    default:
      throw new Error(`no API body for ${input.kind}`);
  }
}

/** Percentile of a sorted array of milliseconds. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}
