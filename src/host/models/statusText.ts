/**
 * What the status bar item says (extension host, free of `vscode` so that it is unit-tested in
 * Node): the model and its state as the item's text, with a codicon, and its tooltip.
 */
import type { ModelStatus } from '../../protocol/webviewApi';
import { neutralise, neutralLabel, neutralName } from '../../protocol/neutralise';
import { formatWholePercent, t } from '../l10n';
import { kindLabel } from './modelCatalog';

/**
 * A model's name (a hub id, a folder's base name) as a label shows it (the status bar, Select
 * Model): neutralised as a name, a newline in a folder's name written \x0A (as a space it would
 * read as another folder's name), and a "$(" in it kept text. Idempotent, within 120 characters.
 */
export const shownModel = (model: string): string => neutralLabel(neutralName(model, 120), 120);

const modelName = (status: ModelStatus): string => shownModel(status.model);

export function statusText(status: ModelStatus): string {
  switch (status.state) {
    case 'loading':
      return `$(sync~spin) ${modelName(status)}${status.progress !== null && status.progress > 0 ? ` ${formatWholePercent(status.progress)}` : ''}`;
    case 'error':
      return `$(error) ${modelName(status)}`;
    default:
      return `$(telescope) ${modelName(status)}`;
  }
}

function stateLabel(state: ModelStatus['state']): string {
  switch (state) {
    case 'idle':
      return t('idle');
    case 'loading':
      return t('loading');
    case 'ready':
      return t('ready');
    case 'error':
      return t('error');
  }
}

/**
 * The item's tooltip: the model, its kind and state, and the detail — an engine error that may quote
 * a model's files, a folder or a server, neutralised like every other sink. A tooltip renders no
 * "$(icon)", so the name needs no guard (its zero-width space would be one more hidden character).
 */
export function statusTooltip(status: ModelStatus): string {
  const name = neutralName(status.model, 120);
  const detail = neutralise(status.detail);
  return status.kind
    ? t('Attention Lens — {0} ({1}): {2}, {3}. Click to choose a model.', name, kindLabel(status.kind), stateLabel(status.state), detail)
    : t('Attention Lens — {0}: {1}, {2}. Click to choose a model.', name, stateLabel(status.state), detail);
}
