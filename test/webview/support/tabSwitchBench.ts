/**
 * Tab switches in the Attention tab (plain Node driving a page; webviewBench.ts calls it on a page
 * whose matrix has just painted, every request served in the page by the worker's serveView): the
 * time from a click on a view's tab to the frame after that view's paint (or, when it does not paint
 * again, to the second frame after the click), whether it painted again, and the worker's time in it.
 * Switching to a view not drawn yet asks for its data; switching back to one drawn for the same
 * choice should ask nothing and paint nothing.
 */
import type { Page } from 'playwright-core';
import { VIEW_SELECTOR } from './benchAnalysis';

export interface TabSwitch {
  readonly to: string;
  readonly ms: number;
  readonly painted: boolean;
  readonly serveMs: number;
}

/** Clicks the Heads, Matrix and Heads tabs in turn on `page`, timing each switch. */
export async function tabSwitches(page: Page): Promise<TabSwitch[]> {
  const out: TabSwitch[] = [];
  for (const to of ['heads', 'matrix', 'heads'] as const) {
    out.push(
      await page.evaluate(
        async ([tab, selector]) => {
          // No named function in here: the bundler's name helper does not exist in the page.
          const view = document.querySelector<HTMLElement>(selector);
          const worker = (window as unknown as { __lensWorker: { spent: number } }).__lensWorker;
          const [before, served] = [Number(view?.dataset.paints ?? 0), worker.spent];
          const start = performance.now();
          document.querySelector<HTMLElement>(`.attention-tab [role=tab][data-tab="${tab}"]`)!.click();
          // A view asked for data paints once its reply is drawn; one that asks nothing has two frames to show it would.
          let painted = false;
          for (let n = 0; !painted && (n < 2 || worker.spent > served) && performance.now() - start < 20_000; n++) {
            await new Promise((resolve) => requestAnimationFrame(resolve));
            painted = Number(document.querySelector<HTMLElement>(selector)?.dataset.paints ?? 0) > before;
          }
          if (painted) await new Promise((resolve) => requestAnimationFrame(resolve));
          return { to: tab, ms: performance.now() - start, painted, serveMs: worker.spent - served };
        },
        [to, VIEW_SELECTOR[to]] as const,
      ),
    );
  }
  return out;
}
