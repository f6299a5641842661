/**
 * Word senses with a loaded model (engine runtime): every whole-word occurrence of a word in a
 * text, each occurrence's vector per layer (the mean over its tokens), and per layer the
 * occurrences' cosine matrix, principal plane and two clusters. Layer 0 is the static
 * input-embedding rows (embedding.ts: the same token gives the same row wherever it is — the
 * lesson); layer l ≥ 1 the residual stream after block l (the probes' hidden states). A long text
 * is not run whole: occurrences are read in windows around them (WINDOW_TOKENS at most, several
 * occurrences sharing one when they are close), so the cost follows the occurrences, not the file.
 * Several texts (files the user picked) are searched in order; a window never crosses texts. Past
 * the cap, the first occurrences are read, and the one at the cursor (the request's `at`) always.
 *
 *   const r = await senses(model, { text, word: 'banco' });
 *   r.layers[0].cosine; // N × N, all 1 for a one-token word
 */
import type { NearToken, SenseOccurrence, SensesLayer, SensesRequest, SensesResult } from '../../protocol/reprViews';
import { MAX_OCCURRENCES, MAX_SENSE_TEXTS, MAX_STATIC_ROWS } from '../../protocol/reprViews';
import { prepareInput, type PreparedInput } from '../analyze';
import { EngineError } from '../errors';
import type { LoadedModel } from '../model';
import { run } from '../runModel';
import { embedding, embeddingTable, type EmbeddingTable } from './embedding';
import { cosine, gram, principalPlane } from './positionMath';
import { meanRow, nearestRows, twoClusters, wholeWords } from './sensesMath';
import { overlaps } from '../../protocol/spans';
import { shownPath } from '../paths';

/** Tokens of one window (the model's maximum caps it). */
export const WINDOW_TOKENS = 64;
/**
 * Characters read each side of an occurrence before the token cap: about WINDOW_TOKENS in all at
 * three characters a token, so that a window is seldom tokenized twice to fit.
 */
const MARGIN_CHARS = 100;
/** Nearest tokens of the window listed per occurrence and layer. */
const NEAREST = 3;

/** What one window run gives each of its occurrences: their vector per layer and their window's token rows. */
interface Read {
  readonly occurrence: SenseOccurrence;
  /** Per layer, the occurrence's vector. */
  readonly vectors: Float32Array[];
  /** Per layer, the window's rows (T × width); shared by the window's occurrences. */
  readonly rows: Float32Array[];
  /** The window's text tokens that are no occurrence of the word, with their characters. */
  readonly others: { readonly row: number; readonly start: number; readonly end: number }[];
}

function staticRows(table: EmbeddingTable, ids: readonly number[]): Float32Array {
  const { width, data } = table;
  const out = new Float32Array(ids.length * width);
  ids.forEach((id, i) => out.set(data.subarray(id * width, (id + 1) * width), i * width));
  return out;
}

/** A whole-word match in text `source`. */
interface Found {
  readonly source: number;
  readonly start: number;
  readonly end: number;
}

/**
 * The input of the window that reads `first`: WINDOW_TOKENS of `range` around its start; a word of
 * more tokens than that gets as many as the model reads at once, centred on it; one of more than
 * that is refused in words.
 */
function windowAround(model: LoadedModel, text: string, range: { start: number; end: number }, first: Found): PreparedInput {
  const holds = (input: PreparedInput): boolean => input.win.start <= first.start && first.end <= input.win.end;
  const max = model.facts.maxPositions;
  const input = prepareInput(model, { text, range, focus: first.start, maxTokens: Math.min(WINDOW_TOKENS, max) });
  if (holds(input) || WINDOW_TOKENS >= max) return input;
  const around = { start: Math.max(0, first.start - MARGIN_CHARS), end: Math.min(text.length, first.end + MARGIN_CHARS) };
  const wide = prepareInput(model, { text, range: around, focus: first.start + ((first.end - first.start) >> 1), maxTokens: max });
  if (holds(wide)) return wide;
  const chars = [...text.slice(first.start, first.end)];
  const word = chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : chars.join('');
  throw new EngineError(
    'bad-input',
    `the occurrence of "${word}" at character ${first.start} is more tokens than ${shownPath(model.facts.id)} reads at once (${max})`,
  );
}

