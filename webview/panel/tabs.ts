/**
 * A tab switcher (browser), the WAI-ARIA tabs pattern: a `tablist` of `tab` buttons, one
 * `tabpanel` each, one Tab stop on the selected tab; Left/Right move and select (wrapping),
 * Home/End go to the ends, Enter/Space select; a tab selected while the panel it hides has the
 * focus takes it. The panel's views live behind two of these (the tabs, and the Attention tab's
 * views); adding a view to either is one `add` call.
 *
 *   const tabs = new Tabs('panel-tab', t('Views'), (id, byReader) => save({ tab: id }));
 *   tabs.add({ id: 'compare', label: t('Compare'), content: compare.element, onShow: () => compare.draw() });
 *   tabs.select('compare');
 */
import { el, replaceChildren } from '../common/dom';

export interface TabSpec {
  /** Stable: saved with setState and used in element ids. */
  readonly id: string;
  readonly label: string;
  readonly content: HTMLElement;
  /** The tab became visible (a view that waits until it is seen asks for its data now). */
  onShow?(): void;
  /** The tab was hidden (another was selected). */
  onHide?(): void;
}

interface Tab {
  readonly spec: TabSpec;
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
}

export class Tabs {
  readonly list: HTMLElement;
  /** The tab panels, one shown at a time. */
  readonly panels = el('div', { className: 'tab-panels' });
  private readonly tabs: Tab[] = [];
  private current: Tab | null = null;

  /** `prefix` makes the element ids unique on the page; `onSelect` hears every change (by the reader or not). */
  constructor(
    private readonly prefix: string,
    label: string,
    private readonly onSelect: (id: string, byReader: boolean) => void = () => undefined,
  ) {
    this.list = el('div', { className: 'tab-list', attrs: { role: 'tablist', 'aria-label': label } });
    this.list.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** Adds a tab at the end; the first one added is selected. */
  add(spec: TabSpec): void {
    const id = `${this.prefix}-${spec.id}`;
    const button = el(
      'button',
      {
        className: 'tab',
        attrs: { type: 'button', role: 'tab', id, 'aria-controls': `${id}-panel`, 'aria-selected': 'false', tabindex: '-1', 'data-tab': spec.id },
      },
      spec.label,
    );
    const panel = el(
      'div',
      { className: 'tab-panel', attrs: { role: 'tabpanel', id: `${id}-panel`, 'aria-labelledby': id, 'data-tab': spec.id } },
      spec.content,
    );
    panel.hidden = true;
    const tab = { spec, button, panel };
    button.addEventListener('click', () => this.show(tab, false, true));
    this.tabs.push(tab);
    this.list.append(button);
    this.panels.append(panel);
    if (!this.current) this.show(tab, false, false);
  }

  /** The selected tab's id. */
  get selected(): string {
    return this.current?.spec.id ?? '';
  }

  /** The tab panel of `id` (the element that scrolls, for the panel's tabs). */
  panel(id: string): HTMLElement | null {
    return this.tabs.find((t) => t.spec.id === id)?.panel ?? null;
  }

  /** Selects a tab by id (unknown ids are ignored); with `focus`, its tab button takes the keyboard focus. */
  select(id: string, focus = false): void {
    const tab = this.tabs.find((t) => t.spec.id === id);
    if (tab) this.show(tab, focus, false);
  }

  /** Removes every tab (tests and a page that rebuilds). */
  clear(): void {
    this.tabs.length = 0;
    this.current = null;
    replaceChildren(this.list);
    replaceChildren(this.panels);
  }

  private show(tab: Tab, focus: boolean, byReader: boolean): void {
    const previous = this.current;
    const changed = tab !== previous;
    // The panel about to hide has the focus (the host brought another tab forward): it goes to the
    // tab now selected, not to the page's body.
    focus ||= changed && Boolean(previous?.panel.contains(document.activeElement));
    this.current = tab;
    for (const t of this.tabs) {
      const on = t === tab;
      t.button.setAttribute('aria-selected', String(on));
      t.button.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
    }
    if (focus) tab.button.focus();
    if (!changed) return;
    previous?.spec.onHide?.();
    tab.spec.onShow?.();
    this.onSelect(tab.spec.id, byReader);
  }

  private onKey(e: KeyboardEvent): void {
    const at = this.tabs.findIndex((t) => t.button === e.target);
    if (at < 0) return;
    const n = this.tabs.length;
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: n - 1 };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.show(this.tabs[at], true, true);
      return;
    }
    if (!(e.key in moves)) return;
    e.preventDefault();
    // Selection follows focus, wrapping at the ends.
    this.show(this.tabs[(moves[e.key] + n) % n], true, true);
  }
}
