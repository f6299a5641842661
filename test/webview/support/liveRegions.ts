/**
 * What a screen reader would say from a page's live regions (plain Node, driving headless Chromium):
 * `listen` starts recording, per batch of mutations, the text of each visible live region they
 * touched (aria-live other than "off", or role status, alert or log); `said` returns what was
 * recorded since the last call and starts afresh.
 *
 *   await listen(v);
 *   await v.analysis(CODE);
 *   assert.equal((await said(v)).filter((s) => s.includes('main.ts')).length, 1);
 */
import type { ViewPage } from './browser';

/** Starts recording (a string, not a function, with no named functions: the page runs it as is). */
export const listen = (v: ViewPage): Promise<unknown> =>
  v.page.evaluate(`(() => {
    window.__said = [];
    function region(n) {
      for (let e = n instanceof Element ? n : n && n.parentElement; e; e = e.parentElement)
        if ((e.getAttribute('aria-live') || 'off') !== 'off' || ['status', 'alert', 'log'].includes(e.getAttribute('role') || '')) return e;
      return null;
    }
    new MutationObserver((list) => {
      const touched = new Set();
      for (const m of list) { const r = region(m.target); if (r && r.getClientRects().length > 0) touched.add(r); }
      for (const r of touched) window.__said.push(r.innerText.replace(/\\s+/g, ' ').trim());
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);

/** What was said since `listen` or the last call. */
export const said = (v: ViewPage): Promise<string[]> =>
  v.page.evaluate('(() => { const s = window.__said; window.__said = []; return s; })()') as Promise<string[]>;
