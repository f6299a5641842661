/**
 * The analyses the host has made, per document (extension host, free of `vscode` so that it is
 * unit-tested in Node). An analysis belongs to one document version: after an edit it is never
 * used for hovers again (its offsets would point at other text), but the panel may still show it.
 *
 * The store is a cache with a memory budget: it counts the bytes each entry costs (the attention
 * tensors that the engine worker keeps for it, the tokens and predictions the host holds) and
 * evicts the least recently used entries beyond the budget; the entry just added is always kept.
 * `onDrop` hears of every analysis the store lets go (an older version of its document, more than
 * PER_DOCUMENT, the budget, a forgotten document) so that the worker releases its tensors.
 *
 * The latest analysis (`last`, a document's `latestFor`, what `onDidAdd` tells the side view and the
 * spotlight, and what commands show in the panel) answers the command asked last, whatever order
 * the results come in: a command takes a turn when asked (`ask`), and its analysis, added with that
 * turn, is stored but kept from the place of one asked after it (Analyze Selection still loading its
 * model, then Mask Word: the mask's analysis stays shown). An analysis no command asked for (the
 * heatmap's, the settling strip's) is as new as the last command asked.
 *
 * A closed document's analyses are set apart (`close`): a document opened again starts at version 1
 * with whatever text it has now, so they never answer a hover, a decoration or a cache lookup again;
 * the panel may still show them by id until the budget or CLOSED_KEPT lets them go. A document under
 * a new name with the same text (renamed, saved as) is not closed: its analyses follow it (`rename`).
 */
import type { HeadRef, ModelKind } from '../../protocol/analysis';
import { headsKey } from '../../protocol/ablation';
import type { ShownAnalysis } from '../../protocol/webviewApi';
import type { RunOptions } from './analysisRunner';
import { nextSessionId } from '../sessionIds';

export interface StoredAnalysis {
  readonly shown: ShownAnalysis;
  readonly uri: string;
  readonly version: number;
  /** Document offset of the analyzed text's first character (token offsets are relative to it). */
  readonly base: number;
  /** The document range that was asked for (offsets), when the analysis came from a document. */
  readonly span?: { readonly start: number; readonly end: number };
  /** Whether tokens were masked (a masked analysis never answers a plain cache lookup). */
  readonly masked?: boolean;
  /** The model it was made with, as `modelRef` names it (one form per model: modelRefs.ts), part of the cache key. */
  readonly model?: string;
  /** How it was run (a document's analysis), so that it can be run again: ablated, restored, with the lens. */
  readonly options?: Omit<RunOptions, 'reuse'>;
  /** An ablation's unablated analysis (its id), which Restore shows again. */
  readonly origin?: number;
  /** attentionLens.maxTokens when it was made: part of the cache key, since a smaller limit reads less of the range. */
  readonly limit?: number;
}

/** What a cache lookup also asks for: the heads switched off (part of the identity), the lens (a superset answers). */
export interface FindNeeds {
  readonly ablate?: readonly HeadRef[];
  readonly lens?: boolean;
  /** attentionLens.maxTokens now (part of the identity). */
  readonly limit?: number;
}

/** At most this many analyses per document version, whatever the budget. */
const PER_DOCUMENT = 16;
/** At most this many analyses of closed documents stay viewable in the panel. */
const CLOSED_KEPT = 16;
/** The default budget when none is set (the `cacheMemoryMB` setting sets it). */
const DEFAULT_BUDGET = 256 * 1024 * 1024;

/** Bytes an analysis costs: the tensors the worker keeps for it, its tokens, ranges and predictions (estimated). */
export function analysisBytes(shown: ShownAnalysis): number {
  const { result } = shown;
  const { layers, heads, length, precision, hasScores } = result.attention;
  let bytes = layers * heads * length * length * (precision === 'float16' ? 2 : 4) * (hasScores ? 2 : 1);
  for (const t of result.tokens) bytes += 64 + 2 * t.text.length;
  bytes += 48 * shown.ranges.length;
  const candidates = (list: readonly { token: string }[]): number => list.reduce((n, c) => n + 40 + 2 * c.token.length, 0);
  const p = result.predictions;
  bytes += candidates(p.next);
  for (const m of p.masked) bytes += 16 + candidates(m.top);
  for (const s of p.perToken) bytes += 40 + candidates(s.top);
  for (const position of result.lens?.positions ?? []) for (const l of position.layers) bytes += 16 + candidates(l.top);
  return bytes;
}

