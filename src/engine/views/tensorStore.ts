/**
 * The analyses whose tensors the engine worker keeps for the attention views (engine runtime).
 * Each kept analysis (attention + tokens) gets a number key; views ask for windows of it by key
 * (views.ts). Least recently used analyses are dropped when the kept bytes pass the budget; the
 * newest analysis is always kept, even alone over budget. Asking for a key that was dropped or
 * released fails with 'analysis-gone' ("analyze again").
 *
 * Scores before softmax that the analysis did not fetch come from its ScoresSource (a second run
 * of the same inputs, analyze.ts) when a view first asks for a layer's: one run at a time, each
 * layer once, counted against the same budget from then on.
 *
 * Probes (probes.ts) are kept the same way: the hidden states an analysis fetched, from which a
 * position's lens is computed when a view asks, and each layer's q/k/v, fetched by a run of the same
 * inputs on the first request and counted against the budget from then on.
 *
 * Keys start at a random base so that a key from a worker that died never names an analysis of the
 * next worker.
 */
import type { AttentionData, AttentionLayer, HiddenStates, LensData, QkvLayer, TokenInfo } from '../../protocol/analysis';
import { viewCacheBytes, type ViewCache } from './viewMath';
import type { ViewSource } from './viewServer';
import type { ScoresSource } from '../analyze';
import type { ProbeSource } from '../probes';
import { EngineError } from '../errors';

export const DEFAULT_KEEP_BYTES = 1024 ** 3;

/** Kept tensors; `scores` is sparse until filled layer by layer from a ScoresSource. */
export interface KeptData extends AttentionData {
  readonly scores: AttentionLayer[] | null;
}

export interface KeptAnalysis extends ViewSource {
  readonly data: KeptData;
  readonly cache: ViewCache;
  /** Bytes counted against the budget: the tensors plus room for the rollout of every layer. */
  bytes: number;
  /** Where the layers' scores come from when the analysis did not fetch them; null otherwise. */
  readonly scoresSource: ScoresSource | null;
  /** Score runs asked for and not yet done, per layer, with the signals of those waiting. */
  readonly scoreRuns: Map<number, { readonly done: Promise<void>; readonly waiters: Set<AbortSignal | undefined> }>;
  /** The hidden states the analysis fetched (for the lens), and where its lens and q/k/v come from. */
  readonly hidden: HiddenStates | null;
  readonly probeSource: ProbeSource | null;
  /** q/k/v per layer, fetched on the first request. */
  readonly qkv: Map<number, Promise<QkvLayer>>;
}

const probeBytes = (hidden: HiddenStates | null | undefined): number => (hidden ? hidden.states.reduce((a, s) => a + s.byteLength, 0) : 0);

export function keptBytes(data: AttentionData): number {
  let bytes = viewCacheBytes(data);
  for (const layer of [...data.probs, ...(data.scores ?? [])]) bytes += layer.byteLength;
  return bytes;
}

export class TensorStore {
  /** Insertion order is recency order: the first entry is the least recently used. */
  private readonly entries = new Map<number, KeptAnalysis>();
  private nextKey: number;
  private total = 0;
  /** Score runs go one after another: each is a whole forward pass. */
  private runs: Promise<unknown> = Promise.resolve();

  constructor(
    private budget: number = DEFAULT_KEEP_BYTES,
    firstKey = 1 + Math.floor(Math.random() * 2 ** 40),
  ) {
    this.nextKey = firstKey;
  }

