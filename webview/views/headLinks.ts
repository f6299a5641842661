/**
 * The head view's links, free of the DOM (pure: browser and Node): which head selections it asks
 * the worker for (each head of a set in its own colour), and each reply's links indexed by query
 * and by key, so that a hover draws one token's lines without scanning them all.
 */
import type { Combine, HeadSelection, LinksReply } from '../../src/protocol/views';

/** One list's links indexed by query (CSR) and by key. */
export interface Indexed {
  readonly query: Uint16Array;
  readonly keyIndex: Uint16Array;
  readonly weight: Float32Array;
  /** Links of query q: [byQuery[q], byQuery[q+1]). */
  readonly byQuery: Int32Array;
  /** Link indices sorted by key; links into key k: byKeyOrder[byKey[k] .. byKey[k+1]). */
  readonly byKey: Int32Array;
  readonly byKeyOrder: Int32Array;
  readonly max: number;
}

/** The head selections the view asks links for: each head of a set in its own colour. */
export function selectionsOf(combine: Combine): HeadSelection[] {
  switch (combine.kind) {
    case 'set':
      return combine.heads.map((head) => ({ kind: 'head', head }));
    case 'rollout':
      return [{ kind: 'mean' }];
    default:
      return [combine];
  }
}

export function indexLinks(list: LinksReply['lists'][number], axis: number): Indexed {
  const n = list.query.length;
  const byQuery = new Int32Array(axis + 1);
  const byKey = new Int32Array(axis + 1);
  let max = 0;
  for (let i = 0; i < n; i++) {
    byQuery[list.query[i] + 1]++;
    byKey[list.keyIndex[i] + 1]++;
    if (list.weight[i] > max) max = list.weight[i];
  }
  for (let i = 0; i < axis; i++) {
    byQuery[i + 1] += byQuery[i];
    byKey[i + 1] += byKey[i];
  }
  const fill = byKey.slice(0, axis);
  const byKeyOrder = new Int32Array(n);
  for (let i = 0; i < n; i++) byKeyOrder[fill[list.keyIndex[i]]++] = i;
  return { query: list.query, keyIndex: list.keyIndex, weight: list.weight, byQuery, byKey, byKeyOrder, max };
}
