/**
 * The model status line both views show (browser): which model, whether it is loading (with a
 * progress bar when the host knows how far along it is), ready, or failed.
 */
import type { ModelStatus } from '../../src/protocol/webviewApi';
import { el, replaceChildren } from './dom';

const STATE_LABEL: Readonly<Record<ModelStatus['state'], string>> = {
  idle: 'Not loaded',
  loading: 'Loading',
  ready: 'Ready',
  error: 'Error',
};

export class StatusLine {
  readonly element = el('div', { className: 'status', attrs: { role: 'status', 'data-state': 'none' } }, 'No model status yet.');

  update(status: ModelStatus): void {
    this.element.dataset.state = status.state;
    const kind = status.kind ? ` (${status.kind})` : '';
    const parts = [
      el('span', { className: 'status-state' }, STATE_LABEL[status.state]),
      el('span', { className: 'status-model' }, `${status.model}${kind}`),
      status.detail ? el('span', { className: 'status-detail' }, status.detail) : null,
    ];
    let bar: HTMLProgressElement | null = null;
    if (status.state === 'loading') {
      bar = el('progress', { className: 'status-progress', attrs: { 'aria-label': 'Model loading progress', max: '1' } });
      // No value attribute = an indeterminate bar.
      if (status.progress !== null) bar.value = status.progress;
    }
    replaceChildren(this.element, ...parts, bar);
  }
}
