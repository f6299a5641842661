/**
 * The CLI's JSON form of an analysis (plain Node). Typed arrays become nested number arrays here,
 * at the very edge, because a JSON reader wants `attentions[layer][head][query][key]`. They are
 * written a row at a time, in writes of about WRITE_CHARS: a real model's attention (GPT-2 at 1024
 * tokens: 12 × 12 × 1024² numbers, about 1.4 GB of JSON) is more than one string can hold (V8:
 * 512 MiB), and as nested arrays of numbers more than the heap.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { layerToFloat32, type AnalysisResult, type AttentionLayer } from '../protocol/analysis';
import { terminalSafeJson } from './show';

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** A part of the JSON that is written piece by piece (a tensor), never held whole. */
class Streamed {
  constructor(readonly pieces: () => Iterable<string>) {}
}

/** `data` (row-major, `dims`) as nested JSON arrays, one row (the last dimension) a piece, each number rounded to 6 decimals. */
function* nested(data: Float32Array, dims: readonly number[], offset = 0): Generator<string> {
  const [n, ...rest] = dims;
  if (rest.length === 0) {
    yield JSON.stringify(Array.from(data.subarray(offset, offset + n), round));
    return;
  }
  const size = rest.reduce((a, b) => a * b, 1);
  yield '[';
  for (let i = 0; i < n; i++) {
    if (i > 0) yield ',';
    yield* nested(data, rest, offset + i * size);
  }
  yield ']';
}

/** Arrays of row-major tensors, each `dims`, read one at a time (`read` may convert, e.g. from float16). */
function tensors<T>(items: readonly T[], read: (item: T) => Float32Array, dims: readonly number[]): Streamed {
  return new Streamed(function* () {
    yield '[';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) yield ',';
      yield* nested(read(items[i]), dims);
    }
    yield ']';
  });
}

export function toJson(result: AnalysisResult): object {
  const { attention } = result;
  const T = attention.length;
  const layers = (list: readonly AttentionLayer[]): Streamed => tensors(list, (raw) => layerToFloat32(raw, attention.precision), [attention.heads, T, T]);
  const { model, predictions } = result;
  return {
    model: { id: model.id, kind: model.kind, modelType: model.modelType, layers: model.layers, heads: model.heads, maxPositions: model.maxPositions },
    analyzed: result.analyzed,
    tokens: result.tokens.map((t) => ({ text: t.text, id: t.id, special: t.special, masked: t.masked, start: t.start, end: t.end, word: t.word })),
    attentions: layers(attention.probs),
    ...(attention.scores ? { scores: layers(attention.scores) } : {}),
    predictions: {
      masked: predictions.masked.map((m) => ({ position: m.position, top: m.top.map((c) => ({ token: c.token, id: c.id, p: round(c.p) })) })),
      next: predictions.next.map((c) => ({ token: c.token, id: c.id, p: round(c.p) })),
      perToken: predictions.perToken.map((s) => ({
        position: s.position,
        p: s.p,
        rank: s.rank,
        surprisal: round(s.surprisal),
        top: s.top.map((c) => ({ token: c.token, id: c.id, p: round(c.p) })),
      })),
    },
    notices: result.notices,
    ...(result.window ? { window: result.window } : {}),
    ...probesJson(result),
  };
}

/** The probes a request asked for (--lens, --qkv L, --hidden) and the heads it switched off (--ablate). */
function probesJson(result: AnalysisResult): object {
  const { lens, qkv, hidden, ablated } = result;
  const q = qkv?.[0];
  const same = (data: Float32Array): Float32Array => data;
  return {
    ...(lens
      ? {
          lens: {
            kind: lens.kind,
            positions: lens.positions.map((pos) => ({
              position: pos.position,
              layers: pos.layers.map((l) => ({ layer: l.layer, top: l.top.map((c) => ({ token: c.token, id: c.id, p: round(c.p) })) })),
            })),
          },
        }
      : {}),
    ...(q
      ? {
          qkv: {
            layer: q.layer,
            scale: q.scale,
            q: new Streamed(() => nested(q.q, [q.heads, q.length, q.headDim])),
            k: new Streamed(() => nested(q.k, [q.kvHeads, q.length, q.headDim])),
            v: new Streamed(() => nested(q.v, [q.kvHeads, q.length, q.headDim])),
          },
        }
      : {}),
    ...(hidden ? { hidden: tensors(hidden.states, same, [hidden.length, hidden.width]) } : {}),
    ...(ablated ? { ablated: ablated.map(({ layer, head }) => ({ layer, head })) } : {}),
  };
}

/** Whether `value` holds a Streamed part anywhere. */
function holdsStreamed(value: unknown): boolean {
  if (value instanceof Streamed) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsStreamed);
}

/** `value` as terminal-safe JSON (terminalSafeJson), in pieces: whole where it holds no Streamed part. */
function* pieces(value: unknown): Generator<string> {
  if (value instanceof Streamed) {
    yield* value.pieces();
    return;
  }
  if (!holdsStreamed(value)) {
    yield terminalSafeJson(value);
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      yield* pieces(value[i] ?? null);
    }
    yield ']';
    return;
  }
  const entries = Object.entries(value as object).filter(([, v]) => v !== undefined);
  yield '{';
  for (let i = 0; i < entries.length; i++) {
    yield `${i > 0 ? ',' : ''}${terminalSafeJson(entries[i][0])}:`;
    yield* pieces(entries[i][1]);
  }
  yield '}';
}

/** About how many characters one write holds. */
const WRITE_CHARS = 1 << 20;

/**
 * Writes `value` as JSON and a newline to `target` (a file, or '-' for stdout), WRITE_CHARS at a
 * time, waiting for the stream to drain; a write error (a full disk) rejects with its errno.
 */
export async function writeJson(target: string, value: object): Promise<void> {
  const stream = target === '-' ? process.stdout : createWriteStream(target);
  let failed: Error | null = null;
  const onError = (error: Error): void => {
    failed ??= error;
  };
  stream.on('error', onError);
  const check = (): void => {
    if (failed) throw failed;
  };
  try {
    let buffer = '';
    const put = async (text: string): Promise<void> => {
      check();
      if (!stream.write(text)) await once(stream, 'drain');
    };
    for (const piece of pieces(value)) {
      buffer += piece;
      if (buffer.length >= WRITE_CHARS) {
        await put(buffer);
        buffer = '';
      }
    }
    await put(`${buffer}\n`);
    check();
    if (target !== '-') {
      stream.end();
      await once(stream, 'finish');
    }
    check();
  } finally {
    stream.off('error', onError);
  }
}