export class AnalysisStore {
  private readonly byDocument = new Map<string, StoredAnalysis[]>();
  /** Every entry, least recently used first, with its size. */
  private readonly lru = new Map<StoredAnalysis, number>();
  private total = 0;
  private latest: StoredAnalysis | null = null;
  /** Analyses of documents closed since they were made, oldest first: found by id only. */
  private closed: StoredAnalysis[] = [];
  private readonly added = new Set<(entry: StoredAnalysis) => void>();
  /** The turn each analysis answers (see the header), the last turn given, and the turn that holds the place. */
  private readonly turns = new WeakMap<StoredAnalysis, number>();
  private asked = 0;
  private placed = 0;

  constructor(
    private budget = DEFAULT_BUDGET,
    private readonly onDrop: (entry: StoredAnalysis) => void = () => undefined,
  ) {}

  /** An analysis's id, unique across host sessions (the page restored after a reload holds earlier ones; sessionIds.ts). */
  newId(): number {
    return nextSessionId();
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.lru.size;
  }

  setBudget(bytes: number): void {
    this.budget = bytes;
    this.evict(this.latest);
  }

  /** A command was asked: its turn, which its analysis is added with (see the header). */
  ask(): number {
    return ++this.asked;
  }

  /**
   * Stores `entry`, the answer to the command asked at `turn` (none: as new as the last asked).
   * Returns whether it is the latest now; false: a command asked after it was answered first.
   */
  add(entry: StoredAnalysis, turn = this.asked): boolean {
    this.turns.set(entry, turn);
    const list = this.byDocument.get(entry.uri) ?? [];
    const kept = list.filter((e) => e.version === entry.version);
    for (const e of list) if (e.version !== entry.version) this.drop(e, false);
    // Newest turn first: the document's latest too is the answer to what was asked last.
    const at = kept.findIndex((e) => (this.turns.get(e) ?? 0) <= turn);
    kept.splice(at < 0 ? kept.length : at, 0, entry);
    const size = analysisBytes(entry.shown);
    this.lru.set(entry, size);
    this.total += size;
    for (const e of kept.slice(PER_DOCUMENT)) this.drop(e, false);
    this.byDocument.set(entry.uri, kept.slice(0, PER_DOCUMENT));
    const placed = turn >= this.placed;
    if (placed) {
      this.placed = turn;
      this.latest = entry;
    }
    this.evict(entry, this.latest);
    if (placed) for (const listener of this.added) listener(entry);
    return placed;
  }

  /**
   * The command asked at `turn` (none: now) answered with `entry`, which the store may have held
   * already (a hover's link opens it in the panel; a comparison or an ablation found in the cache):
   * it is the latest, and an analysis of a turn asked before keeps off its place too. False: a
   * command asked after it was answered first (the panel is not to show it).
   */
  answer(entry: StoredAnalysis, turn = this.ask()): boolean {
    if (turn < this.placed) return false;
    this.placed = turn;
    this.latest = this.touch(entry);
    return true;
  }

  /** Hears of every analysis that becomes the latest (the side view's summary follows it), or moves to a new name; one kept from the place is not told. */
  onDidAdd(listener: (entry: StoredAnalysis) => void): { dispose(): void } {
    this.added.add(listener);
    return { dispose: () => this.added.delete(listener) };
  }

  /** The last analysis made anywhere. */
  get last(): StoredAnalysis | null {
    return this.latest;
  }

  latestFor(uri: string): StoredAnalysis | null {
    return this.byDocument.get(uri)?.[0] ?? null;
  }

  byId(id: number): StoredAnalysis | null {
    for (const list of [...this.byDocument.values(), this.closed]) for (const e of list) if (e.shown.id === id) return this.touch(e);
    return null;
  }

  /** The newest analysis of this document version with a token covering `offset` (`prefer` first, when it covers it), and that token. */
  at(uri: string, version: number, offset: number, prefer: StoredAnalysis | null = null): { entry: StoredAnalysis; token: number } | null {
    const list = this.byDocument.get(uri) ?? [];
    for (const entry of prefer && list.includes(prefer) ? [prefer, ...list] : list) {
      if (entry.version !== version) continue;
      const token = tokenAt(entry, offset);
      if (token !== null) return { entry: this.touch(entry), token };
    }
    return null;
  }

