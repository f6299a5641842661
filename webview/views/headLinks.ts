/**
 * The head view's links and places, free of the DOM (pure: browser and Node): which head
 * selections it asks the worker for (each head of a set in its own colour), each reply's links
 * indexed by query and by key, so that a hover draws one token's lines without scanning them all,
 * and where each token sits on the stage (the ends its lines attach to, and which token a point hits).
 */
import type { Combine, HeadSelection, LinksReply } from '../../src/protocol/views';
import { t } from '../common/l10n';

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

/** A selection in the legend: "head 2", "mean", "max". */
export function selectionLabel(h: HeadSelection): string {
  return h.kind === 'head' ? t('head {0}', h.head) : h.kind === 'set' ? t('set') : h.kind === 'max' ? t('max') : t('mean');
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

/** The stage as laid out: two columns of `row`-px rows, or two rows of tokens across. */
export interface HeadStage {
  readonly layout: 'columns' | 'rows';
  /** Tokens on the axis. */
  readonly count: number;
  readonly width: number;
  readonly height: number;
  readonly row: number;
}

export type Side = 'query' | 'key';

/** Padding, the columns' label width and the rows' label band, px. */
export const PAD = 8;
const LABEL_W = 120;
const LABEL_BAND = 70;

/** Where token i sits on a side: the end of its label that lines attach to. */
export function anchorOf(stage: HeadStage, side: Side, i: number): { x: number; y: number } {
  if (stage.layout === 'columns') return { x: side === 'query' ? LABEL_W + PAD : stage.width - LABEL_W - PAD, y: PAD + (i + 0.5) * stage.row };
  const step = (stage.width - 2 * PAD) / Math.max(1, stage.count);
  return { x: PAD + (i + 0.5) * step, y: side === 'query' ? LABEL_BAND : stage.height - LABEL_BAND };
}

/** The token and side at a point of the stage (px from its top left), or null off the tokens. */
export function tokenAt(stage: HeadStage, x: number, y: number): { side: Side; token: number } | null {
  const n = stage.count;
  if (n === 0) return null;
  const columns = stage.layout === 'columns';
  const i = columns ? Math.floor((y - PAD) / stage.row) : Math.floor((x - PAD) / ((stage.width - 2 * PAD) / n));
  if (i < 0 || i >= n) return null;
  const first = columns ? x < stage.width / 2 : y < stage.height / 2;
  return { side: first ? 'query' : 'key', token: i };
}
