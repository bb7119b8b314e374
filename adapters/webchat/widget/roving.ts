/**
 * Roving tabindex for a group of option buttons (WAI-ARIA Authoring Practices, radio group and
 * toolbar patterns): the group is one Tab stop; the arrow keys move between its options,
 * wrapping at either end, Home and End go to the first and last. Up and Down are previous and
 * next; Left and Right follow the writing direction (mirrored right to left). Hand-written:
 * a few lines, and the widget takes no dependencies.
 */

/** Key to step, left to right; Right and Left swap in a right-to-left group. */
const STEPS: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, ArrowLeft: -1, ArrowRight: 1 };

/**
 * Makes `items` (inside `group`) one Tab stop, starting on `items[start]`; the Tab stop follows
 * focus (mouse clicks included). `moved` runs after an arrow key moved focus to an option.
 */
export function rove(group: HTMLElement, items: readonly HTMLElement[], start: number, moved?: (item: HTMLElement) => void): void {
  const stop = (item: HTMLElement | undefined): void => {
    for (const b of items) b.tabIndex = b === item ? 0 : -1;
  };
  stop(items[start] ?? items[0]);
  group.addEventListener('focusin', (e) => {
    if (items.includes(e.target as HTMLElement)) stop(e.target as HTMLElement);
  });
  group.addEventListener('keydown', (e) => {
    const at = items.indexOf(e.target as HTMLElement);
    if (at < 0 || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const n = items.length;
    const rtl = /Left|Right/.test(e.key) && getComputedStyle(group).direction === 'rtl';
    const step = STEPS[e.key];
    const to = e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : step === undefined ? -1 : (at + (rtl ? -step : step) + n) % n;
    const item = items[to];
    if (!item) return;
    e.preventDefault();
    stop(item);
    item.focus();
    moved?.(item);
  });
}
