/**
 * Where each tab of the panel is scrolled, and the page itself (a short panel scrolls as a whole)
 * (browser): reported as the reader scrolls (at most every 200 ms, for setState), and put back when
 * a hidden panel's page shows the same analysis again. A tab's content grows as its views' replies
 * arrive, so a restored offset is applied again as the content grows, until it holds or the reader
 * scrolls.
 */

export class ScrollKeeper {
  private readonly scrollers = new Map<string, Element>();
  private readonly offsets: Record<string, number> = {};
  private pending: Record<string, number> = {};
  private timer = 0;
  /** Offsets being put back: their own scroll events are not the reader's. */
  private restoring = false;

  constructor(private readonly onChange: (scroll: Record<string, number>) => void) {}

  /** Follows the scroll offset of tab `id`'s scrolling element (the document's: the page's). */
  watch(id: string, scroller: Element | null): void {
    if (!scroller) return;
    this.scrollers.set(id, scroller);
    // The document's scrolling element has its scroll events sent to the document, not to itself.
    (scroller === document.scrollingElement ? document : scroller).addEventListener(
      'scroll',
      () => {
        if (this.restoring) return;
        delete this.pending[id];
        this.offsets[id] = Math.round(scroller.scrollTop);
        this.report();
      },
      { passive: true },
    );
    const observer = new ResizeObserver(() => this.apply());
    observer.observe(scroller);
    for (const child of scroller.children) observer.observe(child);
  }

  /** Puts the tabs back where `scroll` says, now and as their content grows. */
  restore(scroll: Readonly<Record<string, number>>): void {
    this.pending = { ...scroll };
    Object.assign(this.offsets, scroll);
    this.apply();
  }

  /** Another analysis: every tab from the top. */
  reset(): void {
    this.pending = {};
    this.restoring = true;
    for (const [id, scroller] of this.scrollers) {
      // A tab known to be at the top is left alone: writing scrollTop lays out the page there and then.
      if (this.offsets[id]) scroller.scrollTop = 0;
      this.offsets[id] = 0;
    }
    this.restoring = false;
    this.report();
  }

  private apply(): void {
    this.restoring = true;
    for (const [id, top] of Object.entries(this.pending)) {
      const scroller = this.scrollers.get(id);
      if (!scroller) continue;
      scroller.scrollTop = top;
      if (Math.abs(scroller.scrollTop - top) < 1) delete this.pending[id];
    }
    // Scroll events are dispatched on the next frame: the flag outlives them.
    requestAnimationFrame(() => requestAnimationFrame(() => (this.restoring = false)));
  }

  private report(): void {
    if (this.timer) return;
    this.timer = window.setTimeout(() => {
      this.timer = 0;
      this.onChange({ ...this.offsets });
    }, 200);
  }
}
