/**
 * Entry point of the engine worker thread (engine runtime). Serves EngineMethods over the typed
 * RPC; attention buffers are transferred to the caller, not copied. The models stay loaded here
 * between requests; a configure call that changes how models run replaces the engine (and disposes
 * the old one), one that changes only `keepBytes` resizes the store; either keeps the kept
 * analyses. `analyzeKept` keeps the tensors here (TensorStore) and answers with the overview;
 * the view requests are served from the store by `serveView`, their reply buffers transferred. A
 * scores matrix of a layer whose scores the analysis did not fetch waits for them (tensorStore.ts).
 */
import os from 'node:os';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { toOverview, type AnalysisResult } from '../protocol/analysis';
import type { EngineMethods, EngineNotifications, EngineSettings } from '../protocol/engineApi';
import { RpcEndpoint, Transfer, type Channel } from '../protocol/rpc';
import { VIEW_METHODS } from '../protocol/views';
import { Engine } from './engine';
import { replyBuffers, serveView } from './views/viewServer';
import { EngineError } from './errors';
import { fillRollout } from './views/rollout';
import { DEFAULT_KEEP_BYTES, TensorStore } from './views/tensorStore';

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
const initial = (workerData as { settings?: EngineSettings } | undefined)?.settings ?? {};
let settings = initial;
let engine = new Engine(initial);
const store = new TensorStore(initial.keepBytes ?? DEFAULT_KEEP_BYTES);
let threads = initial.threads ?? os.availableParallelism();
/** Rollout fills per analysis run one after another, so a second request reuses the first's products. */
const rollouts = new WeakMap<object, Promise<void>>();

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

/** Whether two settings run models alike (everything but the store's budget). */
function sameEngine(a: EngineSettings, b: EngineSettings): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof EngineSettings)[]);
  keys.delete('keepBytes');
  return [...keys].every((k) => a[k] === b[k]);
}

rpc.handle('configure', async (next) => {
  const old = settings;
  settings = next;
  store.setBudget(next.keepBytes ?? DEFAULT_KEEP_BYTES);
  if (sameEngine(old, next)) return null;
  const oldEngine = engine;
  engine = new Engine(next);
  threads = next.threads ?? os.availableParallelism();
  await oldEngine.dispose();
  return null;
});

rpc.handle('load', async ({ model }, { signal }) => {
  const loaded = await engine.load(model, (event) => rpc.notify('progress', event), signal);
  checkCancelled(signal, 'loading');
  return loaded.facts;
});

rpc.handle('analyze', async ({ model, request }, { signal }) => {
  const result = await engine.analyze(model, request, (event) => rpc.notify('progress', event), signal);
  checkCancelled(signal, 'analysis');
  return new Transfer(result, transferable(result));
});

rpc.handle('measure', ({ model, request }, { signal }) => engine.measure(model, request, (event) => rpc.notify('progress', event), signal));
rpc.handle('analyzeKept', async ({ model, request }, { signal }) => {
  const { result, scores } = await engine.analyzeForViews(model, request, (event) => rpc.notify('progress', event), signal);
  checkCancelled(signal, 'analysis');
  return toOverview(result, store.keep(result.attention, result.tokens, scores), scores !== null);
});

rpc.handle('release', ({ key }) => store.release(key));
rpc.handle('fillWords', ({ model, request, words, search }, { signal }) => engine.fillWords(model, request, words, search, signal));
rpc.handle('completeWords', ({ model, request, search }, { signal }) => engine.completeWords(model, request, search, signal));
rpc.handle('nsp', ({ model, request }, { signal }) => engine.nextSentence(model, request, signal));
rpc.handle('positions', async ({ model, count }, { signal }) => {
  const result = await engine.positions(model, { count }, signal);
  return result.kind === 'learned'
    ? new Transfer(
        result,
        [result.similarity, result.pca.points, result.sinusoid.similarity, result.sinusoid.pca.points].map((a) => a.buffer as ArrayBuffer),
      )
    : result;
});
rpc.handle('scale', ({ model }, { signal }) => engine.scale(model, signal));

for (const method of VIEW_METHODS) {
  rpc.handle(method, async (params, { signal }) => {
    const kept = store.get(params.key);
    const { layer, combine, stage } = params as { layer?: unknown; combine?: { kind?: unknown }; stage?: unknown };
    if (method === 'matrix' && stage === 'scores' && combine?.kind === 'head') {
      await store.ensureScores(params.key, layer as number, signal);
      checkCancelled(signal, method);
    }
    // Rollout's products run on onnxruntime first; serveView computes them itself if this fails.
    if (combine?.kind === 'rollout' && Number.isInteger(layer) && (layer as number) >= 0 && (layer as number) < kept.data.layers) {
      const fill = (rollouts.get(kept.cache) ?? Promise.resolve())
        .then(() => fillRollout(kept.data, layer as number, kept.cache, threads))
        .catch(() => undefined);
      rollouts.set(kept.cache, fill);
      await fill;
      checkCancelled(signal, method);
    }
    const reply = serveView(kept, method, params as never);
    return new Transfer(reply, replyBuffers(reply));
  });
}

rpc.handle('ping', () => ({ pid: process.pid, threadId, loadsStarted: engine.loadsStarted }));
