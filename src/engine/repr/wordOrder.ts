/**
 * The word-order experiment with a loaded model (engine runtime): the words of a text in a seeded
 * random order; a bag of words cannot tell the two apart (its cosine is 1), the model can. Each
 * order is analyzed with its hidden states: the last layer's attention (mean over heads), the
 * cosine of the two mean token vectors per layer (layer 0: the static input-embedding rows, the
 * same bag of tokens), and the predictions — a decoder's next tokens, an encoder's fillers of one
 * word masked in both orders (the original's last word).
 *
 *   const r = await wordOrder(model, { text: 'el banco del río estaba lleno de barro', seed: 1 });
 *   r.bagOfWords; // 1
 *   r.representation.at(-1)?.cosine; // < 1
 */
import { layerToFloat32, type AnalysisResult } from '../../protocol/analysis';
import { MAX_SHUFFLE_WORDS, type WordOrderRequest, type WordOrderResult, type WordOrderSide } from '../../protocol/reprViews';
import { analyze } from '../analyze';
import { EngineError } from '../errors';
import type { LoadedModel } from '../model';
import { embeddingTable, type EmbeddingTable } from './embedding';
import { bagCosine, bagOfWords, cosineOf, meanRow, shuffleWords } from './sensesMath';

const TOP = 5;

/** The mean over heads of one layer (heads × T × T) as T × T. */
function meanOverHeads(layer: Float32Array, T: number): Float32Array {
  const heads = layer.length / (T * T);
  const out = new Float32Array(T * T);
  for (let h = 0; h < heads; h++) for (let i = 0; i < T * T; i++) out[i] += layer[h * T * T + i] / heads;
  return out;
}

/** Per layer, the mean vector of the text tokens (layer 0 from the static rows). */
function meanVectors(result: AnalysisResult, table: EmbeddingTable): Float32Array[] {
  const hidden = result.hidden;
  if (!hidden) throw new EngineError('bad-input', `${result.model.id}: its hidden states cannot be located in the graph`);
  const text = result.tokens.flatMap((t, i) => (t.special ? [] : [i]));
  const ids = result.tokens.map((t) => t.id);
  const statics = new Float32Array(ids.length * table.width);
  ids.forEach((id, i) => statics.set(table.data.subarray(id * table.width, (id + 1) * table.width), i * table.width));
  return [statics, ...hidden.states.slice(1)].map((rows) => meanRow(rows, hidden.width, text));
}

async function side(model: LoadedModel, text: string, maskWord: string | null): Promise<{ side: WordOrderSide; result: AnalysisResult }> {
  const L = model.patched.outputs.attentions.length;
  const result = await analyze(model, { text, hidden: true, layers: [L - 1], topK: TOP });
  if (result.window) throw new EngineError('bad-input', `the text is ${result.window.total} tokens; the experiment takes at most ${result.window.limit}`);
  const T = result.tokens.length;
  const attention = meanOverHeads(layerToFloat32(result.attention.probs[0], result.attention.precision), T);
  let predictions = result.predictions.next;
  if (maskWord !== null) {
    const at = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_])${maskWord.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{M}\\p{N}_])`, 'u').exec(text);
    if (at) {
      const masked = await analyze(model, { text, maskChars: [{ start: at.index, end: at.index + maskWord.length }], layers: [L - 1], topK: TOP });
      predictions = masked.predictions.masked[0]?.top ?? [];
    } else predictions = [];
  }
  return { side: { text, tokens: result.tokens.map((t) => t.text), attention, predictions: predictions.slice(0, TOP) }, result };
}

export async function wordOrder(model: LoadedModel, request: WordOrderRequest): Promise<WordOrderResult> {
  const { text, seed } = request;
  if (typeof text !== 'string' || text.trim().length === 0) throw new EngineError('bad-input', 'the text is empty');
  if (!Number.isInteger(seed) || seed < 0) throw new EngineError('bad-input', `the seed must be a whole number ≥ 0, got ${seed}`);
  const words = text.trim().split(/\s+/u);
  if (words.length < 2) throw new EngineError('bad-input', 'the experiment needs at least two words');
  if (words.length > MAX_SHUFFLE_WORDS)
    throw new EngineError('bad-input', `the text has ${words.length} words; the experiment shuffles at most ${MAX_SHUFFLE_WORDS}`);
  const original = words.join(' ');
  const shuffled = shuffleWords(words, seed).join(' ');
  const encoder = model.facts.kind === 'encoder' && model.facts.maskToken !== null;
  // The original's last word with a letter or digit, stripped of punctuation around it.
  const maskWord = encoder
    ? ([...words]
        .reverse()
        .map((w) => /[\p{L}\p{M}\p{N}_]+/u.exec(w)?.[0] ?? null)
        .find((w) => w !== null) ?? null)
    : null;
  const table = await embeddingTable(model);
  const a = await side(model, original, maskWord);
  const b = await side(model, shuffled, maskWord);
  const [va, vb] = [meanVectors(a.result, table), meanVectors(b.result, table)];
  return {
    model: model.facts.id,
    kind: model.facts.kind,
    seed,
    original: a.side,
    shuffled: b.side,
    bagOfWords: bagCosine(bagOfWords(original), bagOfWords(shuffled)),
    words: words.length,
    representation: va.map((v, layer) => ({ layer, cosine: cosineOf(v, vb[layer]) })),
    masked: maskWord,
  };
}
