/**
 * The webview's end of the host link (browser): `acquireVsCodeApi()` wrapped as an RPC channel,
 * every host notification checked by the protocol's guards before any view sees it. A message
 * that fails them is dropped, logged, and counted in `<body data-rejected>` (tests read it); the
 * view keeps showing what it showed.
 */
import { RpcEndpoint, type Channel } from '../../src/protocol/rpc';
import type { ViewMethods } from '../../src/protocol/views';
import { isHostMessage } from '../../src/protocol/messageGuards';
import type { HostToWebview, WebviewToHost } from '../../src/protocol/webviewApi';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

/** The webview serves nothing; it asks the host for view data (ViewMethods, forwarded to the worker). */
export type HostLink = RpcEndpoint<Record<string, never>, ViewMethods, WebviewToHost, HostToWebview>;

export interface Connection {
  readonly rpc: HostLink;
  getState(): unknown;
  setState(state: unknown): void;
  /** Tells the host the view listens (call after registering the handlers); the host replays its state. */
  ready(): void;
}

export function connect(view: 'panel' | 'side'): Connection {
  // acquireVsCodeApi may be called once per page load.
  const api = acquireVsCodeApi();
  const channel: Channel = {
    post: (message) => api.postMessage(message),
    listen: (receive) => {
      const onMessage = (event: MessageEvent): void => receive(event.data);
      window.addEventListener('message', onMessage);
      return () => window.removeEventListener('message', onMessage);
    },
  };
  const rpc: HostLink = new RpcEndpoint(channel, reject, isHostMessage);
  return {
    rpc,
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
    ready: () => rpc.notify('ready', { view }),
  };
}

let rejected = 0;

function reject(message: unknown): void {
  rejected++;
  document.body.dataset.rejected = String(rejected);
  console.warn(`Attention Lens: ignored a malformed message from the host (${describe(message)})`);
}

/** A short description for the log; never the payload itself, which may be large. */
function describe(message: unknown): string {
  if (typeof message !== 'object' || message === null) return typeof message;
  const m = message as Record<string, unknown>;
  if (typeof m.rpc === 'string' && typeof m.method === 'string') return `${m.rpc} ${m.method.slice(0, 40)}`;
  return typeof m.rpc === 'string' ? `rpc ${m.rpc.slice(0, 20)}` : 'not an RPC message';
}
