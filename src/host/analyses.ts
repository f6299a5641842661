/**
 * The analyses the host has made, per document (extension host, free of `vscode` so that it is
 * unit-tested in Node). An analysis belongs to one document version: after an edit it is never
 * used for hovers again (its offsets would point at other text), but the panel may still show it.
 *
 * The engine worker keeps each analysis's tensors; `onDrop` hears of every analysis the store lets
 * go (older versions of a document, more than PER_DOCUMENT, a forgotten document) so that the
 * worker can release them.
 */
import type { ShownAnalysis } from '../protocol/webviewApi';

export interface StoredAnalysis {
  readonly shown: ShownAnalysis;
  readonly uri: string;
  readonly version: number;
  /** Document offset of the analyzed text's first character (token offsets are relative to it). */
  readonly base: number;
}

const PER_DOCUMENT = 8;

export class AnalysisStore {
  private nextId = 1;
  private readonly byDocument = new Map<string, StoredAnalysis[]>();
  private latest: StoredAnalysis | null = null;

  constructor(private readonly onDrop: (entry: StoredAnalysis) => void = () => undefined) {}

  newId(): number {
    return this.nextId++;
  }

  add(entry: StoredAnalysis): void {
    const before = this.byDocument.get(entry.uri) ?? [];
    const list = [entry, ...before.filter((e) => e.version === entry.version)].slice(0, PER_DOCUMENT);
    this.byDocument.set(entry.uri, list);
    this.latest = entry;
    for (const e of before) if (!list.includes(e)) this.drop(e);
  }

  /** The last analysis made anywhere. */
  get last(): StoredAnalysis | null {
    return this.latest;
  }

  latestFor(uri: string): StoredAnalysis | null {
    return this.byDocument.get(uri)?.[0] ?? null;
  }

  byId(id: number): StoredAnalysis | null {
    for (const list of this.byDocument.values()) for (const e of list) if (e.shown.id === id) return e;
    return null;
  }

  /** The newest analysis of this document version with a token covering `offset`, and that token. */
  at(uri: string, version: number, offset: number): { entry: StoredAnalysis; token: number } | null {
    for (const entry of this.byDocument.get(uri) ?? []) {
      if (entry.version !== version) continue;
      const token = tokenAt(entry, offset);
      if (token !== null) return { entry, token };
    }
    return null;
  }

  forget(uri: string): void {
    const list = this.byDocument.get(uri) ?? [];
    this.byDocument.delete(uri);
    if (this.latest?.uri === uri) this.latest = null;
    for (const e of list) this.drop(e);
  }

  /** Still reachable: in a document's list or the last analysis. */
  private held(entry: StoredAnalysis): boolean {
    return this.latest === entry || (this.byDocument.get(entry.uri)?.includes(entry) ?? false);
  }

  private drop(entry: StoredAnalysis): void {
    if (!this.held(entry)) this.onDrop(entry);
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
