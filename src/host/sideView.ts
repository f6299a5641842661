/**
 * The side view in the activity bar (extension host): the current model and its state, and a
 * compact summary of the last analysis, with buttons that run commands. It never receives
 * matrices; the panel does.
 */
import * as vscode from 'vscode';
import type { AnalysisSummary, ModelStatus } from '../protocol/webviewApi';
import { COMMANDS } from './commands';
import { WebviewConnection, type ConnectionOptions } from './webviewConnection';

export interface SideViewHost extends ConnectionOptions {
  status(): ModelStatus;
  summary(): AnalysisSummary | null;
}

export class SideView implements vscode.WebviewViewProvider, vscode.Disposable {
  private connection: WebviewConnection | null = null;

  constructor(private readonly host: SideViewHost) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const connection = new WebviewConnection(view.webview, 'side', this.host);
    this.connection = connection;
    connection.on('ready', () => {
      connection.post('status', this.host.status());
      connection.post('summary', this.host.summary());
    });
    connection.on('command', ({ command }) => void vscode.commands.executeCommand(COMMANDS[command]));
    view.onDidDispose(() => {
      connection.dispose();
      if (this.connection === connection) this.connection = null;
    });
  }

  postStatus(status: ModelStatus): void {
    this.connection?.post('status', status);
  }

  postSummary(summary: AnalysisSummary | null): void {
    this.connection?.post('summary', summary);
  }

  dispose(): void {
    this.connection?.dispose();
  }
}
