/**
 * The side view in the activity bar (extension host): the current model and its state, and a
 * compact summary of the last analysis, with buttons that run commands. It never receives
 * matrices; the panel does.
 */
import * as vscode from 'vscode';
import type { ModelKind } from '../../protocol/analysis';
import type { AnalysisSummary, HostToWebview, ModelStatus } from '../../protocol/webviewApi';
import { COMMANDS } from '../commands';
import { WebviewConnection, type ConnectionOptions } from './webviewConnection';

export interface SideViewHost extends ConnectionOptions {
  status(): ModelStatus;
  summary(): AnalysisSummary | null;
}

export class SideView implements vscode.WebviewViewProvider, vscode.Disposable {
  private connection: WebviewConnection | null = null;
  /** The editor features' last side-view messages (spotlight list, surprisal legend), replayed when the page starts. */
  private readonly extras: {
    spotlight: HostToWebview['spotlight'];
    legend: HostToWebview['legend'];
    settling: HostToWebview['settling'];
    scale: HostToWebview['scale'];
  } = {
    spotlight: null,
    legend: null,
    settling: null,
    scale: null,
  };

  constructor(private readonly host: SideViewHost) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const connection = new WebviewConnection(view.webview, 'side', this.host);
    this.connection = connection;
    connection.on('ready', () => {
      connection.post('status', this.host.status());
      connection.post('summary', this.host.summary());
      connection.post('spotlight', this.extras.spotlight);
      connection.post('legend', this.extras.legend);
      connection.post('settling', this.extras.settling);
      connection.post('scale', this.extras.scale);
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

  post<K extends 'spotlight' | 'legend' | 'settling' | 'scale'>(method: K, params: HostToWebview[K]): void {
    (this.extras as Record<K, HostToWebview[K]>)[method] = params;
    this.connection?.post(method, params);
  }

  /** `kind`'s model changed: its scale section describes the previous model, so it goes (and is not replayed). */
  modelChanged(kind: ModelKind): void {
    if (this.extras.scale?.kind === kind) this.post('scale', null);
  }

  dispose(): void {
    this.connection?.dispose();
  }
}
