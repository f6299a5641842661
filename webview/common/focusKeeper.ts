/**
 * The keyboard focus through a re-render (browser). A view that draws its part of the page again
 * removes or moves the element that had the focus, and the browser then gives the focus to the
 * page's <body>: a keyboard or screen-reader user has to start again from the top. `keepingFocus`
 * runs the render and, when the focus was inside `root` and is gone from it, gives it back to the
 * same element if the render put it back in `root`, else to the element now in its place — the
 * one of the same kind (tag and first class) at the same position among those of its kind, else
 * to what the caller names (a heading, where a screen reader goes on reading).
 *
 *   keepingFocus(this.element, () => replaceChildren(this.element, ...parts));
 */

/** Runs `render`, keeping the focus in `root` if it was there; `otherwise` names where it goes when nothing of its kind is left. */
export function keepingFocus(root: HTMLElement, render: () => void, otherwise: () => HTMLElement | null = () => null): void {
  const had = document.activeElement;
  if (!(had instanceof HTMLElement) || !root.contains(had)) {
    render();
    return;
  }
  // The first class names the kind: the others say a state that the render may change ("current").
  // Only what is rendered counts: a hidden element cannot keep the focus (the browser drops it later).
  const shows = (e: Element | null): e is HTMLElement => e instanceof HTMLElement && e.isConnected && e.getClientRects().length > 0;
  const kindOf = (e: Element): string => `${e.tagName}.${e.classList[0] ?? ''}`;
  const kind = kindOf(had);
  const ofKind = (): HTMLElement[] => Array.from(root.querySelectorAll<HTMLElement>(had.tagName)).filter((e) => kindOf(e) === kind && shows(e));
  const at = ofKind().indexOf(had);
  render();
  const active = document.activeElement;
  if (active && root.contains(active) && shows(active)) return;
  const now = ofKind();
  for (const next of [root.contains(had) ? had : null, now[at], now[now.length - 1], otherwise()]) {
    if (!shows(next)) continue;
    next.focus();
    if (document.activeElement === next) return;
  }
}
