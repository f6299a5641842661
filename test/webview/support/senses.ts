/**
 * Word Senses messages for the webview tests (plain Node, posting into headless Chromium): the
 * message as the tests write it (plain numbers where the contract has Float32Arrays, writable so a
 * test can spoil one field), builders for its usual parts, and `postSenses`, which makes the
 * arrays typed in the page, as VS Code delivers them, and settles.
 *
 *   const message = sensesMessage({ id: 7, document: 'banco.txt', lines: [1, 2, 4],
 *     occurrences: occurrencesAt([3, 40, 90]), layers: [sensesLayer(0, ONES, near), sensesLayer(1, cosines, near)] });
 *   await postSenses(v, message);
 */
import type { SensesMessage } from '../../../src/protocol/reprViews';
import type { ViewPage } from './browser';

type Wire<T> = T extends Float32Array ? number[] : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { -readonly [K in keyof T]: Wire<T[K]> } : T;

/** A `senses` message with plain arrays for its Float32Arrays. */
export type SensesWire = Wire<SensesMessage>;
export type SensesLayerWire = SensesWire['result']['layers'][number];
type Result = SensesWire['result'];

/** Three occurrences spread on the first component: the first apart, the other two together. */
const SPREAD = [1, 0, -0.5, 0.1, -0.5, -0.1];

/** One layer of the result; `nearest` holds one list per occurrence. */
export function sensesLayer(
  layer: number,
  cosine: number[],
  nearest: SensesLayerWire['nearest'],
  { points = SPREAD, clusters = [0, 1, 1] }: { points?: number[]; clusters?: number[] } = {},
): SensesLayerWire {
  return { layer, cosine, projection: { points, explained: [0.9, 0.1] }, clusters, nearest };
}

/** Occurrences of a five-letter word (one token, `ids`) at `starts` of a single text read in one window. */
export const occurrencesAt = (starts: readonly number[], ids = [11]): Result['occurrences'] =>
  starts.map((start) => ({ source: 0, start, end: start + 5, ids: [...ids], window: { start: 0, end: 120 } }));

/** A token's static row (always [0, 0.25, 0.5, 0.75]) and its one vocabulary neighbour, whose id follows its own. */
export function staticRow(id: number, token: string, neighbour: string, cosine: number, rows = 100): Result['static'][number] {
  return {
    id,
    token,
    table: { name: 'embeddings.word_embeddings.weight', rows, width: 4 },
    row: [0, 0.25, 0.5, 0.75],
    neighbours: [{ id: id + 1, token: neighbour, cosine }],
  };
}

/**
 * A message of tiny-bert-es-en's senses of «banco», one run of 3 ms; `found` defaults to the
 * occurrences given, `static` to «banco» (id 11) with «bancos» at 0.61.
 */
export function sensesMessage(
  parts: Pick<SensesWire, 'id' | 'document' | 'lines'> & Pick<Result, 'occurrences' | 'layers'> & Partial<Pick<Result, 'found' | 'static'>>,
): SensesWire {
  const { id, document, lines, occurrences, layers, found = occurrences.length, static: rows = [staticRow(11, 'banco', 'bancos', 0.61)] } = parts;
  return { id, document, lines, result: { model: 'tiny-bert-es-en', word: 'banco', found, runs: 1, runMs: 3, occurrences, layers, static: rows } };
}

/** Posts a `senses` message as VS Code delivers it (typed arrays), with no named function in the page's code, and settles. */
export async function postSenses(v: ViewPage, message: SensesWire): Promise<void> {
  await v.page.evaluate((p) => {
    const result = p.result as { layers: { cosine: unknown; projection: { points: unknown } }[]; static: { row: unknown }[] };
    for (const l of result.layers) {
      l.cosine = Float32Array.from(l.cosine as number[]);
      l.projection.points = Float32Array.from(l.projection.points as number[]);
    }
    for (const s of result.static) s.row = Float32Array.from(s.row as number[]);
    window.postMessage({ rpc: 'notify', method: 'senses', params: p }, '*');
  }, message);
  await v.settle();
}
