/**
 * Where in the panel a course unit's view is (browser; pure). A unit names a view (pack.ts
 * COURSE_VIEWS); the panel has tabs, and the Attention tab has views of its own. A view that is a
 * panel tab of the same id opens that tab — so a tab added later (such as "bert") is found with no
 * change to the course — and a view the panel lacks opens the closest one it has.
 *
 *   placeOf('heads', (id) => tabs.has(id))   // { tab: 'attention', view: 'heads' }
 *   placeOf('bert', () => false)             // { tab: 'attention', view: 'matrix' } until a BERT tab exists
 */

export interface PanelPlace {
  /** A tab of the panel. */
  readonly tab: string;
  /** A view of the Attention tab, when `tab` is 'attention'. */
  readonly view?: string;
}

const ATTENTION_VIEWS = new Set(['matrix', 'heads', 'model']);

/** Views that are not panel tabs of their own, and where they fall back to, closest first. */
const CLOSEST: Readonly<Record<string, readonly PanelPlace[]>> = {
  tokens: [{ tab: 'attention', view: 'matrix' }],
  // Next sentence and positions: until the panel has a BERT tab, the attention of the pair's text.
  bert: [{ tab: 'attention', view: 'matrix' }],
};

export function placeOf(view: string, hasTab: (id: string) => boolean): PanelPlace {
  if (ATTENTION_VIEWS.has(view)) return { tab: 'attention', view };
  if (hasTab(view)) return { tab: view };
  return (CLOSEST[view] ?? []).find((p) => hasTab(p.tab)) ?? { tab: 'attention', view: 'matrix' };
}
