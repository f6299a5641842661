/**
 * A loaded model's static token vectors (engine runtime): its input-embedding table, read from the
 * graph's initializer that a Gather looks `input_ids` up in (the graph the session runs, through
 * graphFacts.ts's reader), a token's row of it and the vocabulary entries nearest that row by
 * cosine — the "word2vec view": one fixed vector per token, whatever its context. Read once per
 * model; the table's row norms are kept with it for the neighbour search.
 *
 *   const s = await embedding(model, 'banco');   // or a token id
 *   s.row;            // the initializer's row, exactly
 *   s.neighbours[0];  // { id, token, cosine }
 */
import type { onnx } from 'onnx-proto';
import type { StaticEmbedding } from '../../protocol/reprViews';
import { tokenizerInfo, type TokenizerInfo } from '../align/tokenizerInfo';
import { EngineError } from '../errors';
import { innerTokenizer, type LoadedModel } from '../model';
import { collect, derivesFrom } from '../onnx/positionTable';
import { readGraphs, tensorValues } from './graphFacts';
import { shownPath } from '../paths';

export interface EmbeddingTable {
  readonly name: string;
  readonly rows: number;
  readonly width: number;
  /** rows × width, row-major. */
  readonly data: Float32Array;
  /** Each row's length. */
  readonly norms: Float64Array;
}

const FLOAT_TYPES = new Set([1, 10, 11, 16]); // FLOAT, FLOAT16, DOUBLE, BFLOAT16
const WORD_NAME = /word|wte|embed_tokens|token_embed|tok_emb|shared/i;
const tables = new WeakMap<LoadedModel, Promise<EmbeddingTable>>();
const infos = new WeakMap<object, TokenizerInfo>();

/** The input-embedding table of a model, read once. */
export function embeddingTable(model: LoadedModel): Promise<EmbeddingTable> {
  let pending = tables.get(model);
  if (!pending) {
    pending = readTable(model);
    tables.set(model, pending);
    pending.catch(() => tables.delete(model));
  }
  return pending;
}

async function readTable(model: LoadedModel): Promise<EmbeddingTable> {
  const id = shownPath(model.facts.id);
  const graphs = await readGraphs(model);
  const nodes: onnx.INodeProto[] = [];
  const inits = new Map<string, onnx.ITensorProto>();
  for (const graph of graphs) collect(graph, nodes, inits);
  const candidates = nodes
    .filter((n) => n.opType === 'Gather' && Number((n.attribute ?? []).find((a) => a.name === 'axis')?.i ?? 0) === 0)
    .map((n) => ({ node: n, data: inits.get(n.input?.[0] ?? '') }))
    .filter(
      (c): c is { node: onnx.INodeProto; data: onnx.ITensorProto } =>
        c.data !== undefined && (c.data.dims ?? []).length === 2 && derivesFrom(nodes, c.node.input?.[1] ?? '', 'input_ids'),
    );
  const rowsOf = (t: onnx.ITensorProto): number => Number((t.dims ?? [])[0]);
  // The table has a row per vocabulary entry; a position table can derive from input_ids too (RoBERTa).
  const pick =
    candidates.find((c) => rowsOf(c.data) === model.facts.vocabSize && WORD_NAME.test(c.data.name ?? '')) ??
    candidates.find((c) => rowsOf(c.data) === model.facts.vocabSize) ??
    candidates.sort((x, y) => rowsOf(y.data) - rowsOf(x.data))[0];
  if (!pick) throw new EngineError('unsupported-architecture', `${id}: no input-embedding table found in its graph (no Gather of input_ids from a weight)`);
  if (!FLOAT_TYPES.has(pick.data.dataType ?? 0)) {
    throw new EngineError(
      'unsupported-architecture',
      `${id}: its input-embedding table ${pick.data.name ?? ''} is quantized; this view reads float tables only`,
    );
  }
  const [rows, width] = (pick.data.dims ?? []).map(Number);
  const data = tensorValues(pick.data, id);
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let k = 0; k < width; k++) s += data[r * width + k] ** 2;
    norms[r] = Math.sqrt(s);
  }
  return { name: pick.data.name ?? '', rows, width, data, norms };
}

/** id → vocabulary string of the model's tokenizer. */
export function vocabulary(model: LoadedModel): (id: number) => string {
  let info = infos.get(model.tokenizer);
  if (!info) infos.set(model.tokenizer, (info = tokenizerInfo(model.tokenizer)));
  const vocab = info.vocab;
  return (id) => vocab[id] ?? `[${id}]`;
}

/** The `k` vocabulary rows nearest row `id` by cosine (itself left out), best first. */
export function neighbours(table: EmbeddingTable, id: number, k: number): { id: number; cosine: number }[] {
  const { data, width, norms, rows } = table;
  const base = id * width;
  const best: { id: number; cosine: number }[] = [];
  const n0 = norms[id];
  if (!(n0 > 0)) return best;
  for (let r = 0; r < rows; r++) {
    if (r === id || !(norms[r] > 0)) continue;
    let dot = 0;
    const at = r * width;
    for (let j = 0; j < width; j++) dot += data[base + j] * data[at + j];
    const c = dot / (n0 * norms[r]);
    if (best.length < k || c > best[best.length - 1].cosine) {
      best.push({ id: r, cosine: c });
      best.sort((x, y) => y.cosine - x.cosine || x.id - y.id);
      if (best.length > k) best.pop();
    }
  }
  return best;
}

/** The token id of `token`: an id as is, a string its vocabulary entry or, failing that, its first token. */
function tokenId(model: LoadedModel, token: string | number): number {
  if (typeof token === 'number') {
    if (!Number.isInteger(token) || token < 0 || token >= model.facts.vocabSize)
      throw new EngineError('bad-input', `token id ${token} is outside the vocabulary (0–${model.facts.vocabSize - 1})`);
    return token;
  }
  const inner = innerTokenizer(model.tokenizer);
  const ids = inner.encode(token, { add_special_tokens: false }).ids;
  if (ids.length === 0) throw new EngineError('bad-input', `"${token}" gives no token`);
  const word = vocabulary(model);
  return ids.find((i) => word(i) === token) ?? ids[0];
}

/** A token's static row and its `k` nearest vocabulary neighbours. */
export async function embedding(model: LoadedModel, token: string | number, k = 8): Promise<StaticEmbedding> {
  const table = await embeddingTable(model);
  const id = tokenId(model, token);
  if (id >= table.rows) throw new EngineError('bad-input', `token id ${id} has no row in ${table.name} (${table.rows} rows)`);
  const word = vocabulary(model);
  return {
    id,
    token: word(id),
    table: { name: table.name, rows: table.rows, width: table.width },
    row: table.data.slice(id * table.width, (id + 1) * table.width),
    neighbours: neighbours(table, id, k).map((n) => ({ id: n.id, token: word(n.id), cosine: n.cosine })),
  };
}