/** Runs one window around `pending[0]` and reads every pending occurrence of its text it holds whole; returns what it read. */
async function readWindow(
  model: LoadedModel,
  texts: readonly string[],
  pending: readonly Found[],
  all: readonly Found[],
  table: EmbeddingTable,
): Promise<Read[]> {
  const first = pending[0];
  const text = texts[first.source];
  const every = all.filter((o) => o.source === first.source);
  pending = pending.filter((o) => o.source === first.source);
  // `first` always: a word longer than the margins (a long identifier) ends past them.
  const group = pending.filter((o) => o === first || o.end <= first.start + 2 * MARGIN_CHARS);
  const last = group[group.length - 1];
  const range = { start: Math.max(0, first.start - MARGIN_CHARS), end: Math.min(text.length, last.end + MARGIN_CHARS) };
  const { win, spans, ids } = windowAround(model, text, range, first);
  const hidden = model.patched.outputs.probes?.hidden;
  if (!hidden)
    throw new EngineError('bad-input', `${shownPath(model.facts.id)}: its hidden states cannot be located in the graph, so word senses are not available`);
  const outputs = await run(model, ids, win.enc.typeIds, { probs: [], scores: [], heads: false, extra: hidden });
  const T = ids.length;
  const width = table.width;
  const stream = hidden.map((name) => outputs[name].data as Float32Array);
  if (stream[0].length !== T * width) {
    throw new EngineError(
      'unsupported-architecture',
      `${shownPath(model.facts.id)}: its hidden states are ${stream[0].length / T} wide, its embedding table ${width}`,
    );
  }
  const rows = [staticRows(table, ids), ...stream.slice(1)];
  const textTokens = spans.flatMap((s, i) =>
    !win.enc.fromTemplate[i] && s.start !== null && s.end !== null ? [{ row: i, start: win.start + s.start, end: win.start + s.end }] : [],
  );
  // The nearest tokens leave out every occurrence of the word: the other occurrences would top the list.
  const inWindow = every.filter((o) => overlaps(o.start, o.end, win.start, win.end));
  const others = textTokens.filter((t) => !inWindow.some((o) => overlaps(t.start, t.end, o.start, o.end)));
  const out: Read[] = [];
  for (const o of group) {
    if (o.start < win.start || o.end > win.end) continue;
    const mine = textTokens.filter((t) => overlaps(t.start, t.end, o.start, o.end));
    if (mine.length === 0) continue;
    out.push({
      occurrence: { source: o.source, start: o.start, end: o.end, ids: mine.map((t) => ids[t.row]), window: { start: win.start, end: win.end } },
      vectors: rows.map((r) =>
        meanRow(
          r,
          width,
          mine.map((t) => t.row),
        ),
      ),
      rows,
      others,
    });
  }
  if (!out.some((r) => r.occurrence.start === first.start)) {
    throw new EngineError('internal', `the occurrence at ${first.start} did not fit its window (${win.start}–${win.end})`);
  }
  return out;
}

/**
 * The tokens whose static rows the result carries: every spelling's ("Banco" and "banco" are
 * different tokens, and why layer 0 differs), each once, in the order they first occur; past
 * MAX_STATIC_ROWS, the cursor's and the first ones.
 */
function staticIds(reads: readonly Read[], cursor: number): number[] {
  const all = [...new Set(reads.flatMap((r) => r.occurrence.ids))];
  if (all.length <= MAX_STATIC_ROWS) return all;
  const mine = new Set(cursor < 0 ? [] : reads[cursor].occurrence.ids);
  const room = Math.max(0, MAX_STATIC_ROWS - mine.size);
  const others = new Set(all.filter((id) => !mine.has(id)).slice(0, room));
  return all.filter((id) => mine.has(id) || others.has(id));
}

