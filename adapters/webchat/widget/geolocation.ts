/** Where the person is, or why that is not known. */
export type Position = { ok: true; lat: number; lon: number } | { ok: false; reason: 'denied' | 'unavailable' };

/** Asks the browser for the current position (the browser asks the person first). */
export function currentPosition(): Promise<Position> {
  return new Promise((resolve) => {
    if (!('geolocation' in navigator)) {
      resolve({ ok: false, reason: 'unavailable' });
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ ok: true, lat: round(p.coords.latitude), lon: round(p.coords.longitude) }),
      (e) => resolve({ ok: false, reason: e.code === e.PERMISSION_DENIED ? 'denied' : 'unavailable' }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  });
}

/** About a metre: enough for a report, no more precise than the device pretends to be. */
function round(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}
