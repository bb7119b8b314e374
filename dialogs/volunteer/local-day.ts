/** A date's day in a time zone, as a day count (for "today", "within 7 days") and a weekday (0 = Sunday). */
export function localDay(date: Date, timeZone: string): { ordinal: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const utcMidnight = Date.UTC(get('year'), get('month') - 1, get('day'));
  return { ordinal: Math.round(utcMidnight / 86_400_000), weekday: new Date(utcMidnight).getUTCDay() };
}
