/**
 * One webview's end of the host ↔ webview RPC (extension host): wraps `webview.postMessage` and
 * `onDidReceiveMessage` in the shared `RpcEndpoint`, refuses every message that the protocol's
 * guards reject (a webview is untrusted content), and serves the page's HTML with a fresh nonce.
 */
import * as vscode from 'vscode';
import { RpcEndpoint, type Channel } from '../protocol/rpc';
import { isWebviewMessage, type HostToWebview, type WebviewToHost } from '../protocol/webviewApi';
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
  readonly rpc: RpcEndpoint<Record<string, never>, Record<string, never>, HostToWebview, WebviewToHost>;

  constructor(private readonly webview: vscode.Webview, private readonly view: WebviewKind, private readonly options: ConnectionOptions) {
    const channel: Channel = {
      post: (message) => void webview.postMessage(message),
      listen: (receive) => {
        const sub = webview.onDidReceiveMessage(receive);
        return () => sub.dispose();
      },
    };
    this.rpc = new RpcEndpoint(channel, (message) => options.log.warn(`ignored a malformed message from the ${view} webview: ${preview(message)}`), isWebviewMessage);
    const dist = vscode.Uri.joinPath(options.extensionUri, 'dist', 'webview');
    webview.options = webviewOptions(options.extensionUri);
    webview.html = webviewHtml({
      view,
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, `${view}.js`)).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'view.css')).toString(),
      title: view === 'panel' ? 'Attention Lens' : 'Attention Lens: model',
    });
  }

  post<K extends keyof HostToWebview & string>(method: K, params: HostToWebview[K]): void {
    this.rpc.notify(method, params);
    this.options.onPosted?.({ view: this.view, method, params });
  }

  on<K extends keyof WebviewToHost & string>(method: K, listener: (params: WebviewToHost[K]) => void): void {
    this.rpc.onNotification(method, listener);
  }

  dispose(): void {
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
