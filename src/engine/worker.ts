/**
 * Entry point of the engine worker thread (engine runtime). Serves EngineMethods over the typed
 * RPC; attention buffers are transferred to the caller, not copied. The models stay loaded here
 * between requests; a configure call replaces the engine (and disposes the old one).
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { AnalysisResult } from '../protocol/analysis';
import type { EngineMethods, EngineNotifications, EngineSettings } from '../protocol/engineApi';
import { RpcEndpoint, Transfer, type Channel } from '../protocol/rpc';
import { Engine } from './engine';
import { EngineError } from './errors';

if (!parentPort) throw new Error('worker.ts must run in a worker thread');
const port = parentPort;

const channel: Channel = {
  post: (message, transfer) => port.postMessage(message, transfer as ArrayBuffer[] | undefined),
  listen: (receive) => {
    port.on('message', receive);
    return () => port.off('message', receive);
  },
};

const rpc = new RpcEndpoint<EngineMethods, Record<string, never>, EngineNotifications>(channel);
let engine = new Engine((workerData as { settings?: EngineSettings } | undefined)?.settings ?? {});

function checkCancelled(signal: AbortSignal, what: string): void {
  if (signal.aborted) throw new EngineError('cancelled', `${what} cancelled`);
}

/** Buffers that belong to one typed array alone can be moved instead of copied. */
function transferable(result: AnalysisResult): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const layer of [...result.attention.probs, ...(result.attention.scores ?? [])]) {
    const buffer = layer.buffer as ArrayBuffer;
    if (layer.byteOffset === 0 && layer.byteLength === buffer.byteLength) seen.add(buffer);
  }
  return [...seen];
}

rpc.handle('configure', async (settings) => {
  const old = engine;
  engine = new Engine(settings);
  await old.dispose();
  return null;
});

rpc.handle('load', async ({ model, scores }, { signal }) => {
  const loaded = await engine.load(model, { scores }, (event) => rpc.notify('progress', event), signal);
  checkCancelled(signal, 'loading');
  return loaded.facts;
});

rpc.handle('analyze', async ({ model, request }, { signal }) => {
  const result = await engine.analyze(model, request, (event) => rpc.notify('progress', event), signal);
  checkCancelled(signal, 'analysis');
  return new Transfer(result, transferable(result));
});

rpc.handle('measure', ({ model, request }, { signal }) => engine.measure(model, request, (event) => rpc.notify('progress', event), signal));

rpc.handle('ping', () => ({ pid: process.pid, threadId, loadsStarted: engine.loadsStarted }));
