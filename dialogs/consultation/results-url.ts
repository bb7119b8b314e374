/**
 * Where a consultation's public results page is (served by results/public-routes.ts): the chat
 * links to it after a response, and Slack's `/wegov results <id>` links to it for staff.
 */
export function resultsPageUrl(publicUrl: string, consultationId: string): string {
  // Trailing slashes trimmed without a regular expression (/\/+$/ backtracks quadratically).
  let end = publicUrl.length;
  while (end > 0 && publicUrl[end - 1] === '/') end -= 1;
  return `${publicUrl.slice(0, end)}/consultations/${encodeURIComponent(consultationId)}`;
}
