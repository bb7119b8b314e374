/**
 * Where a consultation's public results page is (served by results/public-routes.ts): the chat
 * links to it after a response, and Slack's `/wegov results <id>` links to it for staff.
 */
export function resultsPageUrl(publicUrl: string, consultationId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/consultations/${encodeURIComponent(consultationId)}`;
}
