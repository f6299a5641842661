/**
 * The panel's Representations tab (browser): word senses with static vs contextual (sensesView.ts)
 * and the word-order experiment (wordOrderView.ts), each drawn from the one message the host sends
 * (SensesMessage, WordOrderMessage; reprViews.ts). It asks for nothing: before either command has
 * run it says how to start; what arrives while the tab is hidden is drawn when it is shown.
 */
import type { SensesMessage, WordOrderMessage } from '../../src/protocol/reprViews';
import { el, replaceChildren } from '../common/dom';
import { t } from '../common/l10n';
import { SensesView } from './sensesView';
import { WordOrderView } from './wordOrderView';

export interface ReprEvents {
  onRevealOccurrence(sensesId: number, occurrence: number): void;
  onShuffleAgain(wordOrderId: number): void;
}

export class ReprTab {
  readonly element = el('div', { className: 'repr-tab' });
  private readonly senses: SensesView;
  private readonly order: WordOrderView;
  /** Before any senses: the section's heading and how to start it, as the word-order section has. */
  private readonly intro = el('section', { className: 'repr-section repr-senses-intro' });
  private visible = false;
  private pending: { senses?: SensesMessage; order?: WordOrderMessage } = {};

  constructor(events: ReprEvents) {
    this.senses = new SensesView((id, i) => events.onRevealOccurrence(id, i));
    this.order = new WordOrderView((id) => events.onShuffleAgain(id));
    replaceChildren(
      this.intro,
      el('h3', {}, t('Word senses')),
      el('p', { className: 'repr-note' }, t('Put the cursor on a word and run Attention Lens: Compare Word Senses at Cursor.')),
    );
    this.senses.element.hidden = true;
    replaceChildren(this.element, this.intro, this.senses.element, this.order.element);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (!visible) return;
    const { senses, order } = this.pending;
    this.pending = {};
    if (senses) this.drawSenses(senses);
    if (order) this.order.show(order);
  }

  showSenses(message: SensesMessage): void {
    if (this.visible) this.drawSenses(message);
    else this.pending.senses = message;
  }

  showWordOrder(message: WordOrderMessage): void {
    if (this.visible) this.order.show(message);
    else this.pending.order = message;
  }

  private drawSenses(message: SensesMessage): void {
    this.intro.hidden = true;
    this.senses.element.hidden = false;
    this.senses.show(message);
  }
}
