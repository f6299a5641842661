/**
 * The model status line both views show (browser): which model, whether it is loading (with a
 * progress bar when the host knows how far along it is), ready, or failed. With a label (the
 * panel's "Engine") it says what it is about: the engine's model and its last run, apart from the
 * analysis the panel shows. Each model it speaks of is one item, always in one order: its role
 * (only when there are two), its name, its state, the detail — "Analysis shown: tiny-bert-es-en
 * (encoder) Loaded" | "Analyze Selection uses: tiny-gpt-es-en (decoder) Not loaded …"; the CSS
 * (base.css) sets the label and the items apart.
 */
import type { ModelKind } from '../../src/protocol/analysis';
import type { ModelStatus } from '../../src/protocol/webviewApi';
import { el, replaceChildren, type Child } from './dom';
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
   * first says the shown analysis's model and whether the engine still holds it, then, as an item of
   * its own, the default's.
   */
  update(status: ModelStatus, shown: ShownModel | null = null): void {
    this.element.dataset.state = status.state;
    const bar = this.element.querySelector('progress');
    const atRest = status.state === 'idle' || status.state === 'ready';
    // A model's name is a setting's, a folder's or a hub id; the detail an engine error quoting a model's files: foreign text.
    const model = modelName(status.model, status.kind);
    const other = atRest && status.kind && shown && (shown.kind !== status.kind || shown.id !== status.model) ? shown : null;
    // With a label, a ready model's detail is its last run (its token count is not the shown analysis's).
    const said = visibleText(status.detail, NEUTRAL_MAX);
    const detail = said && this.label && status.state === 'ready' ? t('last run: {0}', said) : said;
    const held = other && status.loaded ? status.loaded.includes(other.id) : null;
    // The line is a live region: the same words drawn again are said again. A loading bar's tick, the
    // same status posted twice or re-drawn for a new analysis changes only the bar.
    const words = JSON.stringify([other?.id, other?.kind, held, status.state, model, detail]);
    if (words === this.shownWords && (status.state === 'loading') === (bar !== null)) {
      if (bar) setProgress(bar, status.progress);
      return;
    }
    this.shownWords = words;
    let progress: HTMLProgressElement | null = null;
    if (status.state === 'loading') {
      progress = el('progress', { className: 'status-progress', attrs: { 'aria-label': t('Model loading progress'), max: '1' } });
      setProgress(progress, status.progress);
    }
    // Each model is one item, said in one order: its role (when there are two), its name, its state, the detail.
    const engine = item(
      'status-engine',
      other ? t('Analyze Selection uses:') : '',
      model,
      el('span', { className: 'status-state' }, STATE_LABEL[status.state]()),
      progress,
      detail ? el('span', { className: 'status-detail' }, detail) : null,
    );
    replaceChildren(
      this.element,
      this.label ? el('span', { className: 'status-label' }, this.label) : null,
      el('span', { className: 'status-items' }, other ? shownItem(other, held) : null, engine),
    );
  }
}

/** The model of the analysis a page shows (its `model.id`, the name the status's `loaded` uses). */
export interface ShownModel {
  readonly id: string;
  readonly kind: ModelKind;
}

/** A model's name (neutralised) and kind, as the line writes it. */
function modelName(id: string, kind: ModelKind | null | undefined): string {
  const name = visibleText(id, TEXT_MAX);
  return kind ? t('{0} ({1})', name, kindName(kind)) : name;
}

/** One model's item: its role ('' for none), its name, then what is said of it. */
function item(className: string, role: string, model: string, ...facts: Child[]): HTMLElement {
  return el(
    'span',
    { className: `status-item ${className}` },
    role ? el('span', { className: 'status-role' }, role) : null,
    el('span', { className: 'status-model' }, model),
    ...facts,
  );
}

/** The shown analysis's model, and whether the engine holds it (null: not known, nothing said). */
function shownItem(shown: ShownModel, loaded: boolean | null): HTMLElement {
  const state = loaded === null ? null : el('span', { className: 'status-held' }, loaded ? t('Loaded') : t('No longer loaded'));
  const element = item('status-shown', t('Analysis shown:'), modelName(shown.id, shown.kind), state);
  element.dataset.loaded = String(loaded);
  return element;
}

/** A progress bar's value; null makes it indeterminate (no value attribute). */
function setProgress(bar: HTMLProgressElement, progress: number | null): void {
  if (progress === null) bar.removeAttribute('value');
  else bar.value = progress;
}
