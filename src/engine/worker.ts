/**
 * Entry point of the engine (engine runtime): a child process with an IPC channel (what
 * workerClient starts; structured clones carry the typed arrays) or, for the benchmark, a worker
 * thread (attention buffers transferred, not copied). Serves EngineMethods over the typed RPC. A
 * request that runs a model or reads a kept analysis waits one turn of the event loop before it
 * starts (`started`), so that a cancel that arrived behind it (while a long run held the loop) stops
 * it before it runs; configure, release, unload, hold and ping answer at once. The models stay
 * loaded here between requests; a configure call that changes how models run replaces the engine (and disposes
 * the old one), one that changes only `keepBytes` resizes the store; either keeps the kept
 * analyses. `analyzeKept` keeps the tensors here (TensorStore) and answers with the overview;
 * the view requests are served from the store by `serveView`, their reply buffers transferred. A
 * scores matrix of a layer whose scores the analysis did not fetch waits for them (tensorStore.ts).
 * Every request's whole numbers are checked at the door, before a handler reads them (protocol/engineParams.ts).
 */
import os from 'node:os';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { toOverview, type AnalysisResult } from '../protocol/analysis';
import type { EngineMethods, EngineNotifications, EngineSettings, LoadProgress } from '../protocol/engineApi';
import { engineNumbersProblem } from '../protocol/engineParams';
import { RpcEndpoint, Transfer, type Channel, type Handler } from '../protocol/rpc';
import { isProbeViewMethod, VIEW_METHODS } from '../protocol/views';
import { Engine } from './engine';
import { fineTune } from './repr/finetune';
import { replyBuffers, serveView } from './views/viewServer';
import { checkCancelled, EngineError } from './errors';
import { fillRollout } from './views/rollout';
import { DEFAULT_KEEP_BYTES, TensorStore } from './views/tensorStore';
import { embedding } from './repr/embedding';
import { senses } from './repr/senses';
import { wordOrder } from './repr/wordOrder';

function connect(): Channel {
  const port = parentPort;
  if (port)
    return {
      post: (message, transfer) => port.postMessage(message, transfer as ArrayBuffer[] | undefined),
      listen: (receive) => {
        port.on('message', receive);
        return () => port.off('message', receive);
      },
    };
  const send = process.send?.bind(process);
  if (!send) throw new Error('worker.ts runs as a child process with an IPC channel or in a worker thread');
  // The client is gone (closed, or crashed itself): nothing is left to serve.
  process.on('disconnect', () => process.exit(0));
  return {
    post: (message) => {
      if (process.connected) send(message);
    },
    listen: (receive) => {
      process.on('message', receive);
      return () => process.off('message', receive);
    },
  };
}
const channel = connect();

const rpc = new RpcEndpoint<EngineMethods, Record<string, never>, EngineNotifications>(channel);

/** The one door of every method: a request's whole numbers are checked (protocol/engineParams.ts) before its handler reads one. */
function handle<K extends keyof EngineMethods & string>(method: K, handler: Handler<EngineMethods, K>): void {
  rpc.handle(method, (params, context) => {
    const problem = engineNumbersProblem(method, params);
    if (problem) throw new EngineError('bad-input', problem);
    return handler(params, context);
  });
}
const initial = (workerData as { settings?: EngineSettings } | undefined)?.settings ?? {};
let settings = initial;
let engine = new Engine(initial);
const store = new TensorStore(initial.keepBytes ?? DEFAULT_KEEP_BYTES);
let threads = initial.threads ?? os.availableParallelism();
/** Rollout fills per analysis run one after another, so a second request reuses the first's products. */
const rollouts = new WeakMap<object, Promise<void>>();

/** The test hook's hold (EngineMethods.hold): null unless a test turned it on; its requests wait for `release`. */
let hold: { readonly released: Promise<void>; readonly release: () => void; held: number } | null = null;

/** Waits while a test holds requests (until it lets go, or this request is cancelled). */
async function whileHeld(signal: AbortSignal): Promise<void> {
  const current = hold;
  if (!current || signal.aborted) return;
  current.held++;
  let stop = (): void => undefined;
  const cancelled = new Promise<void>((resolve) => (stop = resolve));
  signal.addEventListener('abort', stop, { once: true });
  try {
    await Promise.race([current.released, cancelled]);
  } finally {
    current.held--;
    signal.removeEventListener('abort', stop);
  }
}

/**
 * Lets the messages already received (a cancel of this request among them) be handled first. A
 * request a test holds (the hold hook) waits here.
 */
async function started(signal: AbortSignal, what: string): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await whileHeld(signal);
  checkCancelled(signal, what);
}

/**
 * Posts a load's progress event, once: every request waiting on a shared load hears it through its
 * own callback, with the same event object (engine.ts load), but the notification is the worker's.
 */
const posted = new WeakSet<LoadProgress>();
function progress(event: LoadProgress): void {
  if (posted.has(event)) return;
  posted.add(event);
  rpc.notify('progress', event);
}

