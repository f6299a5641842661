/**
 * The analysis panel in the editor area (extension host): one webview panel, created on demand,
 * restored after a reload by its serializer, following the active editor's latest analysis. The
 * webview keeps its own layer/head choice in its state; the host replays status and analysis
 * whenever the page (re)starts, since retainContextWhenHidden stays off.
 */
import * as vscode from 'vscode';
import type { ExportFile, HostToWebview, ModelStatus } from '../../protocol/webviewApi';
import type { StoredAnalysis } from '../analyses/analyses';
import { COMMANDS, PANEL_VIEW_TYPE } from '../commands';
import { WebviewConnection, webviewOptions, type ConnectionOptions } from './webviewConnection';

export interface PanelHost extends ConnectionOptions {
  status(): ModelStatus;
  /** The analysis to show when the panel starts without one. */
  initial(): StoredAnalysis | null;
  reveal(entry: StoredAnalysis, token: number): void;
  selection(analysisId: number, layer: number, head: number | null): void;
  rendered(analysisId: number, tokens: number): void;
  /** Saves a view's export (exportFile.ts). */
  export(file: ExportFile): void;
  /** Wires the editor-first features' messages on a new page connection (panelExtras.ts). */
  extras?(connection: WebviewConnection): void;
}

export class AnalysisPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | null = null;
  private connection: WebviewConnection | null = null;
  private shown: StoredAnalysis | null = null;
  private focused: number | null = null;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly host: PanelHost) {
    this.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => this.adopt(panel),
      }),
    );
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  get current(): StoredAnalysis | null {
    return this.shown;
  }

  /** Opens (or brings forward) the panel; shows `entry` when given. */
  show(entry: StoredAnalysis | null, options: { preserveFocus?: boolean; token?: number } = {}): void {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        PANEL_VIEW_TYPE,
        'Attention Lens',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? true },
        { ...webviewOptions(this.host.extensionUri), retainContextWhenHidden: false },
      );
      this.adopt(panel);
    } else {
      this.panel.reveal(undefined, options.preserveFocus ?? true);
    }
    if (entry) this.display(entry);
    if (options.token !== undefined && this.shown) this.focus(this.shown.shown.id, options.token);
  }

  /** Shows `entry` if the panel is open (it follows the latest analysis without stealing focus). */
  update(entry: StoredAnalysis): void {
    if (this.panel) this.display(entry);
  }

  focus(analysisId: number, token: number | null): void {
    this.focused = token;
    this.connection?.post('focus', { analysisId, token });
  }

  postStatus(status: ModelStatus): void {
    this.connection?.post('status', status);
  }

  /** Handles a notification as if the panel's page had posted it (the same guards); false when no page is open. */
  fromPage(method: string, params: unknown): boolean {
    this.connection?.fromPage(method, params);
    return this.connection !== null;
  }

  /** Posts a message of the editor-first features (preview, comparison) if the page is open. */
  post<K extends 'preview' | 'comparison'>(method: K, params: HostToWebview[K]): void {
    this.connection?.post(method, params);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private display(entry: StoredAnalysis): void {
    if (this.shown !== entry) this.focused = null;
    this.shown = entry;
    this.panel!.title = `Attention Lens: ${entry.shown.document.name}`;
    this.connection?.post('analysis', entry.shown);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.host.extensionUri, 'media', 'icon.svg');
    const connection = new WebviewConnection(panel.webview, 'panel', this.host);
    this.connection = connection;
    connection.on('ready', () => {
      connection.post('status', this.host.status());
      const entry = this.shown ?? this.host.initial();
      if (entry) {
        this.shown = entry;
        panel.title = `Attention Lens: ${entry.shown.document.name}`;
        connection.post('analysis', entry.shown);
        if (this.focused !== null) connection.post('focus', { analysisId: entry.shown.id, token: this.focused });
      }
    });
    connection.on('reveal', ({ analysisId, token }) => {
      if (this.shown?.shown.id === analysisId && token < this.shown.shown.result.tokens.length) this.host.reveal(this.shown, token);
    });
    connection.on('command', ({ command }) => void vscode.commands.executeCommand(COMMANDS[command]));
    connection.on('selection', ({ analysisId, layer, head }) => this.host.selection(analysisId, layer, head));
    connection.on('rendered', ({ analysisId, tokens }) => this.host.rendered(analysisId, tokens));
    connection.on('export', (file) => this.host.export(file));
    this.host.extras?.(connection);
    panel.onDidDispose(() => {
      connection.dispose();
      if (this.panel === panel) {
        this.panel = null;
        this.connection = null;
      }
    });
  }
}
