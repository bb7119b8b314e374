/**
 * A horizontal bar chart as inline SVG, for the public results page: one bar per answer, its
 * count written after it, "fewer than 5" (no bar) for a hidden cell. Mirrored for right-to-left
 * languages (labels on the right, bars growing leftwards).
 *
 * Accessibility: the chart is decoration over the data table that always follows it, so the SVG
 * is `aria-hidden="true"` (and `focusable="false"`) and the table (caption, `th scope`) is the
 * accessible alternative. A `role="img"` chart with a label would make screen readers announce
 * the same figures twice (once as a summary, once as the table), and a label long enough to hold
 * every figure is worse than a table to navigate; with the chart hidden, axe has nothing to ask
 * of it and the table is read exactly once, cell by cell, with its headers.
 */
import { html, type Html } from './html';

export interface Bar {
  label: string;
  /** null: hidden (fewer than 5 people). */
  count: number | null;
  /** What is written after the bar (the formatted count and share, or "fewer than 5"). */
  text: string;
}

const WIDTH = 640;
const LABEL_WIDTH = 250;
const VALUE_ROOM = 130;
const ROW = 30;
const BAR = 18;
const MAX_LABEL_CHARS = 34;

const clip = (s: string): string => (s.length > MAX_LABEL_CHARS ? `${s.slice(0, MAX_LABEL_CHARS - 1)}…` : s);

/** The chart for `bars`; `rtl` mirrors it. */
export function barChartSvg(bars: readonly Bar[], rtl: boolean): Html {
  const height = bars.length * ROW + 4;
  const max = Math.max(1, ...bars.map((b) => b.count ?? 0));
  const room = WIDTH - LABEL_WIDTH - VALUE_ROOM;
  // x as measured from the reading start (left in LTR, right in RTL).
  const x = (fromStart: number): number => (rtl ? WIDTH - fromStart : fromStart);
  const rows = bars.map((b, i) => {
    const y = i * ROW + 2;
    const w = b.count === null ? 0 : Math.round((b.count / max) * room);
    const textY = y + BAR / 2 + 5;
    const rectX = rtl ? WIDTH - LABEL_WIDTH - w : LABEL_WIDTH;
    return html`<g><text x="${x(LABEL_WIDTH - 8)}" y="${textY}" text-anchor="${rtl ? 'start' : 'end'}" class="chart-label">${clip(b.label)}</text>${
      w > 0 ? html`<rect x="${rectX}" y="${y}" width="${w}" height="${BAR}" class="chart-bar"></rect>` : ''
    }<text x="${x(LABEL_WIDTH + w + 6)}" y="${textY}" text-anchor="${rtl ? 'end' : 'start'}" class="chart-value${b.count === null ? ' chart-hidden' : ''}">${b.text}</text></g>`;
  });
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" aria-hidden="true" focusable="false" direction="ltr">${rows}</svg>`;
}
