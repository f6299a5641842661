/**
 * The status bar item (extension host): the model and its state — loading with progress, ready,
 * error — and a click that opens Select Model.
 */
import * as vscode from 'vscode';
import type { ModelStatus } from '../../protocol/webviewApi';
import { COMMANDS } from '../commands';

function statusText(status: ModelStatus): string {
  switch (status.state) {
    case 'loading':
      return `$(sync~spin) ${status.model}${status.progress !== null && status.progress > 0 ? ` ${Math.round(status.progress * 100)}%` : ''}`;
    case 'error':
      return `$(error) ${status.model}`;
    default:
      return `$(telescope) ${status.model}`;
  }
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('attentionLens.model', vscode.StatusBarAlignment.Right, 100);

  constructor(status: ModelStatus) {
    this.item.name = 'Attention Lens model';
    this.item.command = COMMANDS.selectModel;
    this.update(status);
    this.item.show();
  }

  update(status: ModelStatus): void {
    this.item.text = statusText(status);
    const kind = status.kind ? ` (${status.kind})` : '';
    this.item.tooltip = `Attention Lens — ${status.model}${kind}: ${status.state}, ${status.detail}. Click to choose a model.`;
    this.item.backgroundColor = status.state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
