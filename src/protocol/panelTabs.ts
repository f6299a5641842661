/**
 * The panel's tabs, in order (pure; all runtimes): one spec per tab, its id (saved with the page's
 * state, used in element ids, named by course units) and its label. It is the one list of them:
 * the panel (webview/panel/panelView.ts) adds a tab per spec with the view that draws it when
 * shown, the course finds a unit's tab here (webview/course/place.ts), and the tests list the tabs
 * from here. A new tab is one entry here and its view in panelView.ts.
 *
 *   PANEL_TABS.map((tab) => tab.label(t))   // ['Attention', 'Predictions', …] in the UI's language
 *   tabLabel('repr')                         // 'Representations', the English label (its l10n key)
 */
import type { Translate } from './locale';

export interface PanelTabSpec {
  /** Stable: saved with the page's state and used in element ids. */
  readonly id: string;
  /** Its label in the language `t` speaks (the webview's t(); the identity gives the English key). */
  readonly label: (t: Translate) => string;
}

export const PANEL_TABS = [
  { id: 'attention', label: (t: Translate) => t('Attention') },
  { id: 'predictions', label: (t: Translate) => t('Predictions') },
  { id: 'compare', label: (t: Translate) => t('Compare') },
  { id: 'inside', label: (t: Translate) => t('Inside') },
  { id: 'repr', label: (t: Translate) => t('Representations') },
  { id: 'bert', label: (t: Translate) => t('BERT') },
  { id: 'course', label: (t: Translate) => t('Course') },
] as const satisfies readonly PanelTabSpec[];

export type PanelTabId = (typeof PANEL_TABS)[number]['id'];

/** A tab's English label, its l10n key (the tests find tabs by it). */
export function tabLabel(id: PanelTabId): string {
  return PANEL_TABS.find((tab) => tab.id === id)!.label((key) => key);
}