function layerOf(layer: number, reads: readonly Read[], width: number, texts: readonly string[]): SensesLayer {
  const n = reads.length;
  const stacked = new Float32Array(n * width);
  reads.forEach((r, i) => stacked.set(r.vectors[layer], i * width));
  const g = gram(stacked, width, 0, n);
  const cos = cosine(g, n);
  const nearest = reads.map((r): NearToken[] =>
    nearestRows(
      r.rows[layer],
      width,
      r.others.map((t) => t.row),
      r.vectors[layer],
      NEAREST,
    ).map(({ row, cosine: c }) => {
      const t = r.others.find((o) => o.row === row) as { start: number; end: number };
      return { text: texts[r.occurrence.source].slice(t.start, t.end), start: t.start, end: t.end, cosine: c };
    }),
  );
  return { layer, cosine: cos, projection: principalPlane(g, n), clusters: twoClusters(cos, n), nearest };
}

export async function senses(model: LoadedModel, request: SensesRequest): Promise<SensesResult> {
  const { word } = request;
  const texts = typeof request.text === 'string' ? [request.text] : request.text;
  if (!Array.isArray(texts) || texts.length < 1 || texts.length > MAX_SENSE_TEXTS || !texts.every((x) => typeof x === 'string'))
    throw new EngineError('bad-input', `word senses take one text or up to ${MAX_SENSE_TEXTS}`);
  if (texts.every((x) => x.length === 0)) throw new EngineError('bad-input', texts.length === 1 ? 'the text is empty' : 'the texts are empty');
  if (typeof word !== 'string' || !/[\p{L}\p{N}]/u.test(word)) throw new EngineError('bad-input', 'the word has no letter or digit');
  const cap = request.maxOccurrences ?? MAX_OCCURRENCES;
  if (!Number.isInteger(cap) || cap < 1 || cap > MAX_OCCURRENCES)
    throw new EngineError('bad-input', `at most 1–${MAX_OCCURRENCES} occurrences can be analyzed, asked for ${cap}`);
  const at = request.at;
  if (at !== undefined && !(Number.isInteger(at?.source) && at.source >= 0 && at.source < texts.length && Number.isInteger(at.offset) && at.offset >= 0))
    throw new EngineError('bad-input', `the cursor must be a character of one of the ${texts.length} ${texts.length === 1 ? 'text' : 'texts'}`);
  const all: Found[] = texts.flatMap((text, source) => wholeWords(text, word).map(({ start, end }) => ({ source, start, end })));
  if (all.length === 0) throw new EngineError('bad-input', `"${word.trim()}" does not occur as a whole word in the ${texts.length === 1 ? 'text' : 'texts'}`);
  const table = await embeddingTable(model);
  const t0 = performance.now();
  // The cursor's occurrence always: a large text's first occurrences may all lie before it.
  const cursor = at === undefined ? undefined : all.find((o) => o.source === at.source && o.start <= at.offset && at.offset < o.end);
  const added = cursor !== undefined && all.indexOf(cursor) >= cap;
  let pending = added ? [...all.slice(0, cap - 1), cursor] : all.slice(0, cap);
  const reads: Read[] = [];
  let runs = 0;
  while (pending.length > 0) {
    const got = await readWindow(model, texts, pending, all, table);
    runs++;
    reads.push(...got);
    const done = new Set(got.map((r) => r.occurrence.start));
    const source = pending[0].source;
    pending = pending.filter((o) => o.source !== source || !done.has(o.start));
  }
  const runMs = performance.now() - t0;
  const layers = reads[0].vectors.map((_, l) => layerOf(l, reads, table.width, texts));
  const index = cursor === undefined ? -1 : reads.findIndex((r) => r.occurrence.source === cursor.source && r.occurrence.start === cursor.start);
  const statics = await Promise.all(staticIds(reads, index).map((id) => embedding(model, id)));
  return {
    model: model.facts.id,
    word: word.trim(),
    occurrences: reads.map((r) => r.occurrence),
    found: all.length,
    ...(index < 0 ? {} : { at: { index, added } }),
    layers,
    static: statics,
    runs,
    runMs,
  };
}