  /** Keeps an analysis; with a ScoresSource its scores are available on request (`hasScores`). */
  keep(
    data: AttentionData,
    tokens: readonly TokenInfo[],
    scoresSource: ScoresSource | null = null,
    probes: { readonly hidden?: HiddenStates; readonly source: ProbeSource } | null = null,
  ): number {
    const key = this.nextKey++;
    const later = data.scores === null && scoresSource !== null;
    const entry: KeptAnalysis = {
      data: { ...data, scores: later ? [] : data.scores && [...data.scores] },
      tokens,
      cache: {},
      bytes: keptBytes(data) + probeBytes(probes?.hidden),
      scoresSource: later ? scoresSource : null,
      scoreRuns: new Map(),
      hidden: probes?.hidden ?? null,
      probeSource: probes?.source ?? null,
      qkv: new Map(),
    };
    this.entries.set(key, entry);
    this.total += entry.bytes;
    this.evict();
    return key;
  }

  /** The kept analysis (now the most recently used), or 'analysis-gone'. */
  get(key: number): KeptAnalysis {
    const entry = this.entries.get(key);
    if (!entry) throw new EngineError('analysis-gone', 'this analysis is no longer in memory; analyze again');
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Makes sure `layer`'s scores of a kept analysis are there, running its ScoresSource if they are
   * not (nothing to do when they are, or when there is no source: the view then says so). A run
   * that every waiting request gave up on before it started is skipped.
   */
  async ensureScores(key: number, layer: number, signal?: AbortSignal): Promise<void> {
    const entry = this.get(key);
    const scores = entry.data.scores;
    const source = entry.scoresSource;
    if (!scores || !source || scores[layer] || !Number.isInteger(layer) || layer < 0 || layer >= entry.data.layers) return;
    let pending = entry.scoreRuns.get(layer);
    if (!pending) {
      const waiters = new Set<AbortSignal | undefined>();
      const done = this.runs
        .then(() => {
          if ([...waiters].every((s) => s?.aborted)) throw new EngineError('cancelled', 'scores before softmax: cancelled');
          return source(layer);
        })
        .then((tensor) => {
          scores[layer] = tensor;
          if (this.entries.get(key) !== entry) return; // dropped meanwhile: nothing to count
          entry.bytes += tensor.byteLength;
          this.total += tensor.byteLength;
          this.get(key); // being viewed: the most recently used, the last to go
          this.evict();
        })
        .finally(() => entry.scoreRuns.delete(layer));
      this.runs = done.catch(() => undefined);
      pending = { done, waiters };
      entry.scoreRuns.set(layer, pending);
    }
    pending.waiters.add(signal);
    await pending.done;
  }

  /** The lens at `positions` of a kept analysis, from the hidden states it kept. */
  async lens(key: number, positions: readonly number[], topK: number, watch?: readonly string[]): Promise<LensData> {
    const entry = this.get(key);
    if (!entry.hidden || !entry.probeSource) throw new EngineError('bad-input', 'this analysis kept no hidden states (analyze with hidden: true for the lens)');
    return entry.probeSource.lens(entry.hidden, positions, topK, watch);
  }

  /** One layer's q/k/v of a kept analysis: fetched by a run of its inputs the first time (one run at a time), then kept. */
  async qkv(key: number, layer: number): Promise<QkvLayer> {
    const entry = this.get(key);
    const source = entry.probeSource;
    if (!source) throw new EngineError('bad-input', 'this analysis keeps no q/k/v source');
    let pending = entry.qkv.get(layer);
    if (!pending) {
      pending = this.runs.then(() => source.qkv(layer));
      this.runs = pending.catch(() => undefined);
      entry.qkv.set(layer, pending);
      pending.then(
        (p) => {
          if (this.entries.get(key) !== entry) return;
          const bytes = p.q.byteLength + p.k.byteLength + p.v.byteLength;
          entry.bytes += bytes;
          this.total += bytes;
          this.evict();
        },
        () => entry.qkv.delete(layer),
      );
    }
    return pending;
  }

  has(key: number): boolean {
    return this.entries.has(key);
  }

  release(key: number): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.bytes;
    return true;
  }

  setBudget(bytes: number): void {
    this.budget = bytes;
    this.evict();
  }

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.total <= this.budget || this.entries.size <= 1) break;
      this.entries.delete(key);
      this.total -= entry.bytes;
    }
  }
}
