/**
 * The status bar item (extension host): the model and its state — loading with progress, ready,
 * error — and a click that opens Select Model.
 */
import * as vscode from 'vscode';
import type { ModelStatus } from '../../protocol/webviewApi';
import { COMMANDS } from '../commands';
import { t } from '../l10n';
import { statusText, statusTooltip } from './statusText';

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
    this.item.tooltip = statusTooltip(status);
    this.item.backgroundColor = status.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
