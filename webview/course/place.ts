/**
 * Where in the panel a course unit's view is (browser; pure). A unit names a view (pack.ts
 * COURSE_VIEWS); the panel's tabs are the registry's (src/protocol/panelTabs.ts), and the Attention
 * tab has views of its own. A view that is a tab of the registry opens that tab, so a tab added
 * there is found with no change here; the token strip ('tokens') and a view the panel lacks open
 * the matrix.
 *
 *   placeOf('heads')   // { tab: 'attention', view: 'heads' }
 *   placeOf('bert')    // { tab: 'bert' }
 */
import { PANEL_TABS, type PanelTabId } from '../../src/protocol/panelTabs';

export interface PanelPlace {
  /** A tab of the panel. */
  readonly tab: PanelTabId;
  /** A view of the Attention tab, when `tab` is 'attention'. */
  readonly view?: string;
}

const ATTENTION_VIEWS = new Set(['matrix', 'heads', 'model']);

export function placeOf(view: string): PanelPlace {
  if (ATTENTION_VIEWS.has(view)) return { tab: 'attention', view };
  const tab = PANEL_TABS.find((t) => t.id === view);
  return tab ? { tab: tab.id } : { tab: 'attention', view: 'matrix' };
}
