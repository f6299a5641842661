/**
 * The model status line both views show (browser): which model, whether it is loading (with a
 * progress bar when the host knows how far along it is), ready, or failed. With a label (the
 * panel's "Engine") it says what it is about: the engine's model and its last run, apart from the
 * analysis the panel shows.
 */
import type { ModelKind } from '../../src/protocol/analysis';
import type { ModelStatus } from '../../src/protocol/webviewApi';
import { el, replaceChildren } from './dom';
import { NEUTRAL_MAX } from '../../src/protocol/neutralise';
import { TEXT_MAX, visibleText } from './format';
import { t } from './l10n';

const STATE_LABEL: Readonly<Record<ModelStatus['state'], () => string>> = {
  idle: () => t('Not loaded'),
  loading: () => t('Loading'),
  ready: () => t('Ready'),
  error: () => t('Error'),
};

/** A model kind as a word of the page's language. */
export function kindName(kind: ModelKind): string {
  return kind === 'encoder' ? t('encoder') : t('decoder');
}

export class StatusLine {
  readonly element = el('div', { className: 'status', attrs: { role: 'status', 'data-state': 'none' } }, t('No model status yet.'));
  /** The words the line says now (state, model, detail), to draw them only when they change. */
  private shownWords = '';

  /** `label` names what the line describes ('' for none). */
  constructor(private readonly label = '') {
    if (label) replaceChildren(this.element, el('span', { className: 'status-label' }, label), t('No model status yet.'));
  }

  /**
   * `shown`: the model and kind of the analysis the page shows, when it has one. At rest the status
   * is the model Analyze Selection uses; beside an analysis of another model (a course unit, a Mask
   * Word, a comparison) its "Not loaded" must not read as the shown analysis's model, so the line
   * first says the shown analysis's model and whether the engine still holds it, then the default's.
   */
  update(status: ModelStatus, shown: ShownModel | null = null): void {
    this.element.dataset.state = status.state;
    const bar = this.element.querySelector('progress');
    const atRest = status.state === 'idle' || status.state === 'ready';
    // A model's name is a setting's, a folder's or a hub id; the detail an engine error quoting a model's files: foreign text.
    const name = visibleText(status.model, TEXT_MAX);
    const named = status.kind ? t('{0} ({1})', name, kindName(status.kind)) : name;
    const other = atRest && status.kind && shown && (shown.kind !== status.kind || shown.id !== status.model) ? shown : null;
    const model = other ? t('{0}, the model Analyze Selection uses', named) : named;
    // With a label, a ready model's detail is its last run (its token count is not the shown analysis's).
    const said = visibleText(status.detail, NEUTRAL_MAX);
    const detail = said && this.label && status.state === 'ready' ? t('last run: {0}', said) : said;
    const held = other && status.loaded ? status.loaded.includes(other.id) : null;
    const first = other ? shownModelWords(other, held) : '';
    // The line is a live region: the same words drawn again are said again. A loading bar's tick, the
    // same status posted twice or re-drawn for a new analysis changes only the bar.
    const words = JSON.stringify([first, status.state, model, detail]);
    if (words === this.shownWords && (status.state === 'loading') === (bar !== null)) {
      if (bar) setProgress(bar, status.progress);
      return;
    }
    this.shownWords = words;
    const parts = [
      this.label ? el('span', { className: 'status-label' }, this.label) : null,
      first ? el('span', { className: 'status-shown', attrs: { 'data-loaded': String(held) } }, first) : null,
      el('span', { className: 'status-state' }, STATE_LABEL[status.state]()),
      el('span', { className: 'status-model' }, model),
      detail ? el('span', { className: 'status-detail' }, detail) : null,
    ];
    let progress: HTMLProgressElement | null = null;
    if (status.state === 'loading') {
      progress = el('progress', { className: 'status-progress', attrs: { 'aria-label': t('Model loading progress'), max: '1' } });
      setProgress(progress, status.progress);
    }
    replaceChildren(this.element, ...parts, progress);
  }
}

/** The model of the analysis a page shows (its `model.id`, the name the status's `loaded` uses). */
export interface ShownModel {
  readonly id: string;
  readonly kind: ModelKind;
}

/** What the line says first of the shown analysis's model: its name, its kind, and whether it is loaded (null: not known). */
function shownModelWords(shown: ShownModel, loaded: boolean | null): string {
  const named = t('{0} ({1})', visibleText(shown.id, TEXT_MAX), kindName(shown.kind));
  if (loaded === null) return t('Analysis shown: {0}.', named);
  return loaded ? t('Analysis shown: {0}, loaded.', named) : t('Analysis shown: {0}, no longer loaded.', named);
}

/** A progress bar's value; null makes it indeterminate (no value attribute). */
function setProgress(bar: HTMLProgressElement, progress: number | null): void {
  if (progress === null) bar.removeAttribute('value');
  else bar.value = progress;
}
