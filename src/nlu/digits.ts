/**
 * Digits as people type them in any of WeGov's languages, read as ASCII: Arabic-Indic (٣) and
 * Eastern Arabic-Indic (۳) digits and the Arabic decimal separator (٫). One code unit in, one
 * out, so offsets into the original text stay valid.
 */
export function westernDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066B/g, '.');
}