  /** A cached, unmasked analysis of exactly this document version, range, model kind, model, ablation and token limit (with the lens when `needs` asks). */
  find(uri: string, version: number, start: number, end: number, kind: ModelKind, model = '', needs: FindNeeds = {}): StoredAnalysis | null {
    const ablation = headsKey(needs.ablate);
    for (const entry of this.byDocument.get(uri) ?? []) {
      if (entry.version !== version || entry.masked || entry.shown.result.model.kind !== kind || (entry.model ?? '') !== model) continue;
      if (headsKey(entry.shown.result.ablated) !== ablation || (needs.lens && !entry.shown.result.lens) || entry.limit !== needs.limit) continue;
      if (entry.span?.start === start && entry.span.end === end) return this.touch(entry);
    }
    return null;
  }

  forget(uri: string): void {
    for (const e of this.byDocument.get(uri) ?? []) this.drop(e, false);
    this.byDocument.delete(uri);
    if (this.latest?.uri === uri) this.latest = null;
  }

  /**
   * The document `from` is under a new name now (a file renamed, an untitled document saved as a
   * file), with the text it had at `version`: its analyses of that version are of `to` (its name and
   * version), for hovers, decorations, cache lookups and the panel alike; older ones go. The one
   * place an analysis changes: the same objects, which the panel may hold, name the new document.
   */
  rename(from: string, version: number, to: { readonly uri: string; readonly name: string; readonly version: number }): void {
    const list = this.byDocument.get(from) ?? [];
    this.byDocument.delete(from);
    for (const e of list) if (e.version !== version) this.drop(e, false);
    const moved = list.filter((e) => e.version === version);
    for (const e of moved) {
      const document = { ...e.shown.document, uri: to.uri, name: to.name, version: to.version };
      Object.assign(e, { uri: to.uri, version: to.version, shown: { ...e.shown, document } });
    }
    const there = this.byDocument.get(to.uri) ?? [];
    for (const e of there) if (e.version !== to.version) this.drop(e, false);
    const kept = [...moved, ...there.filter((e) => e.version === to.version)];
    for (const e of kept.slice(PER_DOCUMENT)) this.drop(e, false);
    if (kept.length) this.byDocument.set(to.uri, kept.slice(0, PER_DOCUMENT));
    // The views that follow the latest name it anew (the side view), and colour the new name (the spotlight).
    if (this.latest && moved.includes(this.latest)) for (const listener of this.added) listener(this.latest);
  }

  /** Whether `entry`'s document was closed since it was made (see the header). */
  isClosed(entry: StoredAnalysis): boolean {
    return this.closed.includes(entry);
  }

  /** The document was closed: its analyses no longer belong to any version of it (see the header). */
  close(uri: string): void {
    const list = this.byDocument.get(uri);
    if (!list) return;
    this.byDocument.delete(uri);
    this.closed.push(...list);
    for (const e of this.closed.slice(0, Math.max(0, this.closed.length - CLOSED_KEPT))) this.drop(e, true);
  }

  private touch(entry: StoredAnalysis): StoredAnalysis {
    const size = this.lru.get(entry);
    if (size !== undefined) {
      this.lru.delete(entry);
      this.lru.set(entry, size);
    }
    return entry;
  }

  private drop(entry: StoredAnalysis, fromList: boolean): void {
    const size = this.lru.get(entry);
    if (size === undefined) return;
    this.lru.delete(entry);
    this.total -= size;
    this.onDrop(entry);
    if (this.latest === entry) this.latest = null;
    if (fromList) {
      const list = this.byDocument.get(entry.uri)?.filter((e) => e !== entry) ?? [];
      if (list.length) this.byDocument.set(entry.uri, list);
      else this.byDocument.delete(entry.uri);
      this.closed = this.closed.filter((e) => e !== entry);
    }
  }

  private evict(...keep: (StoredAnalysis | null)[]): void {
    // `keep` (the latest analysis, which the views show, and the one just added) stays even beyond the budget.
    for (const entry of [...this.lru.keys()]) {
      if (this.total <= this.budget) break;
      if (!keep.includes(entry)) this.drop(entry, true);
    }
  }
}

/** The token whose source range holds `offset` (a token ending at `offset` counts when none starts there). */
export function tokenAt(entry: StoredAnalysis, offset: number): number | null {
  const local = offset - entry.base;
  const tokens = entry.shown.result.tokens;
  let touching: number | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.start === null || t.end === null) continue;
    if (t.start <= local && local < t.end) return i;
    if (t.end === local) touching = i;
  }
  return touching;
}
