/**
 * The caption under a next-token heading (browser; the panel's Predictions tab and the side view):
 * the list is what the model predicts comes after the analyzed text, not a reading of its last
 * token (a file ending in a newline showed "newline 99 %", and people read it as one).
 */
import { el } from './dom';
import { t } from './l10n';

export function afterText(): HTMLElement {
  return el('p', { className: 'help nt-after' }, t('Predicted to come after the analyzed text (not a judgement of its last token).'));
}
