// A webview's view requests end to end in Node: a webview-side RpcEndpoint asks, the host-side
// endpoint checks them with the webviewApi guards and the ViewGate (only keys it showed), the
// real bundled worker answers from the tensors it keeps, and the reply arrives as typed arrays
// through a structured-clone channel (as postMessage carries it).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RpcEndpoint, RpcError, type Channel, type RpcMessage } from '../../../../src/protocol/rpc';
import { serveView } from '../../../../src/engine/views/viewServer';
import { NO_CLEANING, VIEW_METHODS, type MatrixRequest } from '../../../../src/protocol/views';
import { isWebviewMessage } from '../../../../src/protocol/messageGuards';
import { isMatrixReply, isThumbnailsReply, isWebviewRequest } from '../../../../src/protocol/viewGuards';
import type { WebviewRequests } from '../../../../src/protocol/webviewApi';
import { EngineClient } from '../../../../src/engine/workerClient';
import { ViewGate } from '../../../../src/host/webviews/viewGate';
import { built } from '../../../support/build';
import { fixture, scratch } from '../../../support/paths';

/** Two endpoints whose messages are structured-cloned, like a webview's postMessage. */
function pipe(): [Channel, Channel] {
  const receivers: [((m: unknown) => void) | null, ((m: unknown) => void) | null] = [null, null];
  const side = (self: 0 | 1): Channel => ({
    post: (message: RpcMessage) => queueMicrotask(() => receivers[1 - self]?.(structuredClone(message))),
    listen: (receive) => ((receivers[self] = receive), () => (receivers[self] = null)),
  });
  return [side(0), side(1)];
}

describe('view requests from a webview, through the host, to the worker', () => {
  let client: EngineClient;
  let webview: RpcEndpoint<Record<string, never>, WebviewRequests>;
  let gate: ViewGate;
  const model = fixture('tiny-bert');
  const request = { text: 'the river bank, where the water runs' };

  before(() => {
    client = new EngineClient({ workerPath: built('worker.cjs'), settings: { cacheDir: scratch(), precision: 'float16' } });
    const [webSide, hostSide] = pipe();
    gate = new ViewGate('panel', { view: (method, params, signal) => client.request(method, params, { signal }) });
    const host = new RpcEndpoint<WebviewRequests, Record<string, never>>(hostSide, undefined, (m, p) => isWebviewMessage(m, p) || isWebviewRequest(m, p));
    for (const method of VIEW_METHODS) host.handle(method, (params, { signal }) => gate.serve(method, params, signal));
    webview = new RpcEndpoint(webSide);
  });
  after(() => client.dispose());

  it('serves the keys the webview was shown, as binary replies equal to serveView', async () => {
    const overview = await client.request('analyzeKept', { model, request });
    const full = await client.request('analyze', { model, request });
    const key = overview.attention.key;
    gate.shown(key);
    const t = full.tokens.length;
    const matrix: MatrixRequest = {
      key,
      layer: 1,
      combine: { kind: 'mean' },
      stage: 'probs',
      cleaning: NO_CLEANING,
      rows: { start: 0, count: t },
      cols: { start: 0, count: t },
      maxSide: 4,
      encoding: 'u8',
    };
    const reply = await webview.request('matrix', matrix);
    assert.ok(reply.data instanceof Uint8Array);
    assert.ok(isMatrixReply(reply, matrix));
    assert.deepEqual(reply, serveView({ data: full.attention, tokens: full.tokens }, 'matrix', matrix));
    const thumbsRequest = { key, size: 3, cleaning: NO_CLEANING };
    const thumbs = await webview.request('thumbnails', thumbsRequest);
    assert.ok(isThumbnailsReply(thumbs, thumbsRequest, overview.attention));
    assert.equal(thumbs.pixels.length, overview.attention.layers * overview.attention.heads * 9 * 4);
  });

  it('refuses keys it did not show, malformed or oversized requests, and says when an analysis is gone', async () => {
    const overview = await client.request('analyzeKept', { model, request });
    const key = overview.attention.key;
    const row = { key, layer: 0, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: 0 } as const;
    await assert.rejects(webview.request('row', row), (e: unknown) => e instanceof RpcError && e.code === 'bad-input' && /not shown/.test(e.message));
    gate.shown(key);
    assert.equal((await webview.request('row', row)).weights.length, overview.attention.length);
    await assert.rejects(webview.request('row', { ...row, query: -1 }), (e: unknown) => e instanceof RpcError && /malformed row request/.test(e.message));
    await assert.rejects(
      webview.request('thumbnails', { key, size: 4096, cleaning: NO_CLEANING }),
      (e: unknown) => e instanceof RpcError && e.code === 'bad-input',
    );
    await client.request('release', { key });
    await assert.rejects(webview.request('row', row), (e: unknown) => e instanceof RpcError && e.code === 'analysis-gone');
  });
});