/** Buffers that belong to one typed array alone can be moved instead of copied. */
function transferable(result: AnalysisResult): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  const probes = [...(result.hidden?.states ?? []), ...(result.qkv ?? []).flatMap((p) => [p.q, p.k, p.v])];
  for (const layer of [...result.attention.probs, ...(result.attention.scores ?? []), ...probes]) {
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

handle('configure', async (next) => {
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

handle('load', async ({ model }, { signal }) => {
  await started(signal, 'loading');
  const loaded = await engine.load(model, progress, signal);
  checkCancelled(signal, 'loading');
  return loaded.facts;
});

handle('analyze', async ({ model, request }, { signal }) => {
  await started(signal, 'analysis');
  const result = await engine.analyze(model, request, progress, signal);
  checkCancelled(signal, 'analysis');
  return new Transfer(result, transferable(result));
});

handle('measure', async ({ model, request }, { signal }) => {
  await started(signal, 'measuring');
  return engine.measure(model, request, progress, signal);
});
handle('analyzeKept', async ({ model, request }, { signal }) => {
  await started(signal, 'analysis');
  // Kept hidden states serve the panel's lens; a graph that hides them (a merged decoder) still analyzes, and the lens says why it has none.
  const hides = request.hidden === true && !(await engine.load(model, progress, signal)).patched.outputs.probes?.hidden;
  const { result, scores, probes } = await engine.analyzeForViews(model, hides ? { ...request, hidden: false } : request, progress, signal);
  checkCancelled(signal, 'analysis');
  return toOverview(result, store.keep(result.attention, result.tokens, scores, { hidden: result.hidden, source: probes }), scores !== null);
});

// Probes of a kept analysis, computed when a view asks (tensorStore.ts).
handle('lens', async ({ key, positions, topK, watch }, { signal }) => {
  await started(signal, 'lens');
  return store.lens(key, positions, topK ?? 5, watch);
});
handle('qkv', async ({ key, layer }, { signal }) => {
  await started(signal, 'qkv');
  const p = await store.qkv(key, layer);
  // Copies: the kept arrays stay with the store.
  const copy = { ...p, q: p.q.slice(), k: p.k.slice(), v: p.v.slice() };
  return new Transfer(copy, [copy.q.buffer, copy.k.buffer, copy.v.buffer] as ArrayBuffer[]);
});

// The Q/K/V inspector's slice of one head and one query (protocol/inside.ts): the page never holds a whole layer.
handle('qkvWindow', async ({ key, layer, head, query }, { signal }) => {
  await started(signal, 'qkvWindow');
  const p = await store.qkv(key, layer);
  if (head >= p.heads || query >= p.length)
    throw new EngineError('bad-input', `head ${head} or query ${query} is outside layer ${layer} (${p.heads} heads, ${p.length} tokens)`);
  const { length: T, headDim: d } = p;
  const kv = Math.floor((head * p.kvHeads) / p.heads);
  const reply = {
    key,
    layer,
    head,
    query,
    length: T,
    headDim: d,
    scale: p.scale,
    q: p.q.slice((head * T + query) * d, (head * T + query + 1) * d),
    k: p.k.slice(kv * T * d, (kv + 1) * T * d),
    v: p.v.slice(kv * T * d, (kv + 1) * T * d),
  };
  return new Transfer(reply, [reply.q.buffer, reply.k.buffer, reply.v.buffer] as ArrayBuffer[]);
});

handle('release', ({ key }) => store.release(key));
// Not held, and at once: it runs no model and takes no signal (the host sends it and moves on), and it frees a deselected model's memory.
handle('unload', ({ model }) => engine.unload(model));
handle('fillWords', async ({ model, request, words, search }, { signal }) => {
  await started(signal, 'fillWords');
  return engine.fillWords(model, request, words, search, progress, signal);
});
handle('completeWords', async ({ model, request, search }, { signal }) => {
  await started(signal, 'completeWords');
  return engine.completeWords(model, request, search, progress, signal);
});
handle('nsp', async ({ model, request }, { signal }) => {
  await started(signal, 'nsp');
  return engine.nextSentence(model, request, progress, signal);
});
handle('positions', async ({ model, count }, { signal }) => {
  await started(signal, 'positions');
  const result = await engine.positions(model, { count }, progress, signal);
  return result.kind === 'learned'
    ? new Transfer(
        result,
        [result.similarity, result.pca.points, result.sinusoid.similarity, result.sinusoid.pca.points].map((a) => a.buffer as ArrayBuffer),
      )
    : result;
});
handle('scale', async ({ model }, { signal }) => {
  await started(signal, 'scale');
  return engine.scale(model, progress, signal);
});

for (const method of VIEW_METHODS) {
  // The probe views have their own handlers above.
  if (isProbeViewMethod(method)) continue;
  handle(method, async (params, { signal }) => {
    await started(signal, method);
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

handle('fineTune', async ({ model, request }, { signal }) => {
  await started(signal, 'fine-tuning');
  return fineTune(await engine.load(model, progress, signal), request);
});

handle('hold', ({ on }) => {
  if (on === true && !hold) {
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    hold = { released, release, held: 0 };
  } else if (on === false && hold) {
    hold.release();
    hold = null;
  }
  return { held: hold?.held ?? 0 };
});
handle('ping', () => ({ pid: process.pid, threadId, loadsStarted: engine.loadsStarted, modelsLoaded: engine.modelsLoaded }));
handle('senses', async ({ model, request }, { signal }) => {
  await started(signal, 'senses');
  return senses(await engine.load(model, progress, signal), request);
});
handle('embedding', async ({ model, token }, { signal }) => {
  await started(signal, 'embedding');
  return embedding(await engine.load(model, progress, signal), token);
});
handle('wordOrder', async ({ model, request }, { signal }) => {
  await started(signal, 'wordOrder');
  return wordOrder(await engine.load(model, progress, signal), request);
});
