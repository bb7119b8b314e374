/** Photo types the API accepts. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Why a file cannot be sent, checked before any upload. */
export type PhotoProblem = { kind: 'type' } | { kind: 'size'; sizeMb: string };

/** Checks type and size before sending (the server checks again). */
export function checkPhoto(file: File, maxBytes: number): PhotoProblem | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return { kind: 'type' };
  if (file.size > maxBytes) return { kind: 'size', sizeMb: megabytes(file.size) };
  return null;
}

/** Bytes as megabytes with one decimal at most ("5", "6.2"). */
export function megabytes(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 10) / 10);
}

/** The file's bytes as base64 (without the data: URL prefix); null when it cannot be read. */
export function readBase64(file: File): Promise<string | null> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      const comma = url.indexOf(',');
      resolve(comma >= 0 && url.length > comma + 1 ? url.slice(comma + 1) : null);
    };
    reader.onerror = () => resolve(null);
    reader.readAsDataURL(file);
  });
}
