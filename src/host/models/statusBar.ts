/**
 * The status bar item (extension host): the model and its state — loading with progress, ready,
 * error — and a click that opens Select Model.
 */
import * as vscode from 'vscode';
import type { ModelStatus } from '../../protocol/webviewApi';
import { neutralLabel } from '../../protocol/neutralise';
import { COMMANDS } from '../commands';
import { formatWholePercent, t } from '../l10n';
import { kindLabel } from './modelCatalog';

/** The model's name as a setting or a folder gave it: neutralised, and a "$(" in it stays text. */
const modelName = (status: ModelStatus): string => neutralLabel(status.model, 120);

function statusText(status: ModelStatus): string {
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

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('attentionLens.model', vscode.StatusBarAlignment.Right, 100);

  constructor(status: ModelStatus) {
    this.item.command = COMMANDS.selectModel;
    this.update(status);
    this.item.show();
  }

  update(status: ModelStatus): void {
    this.item.name = t('Attention Lens model');
    this.item.text = statusText(status);
    this.item.tooltip = status.kind
      ? t('Attention Lens — {0} ({1}): {2}, {3}. Click to choose a model.', modelName(status), kindLabel(status.kind), stateLabel(status.state), status.detail)
      : t('Attention Lens — {0}: {1}, {2}. Click to choose a model.', modelName(status), stateLabel(status.state), status.detail);
    this.item.backgroundColor = status.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
