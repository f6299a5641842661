/**
 * The positions lesson for a loaded model (engine runtime): its learned position table's cosine
 * similarity and principal plane over the first `count` text positions, beside the sinusoidal
 * encoding at the same width; a rotary model answers with its rotation frequencies instead, and a
 * model with neither fails with 'unsupported-architecture'.
 *
 *   const r = await positions(model, { count: 64 }); // r.kind === 'learned': r.similarity is 64 × 64
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PositionsResult, SinusoidPositions } from '../../protocol/representations';
import { EngineError } from '../errors';
import type { LoadedModel } from '../model';
import { OFFSET_POSITIONS } from '../positionLimit';
import { graphFacts } from './graphFacts';
import { cosine, gram, principalPlane, sinusoidGram } from './positionMath';
import { shownPath } from '../paths';

/** How many positions when the request does not say: the whole table up to this. */
export const DEFAULT_POSITIONS = 512;

/** Families whose positions are rotations of the queries and keys. */
const ROTARY_TYPES = new Set([
  'llama',
  'mistral',
  'mixtral',
  'qwen2',
  'qwen3',
  'gemma',
  'gemma2',
  'gemma3',
  'phi',
  'phi3',
  'gpt_neox',
  'gptj',
  'olmo',
  'stablelm',
  'starcoder2',
  'cohere',
]);

async function readConfig(model: LoadedModel): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(path.join(model.patched.folder, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A whole number in [1, max], or null. */
const count = (v: unknown, max: number): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max ? v : null);

/**
 * The rotation frequencies a config implies: θ^(−2i/d) over the rotated part of a head. Only
 * counts that fit are used (a rotary_dim of 10⁹ or −4, a θ of 0 or −5, a head of 0.5 wide gave an
 * array of a billion entries, a RangeError or "NaN radians"): θ above 1, a head a whole number of
 * channels, the rotated part at most the head; otherwise null (unknown).
 */
export function configFrequencies(config: Record<string, unknown>): number[] | null {
  const theta = num(config.rope_theta) ?? num(config.rotary_emb_base) ?? num((config.rope_scaling as Record<string, unknown> | undefined)?.rope_theta);
  const heads = count(config.num_attention_heads, 1 << 12) ?? count(config.n_head, 1 << 12);
  const width = count(config.hidden_size, 1 << 20) ?? count(config.n_embd, 1 << 20);
  const head = count(config.head_dim, 1 << 16) ?? (heads && width && width % heads === 0 ? width / heads : null);
  if (theta === null || !(theta > 1) || !head) return null;
  const fraction = num(config.partial_rotary_factor) ?? num(config.rotary_pct) ?? 1;
  const dims = count(config.rotary_dim, head) ?? (fraction > 0 && fraction <= 1 ? Math.round(head * fraction) : head);
  if (dims < 2) return null;
  return Array.from({ length: Math.floor(dims / 2) }, (_, i) => Math.pow(theta, (-2 * i) / dims));
}

function isRotary(config: Record<string, unknown>, fromGraph: boolean): boolean {
  return (
    fromGraph ||
    ROTARY_TYPES.has(String(config.model_type ?? '')) ||
    config.position_embedding_type === 'rotary' ||
    ['rope_theta', 'rotary_emb_base', 'rotary_dim', 'rotary_pct'].some((k) => k in config)
  );
}

export function sinusoidPositions(count: number, width: number): SinusoidPositions {
  const g = sinusoidGram(count, width);
  return { width, similarity: cosine(g, count), pca: principalPlane(g, count) };
}

export async function positions(model: LoadedModel, request: { readonly count?: number } = {}): Promise<PositionsResult> {
  const id = model.facts.id;
  if (request.count !== undefined && !(Number.isInteger(request.count) && request.count >= 2)) {
    throw new EngineError('bad-input', `the number of positions must be a whole number ≥ 2, got ${request.count}`);
  }
  const [facts, config] = await Promise.all([graphFacts(model), readConfig(model)]);
  const table = facts.table;
  if (!table) {
    if (!isRotary(config, facts.rotaryFrequencies !== null)) {
      throw new EngineError(
        'unsupported-architecture',
        `${shownPath(id)} has no learned position table in its graph (no Gather from a position-embedding initializer) and no rotary positions; it encodes word order some other way`,
      );
    }
    const fromConfig = facts.rotaryFrequencies ? null : configFrequencies(config);
    const frequencies = facts.rotaryFrequencies ?? fromConfig;
    const count = Math.min(request.count ?? DEFAULT_POSITIONS, model.facts.maxPositions);
    return {
      model: id,
      kind: 'rotary',
      count,
      frequencies,
      source: facts.rotaryFrequencies ? 'graph' : fromConfig ? 'config' : null,
      message: `${shownPath(id)} has no position table: it rotates each head's queries and keys by an angle proportional to the position${
        frequencies
          ? ` (${frequencies.length} frequencies, ${frequencies[0].toPrecision(3)} to ${frequencies[frequencies.length - 1].toPrecision(3)} radians per position)`
          : ''
      }`,
    };
  }
  const offset = OFFSET_POSITIONS.has(String(config.model_type ?? '')) ? (num(config.pad_token_id) ?? 1) + 1 : 0;
  const available = Math.min(table.rows - offset, model.facts.maxPositions);
  if (request.count !== undefined && request.count > available) {
    throw new EngineError('bad-input', `${shownPath(id)} has ${available} positions; asked for ${request.count}`);
  }
  const count = request.count ?? Math.min(available, DEFAULT_POSITIONS);
  const g = gram(table.data, table.width, offset, count);
  return {
    model: id,
    kind: 'learned',
    table: { name: table.name, rows: table.rows, width: table.width },
    offset,
    count,
    similarity: cosine(g, count),
    pca: principalPlane(g, count),
    sinusoid: sinusoidPositions(count, table.width),
  };
}
