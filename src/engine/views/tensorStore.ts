/**
 * The analyses whose tensors the engine worker keeps for the attention views (engine runtime).
 * Each kept analysis (attention + tokens) gets a number key; views ask for windows of it by key
 * (views.ts). Least recently used analyses are dropped when the kept bytes pass the budget; the
 * newest analysis is always kept, even alone over budget. Asking for a key that was dropped or
 * released fails with 'analysis-gone' ("analyze again").
 *
 * Keys start at a random base so that a key from a worker that died never names an analysis of the
 * next worker.
 */
import type { AttentionData, TokenInfo } from '../../protocol/analysis';
import { viewCacheBytes, type ViewCache } from './viewMath';
import type { ViewSource } from './viewServer';
import { EngineError } from '../errors';

export const DEFAULT_KEEP_BYTES = 1024 ** 3;

export interface KeptAnalysis extends ViewSource {
  readonly cache: ViewCache;
  /** Bytes counted against the budget: the tensors plus room for the rollout of every layer. */
  readonly bytes: number;
}

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

  constructor(
    private budget: number = DEFAULT_KEEP_BYTES,
    firstKey = 1 + Math.floor(Math.random() * 2 ** 40),
  ) {
    this.nextKey = firstKey;
  }

  keep(data: AttentionData, tokens: readonly TokenInfo[]): number {
    const key = this.nextKey++;
    const entry: KeptAnalysis = { data, tokens, cache: {}, bytes: keptBytes(data) };
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
