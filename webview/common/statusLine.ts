/**
 * The model status line both views show (browser): which model, whether it is loading (with a
 * progress bar when the host knows how far along it is), ready, or failed.
 */
import type { ModelStatus } from '../../src/protocol/webviewApi';
import { el, replaceChildren } from './dom';
import { t } from './l10n';

const STATE_LABEL: Readonly<Record<ModelStatus['state'], () => string>> = {
  idle: () => t('Not loaded'),
  loading: () => t('Loading'),
  ready: () => t('Ready'),
  error: () => t('Error'),
};

export class StatusLine {
  readonly element = el('div', { className: 'status', attrs: { role: 'status', 'data-state': 'none' } }, t('No model status yet.'));

  update(status: ModelStatus): void {
    this.element.dataset.state = status.state;
    const model = status.kind === 'encoder' ? t('{0} (encoder)', status.model) : status.kind === 'decoder' ? t('{0} (decoder)', status.model) : status.model;
    const parts = [
      el('span', { className: 'status-state' }, STATE_LABEL[status.state]()),
      el('span', { className: 'status-model' }, model),
      status.detail ? el('span', { className: 'status-detail' }, status.detail) : null,
    ];
    let bar: HTMLProgressElement | null = null;
    if (status.state === 'loading') {
      bar = el('progress', { className: 'status-progress', attrs: { 'aria-label': t('Model loading progress'), max: '1' } });
      // No value attribute = an indeterminate bar.
      if (status.progress !== null) bar.value = status.progress;
    }
    replaceChildren(this.element, ...parts, bar);
  }
}
