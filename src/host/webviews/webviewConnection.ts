/**
 * One webview's end of the host ↔ webview RPC (extension host): wraps `webview.postMessage` and
 * `onDidReceiveMessage` in the shared `RpcEndpoint`, refuses every message that the protocol's
 * guards reject (a webview is untrusted content), and serves the page's HTML with a fresh nonce.
 *
 * It also answers the webview's view requests (views.ts VIEW_METHODS)
 * by forwarding them to the engine worker, which keeps the tensors; a webview may only name the
 * keys of analyses this connection showed it. Replies are typed arrays (Float32Array, Uint8Array,
 * Uint16Array — never Float16Array), which the webview's postMessage carries as binary.
 */
import * as vscode from 'vscode';
import { RpcEndpoint, type Channel } from '../../protocol/rpc';
import { isWebviewMessage } from '../../protocol/messageGuards';
import { isWebviewRequest } from '../../protocol/viewGuards';
import { VIEW_METHODS } from '../../protocol/views';
import type { HostToWebview, WebviewRequests, WebviewToHost } from '../../protocol/webviewApi';
import { asEngineError } from '../../engine/errors';
import { localized } from '../analyses/failure';
import { currentLocale, onDidChangeLocale, t } from '../l10n';
import { ViewGate, type ViewBackend } from './viewGate';
import { makeNonce, webviewHtml, type WebviewKind } from './webviewHtml';

/** What the host posted to a webview (tests observe it through the extension's API). */
export interface PostedMessage {
  readonly view: WebviewKind;
  readonly method: string;
  readonly params: unknown;
}

export interface ConnectionOptions {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
  readonly onPosted?: (message: PostedMessage) => void;
  /** Serves the webview's view requests; absent, every request fails with 'analysis-gone'. */
  readonly views?: ViewBackend;
}

/** Webview options for both views: scripts on, resources only from the built webview and media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class WebviewConnection implements vscode.Disposable {
  readonly rpc: RpcEndpoint<WebviewRequests, Record<string, never>, HostToWebview, WebviewToHost>;
  /** Lets through only requests for analyses this webview was shown. */
  private readonly gate: ViewGate;
  /** Where the page's messages arrive (the RPC endpoint's receiver). */
  private receive: (message: unknown) => void = () => undefined;
  private readonly localeChange: { dispose(): void };

  constructor(
    private readonly webview: vscode.Webview,
    private readonly view: WebviewKind,
    private readonly options: ConnectionOptions,
  ) {
    const channel: Channel = {
      post: (message) => void webview.postMessage(message),
      listen: (receive) => {
        this.receive = receive;
        const sub = webview.onDidReceiveMessage(receive);
        return () => sub.dispose();
      },
    };
    this.rpc = new RpcEndpoint(
      channel,
      (message) => options.log.warn(`ignored a malformed message from the ${view} webview: ${preview(message)}`),
      (method, params) => isWebviewMessage(method, params) || isWebviewRequest(method, params),
    );
    this.gate = new ViewGate(view, options.views);
    for (const method of VIEW_METHODS)
      this.rpc.handle(method, (params, { signal }) =>
        // The page shows the error line as it is: in the UI's language (failure.ts).
        this.gate.serve(method, params, signal).catch((error: unknown) => {
          throw localized(asEngineError(error));
        }),
      );
    webview.options = webviewOptions(options.extensionUri);
    this.render();
    // Another language: the page starts again in it, says `ready`, and is given its content anew.
    this.localeChange = onDidChangeLocale(() => this.render());
  }

  private render(): void {
    const dist = vscode.Uri.joinPath(this.options.extensionUri, 'dist', 'webview');
    this.webview.html = webviewHtml({
      view: this.view,
      cspSource: this.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: this.webview.asWebviewUri(vscode.Uri.joinPath(dist, `${this.view}.js`)).toString(),
      styleUri: this.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'view.css')).toString(),
      title: this.view === 'panel' ? 'Attention Lens' : t('Attention Lens: model'),
      locale: currentLocale(),
    });
  }

  post<K extends keyof HostToWebview & string>(method: K, params: HostToWebview[K]): void {
    if (method === 'analysis') this.gate.shown((params as HostToWebview['analysis']).result.attention.key);
    if (method === 'comparison') {
      const { encoder, decoder } = params as HostToWebview['comparison'];
      this.gate.shown(encoder.result.attention.key);
      this.gate.shown(decoder.result.attention.key);
    }
    if (method === 'ablation' && params) {
      const { before, after } = params as NonNullable<HostToWebview['ablation']>;
      this.gate.shown(before.result.attention.key);
      this.gate.shown(after.result.attention.key);
    }
    this.rpc.notify(method, params);
    this.options.onPosted?.({ view: this.view, method, params });
  }

  /** Handles a notification as if the page had posted it, through the same guards (scripts and tests stand in for the page). */
  fromPage(method: string, params: unknown): void {
    this.receive({ rpc: 'notify', method, params });
  }

  on<K extends keyof WebviewToHost & string>(method: K, listener: (params: WebviewToHost[K]) => void): void {
    this.rpc.onNotification(method, listener);
  }

  dispose(): void {
    this.localeChange.dispose();
    this.rpc.dispose();
  }
}

function preview(message: unknown): string {
  try {
    return JSON.stringify(message).slice(0, 200);
  } catch {
    return String(message);
  }
}
