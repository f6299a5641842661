/**
 * The analysis panel's webview in the editor area (extension host): one webview panel, created on
 * demand and restored after a reload by its serializer, and the link to its page. It decides
 * nothing about what is shown — the panel's content (panelContent.ts) does — it opens, titles and
 * posts. Posts reach only a page that said `ready` (one that is still loading is given everything
 * by the content's replay then), and listeners registered with `on` hear every page the panel has.
 */
import * as vscode from 'vscode';
import type { HostToWebview, WebviewToHost } from '../../protocol/webviewApi';
import { COMMANDS, PANEL_VIEW_TYPE } from '../commands';
import { t } from '../l10n';
import type { PanelSurface } from './panelContent';
import { WebviewConnection, webviewOptions, type ConnectionOptions } from './webviewConnection';

type Listener = (params: never) => void;

export class AnalysisPanel implements PanelSurface, vscode.Disposable {
  private panel: vscode.WebviewPanel | null = null;
  private connection: WebviewConnection | null = null;
  /** The page of `connection` said it listens. */
  private ready = false;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly options: ConnectionOptions) {
    this.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel) => this.adopt(panel),
      }),
      this.on('command', ({ command }) => void vscode.commands.executeCommand(COMMANDS[command])),
    );
  }

  get isOpen(): boolean {
    return this.panel !== null;
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** The editor column the panel is in (undefined when it is closed). */
  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel?.viewColumn;
  }

  reveal(preserveFocus: boolean): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      t('Attention Lens'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      { ...webviewOptions(this.options.extensionUri), retainContextWhenHidden: false },
    );
    this.adopt(panel);
  }

  setTitle(title: string): void {
    if (this.panel) this.panel.title = title;
  }

  post<K extends keyof HostToWebview & string>(method: K, params: HostToWebview[K]): void {
    if (this.ready) this.connection?.post(method, params);
  }

  on<K extends keyof WebviewToHost & string>(method: K, listener: (params: WebviewToHost[K]) => void): vscode.Disposable {
    let set = this.listeners.get(method);
    if (!set) {
      this.listeners.set(method, (set = new Set()));
      this.connection?.on(method, (params) => this.dispatch(method, params));
    }
    set.add(listener as Listener);
    return new vscode.Disposable(() => set.delete(listener as Listener));
  }

  /** Handles a notification as if the panel's page had posted it (the same guards); false when no page is open. */
  fromPage(method: string, params: unknown): boolean {
    this.connection?.fromPage(method, params);
    return this.connection !== null;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private dispatch(method: string, params: unknown): void {
    for (const listener of this.listeners.get(method) ?? []) (listener as (params: unknown) => void)(params);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.options.extensionUri, 'media', 'icon.svg');
    const connection = new WebviewConnection(panel.webview, 'panel', this.options);
    this.connection = connection;
    // Before the listeners: the page listens, so the content's replay reaches it.
    connection.on('ready', () => (this.ready = true));
    for (const method of this.listeners.keys()) connection.on(method as keyof WebviewToHost & string, (params) => this.dispatch(method, params));
    // A hidden page is discarded (retainContextWhenHidden is off): shown again, it says `ready` anew.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.ready = false;
    });
    panel.onDidDispose(() => {
      connection.dispose();
      if (this.panel === panel) {
        this.panel = null;
        this.connection = null;
        this.ready = false;
      }
    });
  }
}
