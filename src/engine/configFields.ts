/**
 * config.json's counts, never trusted blindly (engine runtime). One rule for every field the
 * engine reads:
 *  - a count the graph itself answers (layers: its attention sites; vocabulary: its token table's
 *    rows; heads: its attention outputs' shape) is taken from the graph; a field that states
 *    another value, or no count at all (0, −4, 2.5, "12"), gets one notice naming the field, its
 *    value and the graph's count;
 *  - a count needed before the graph is run (the heads, which size the head mask built into the
 *    patched graph): a value that is no head count for the hidden size is ignored (heads cannot
 *    then be switched off, and the notice says why; no head field at all gets a notice naming the
 *    fields looked for, model.ts); a plausible one the graph contradicts is
 *    refused at load, naming the field (model.ts); the position count is positionLimit.ts's;
 *  - `model_type` must be a string, and must not name the other kind than `architectures`
 *    (requireKind, below); fields the engine does not read (type_vocab_size…) are ignored.
 *
 *   const early = configHeads({ hidden_size: 32, num_attention_heads: 0 });
 *   // { heads: undefined, notice: "config.json's num_attention_heads is 0, …" }
 *   graphCounts(config, { layers: 2, heads: 4, tokenRows: 608 }).notices   // [] when they agree
 */
import { EngineError } from './errors';
import { noticeLine } from '../protocol/notices';
import { neutralise } from '../protocol/neutralise';
import { MODEL_TYPES, kindOfConfig } from '../protocol/modelKind';
import type { ModelKind } from '../protocol/analysis';

type Config = Record<string, unknown>;

/** The widest hidden size and the most heads taken from a config (the largest models have about 2^14 and 128). */
const MAX_WIDTH = 1 << 20;
const MAX_HEADS = 1024;
const MAX_COUNT = 1 << 24;

const HIDDEN_KEYS = ['hidden_size', 'n_embd', 'd_model', 'dim'];
const HEAD_KEYS = ['num_attention_heads', 'n_head', 'n_heads', 'num_heads'];

/** What a notice or an error shows of a config value: its JSON, neutralised and cut. */
export function shownValue(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return neutralise(json.length > 40 ? `${json.slice(0, 39)}…` : json, 60);
}

/** A whole number in [1, max]. */
const whole = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;

/** The first of `keys` the config states (not null), with its value. */
function stated(config: Config, keys: readonly string[]): { key: string; value: unknown } | null {
  const key = keys.find((k) => config[k] !== undefined && config[k] !== null);
  return key === undefined ? null : { key, value: config[key] };
}

/** The hidden size when the config states a plausible one; 0 otherwise (unknown). */
export function configWidth(config: Config): number {
  const field = stated(config, HIDDEN_KEYS);
  return field && whole(field.value, MAX_WIDTH) ? field.value : 0;
}

/**
 * The head count the head mask is built with: the config's when it is a whole number of heads the
 * hidden size divides into (or head_dim says how wide a head is); otherwise none, with a notice.
 */
export function configHeads(config: Config): { readonly heads: number | undefined; readonly key: string | null; readonly notice: string | null } {
  const field = stated(config, HEAD_KEYS);
  if (!field) return { heads: undefined, key: null, notice: null };
  const hidden = configWidth(config);
  const fits = whole(field.value, Math.min(hidden || MAX_HEADS, MAX_HEADS)) && (!hidden || config.head_dim !== undefined || hidden % field.value === 0);
  if (fits) return { heads: field.value as number, key: field.key, notice: null };
  return { heads: undefined, key: field.key, notice: noticeLine('config-heads-unusable', field.key, shownValue(field.value), hidden || '?') };
}

/** What the graph shows of the counts (null or undefined: it does not say). */
export interface GraphCountFacts {
  readonly layers: number;
  readonly heads: number | undefined;
  readonly tokenRows: number | null;
}

const COUNTED: readonly { readonly keys: readonly string[]; readonly graph: (g: GraphCountFacts) => number | null | undefined }[] = [
  { keys: ['num_hidden_layers', 'n_layer', 'n_layers', 'num_layers'], graph: (g) => g.layers },
  { keys: HEAD_KEYS, graph: (g) => g.heads },
  { keys: ['vocab_size'], graph: (g) => g.tokenRows },
];

/**
 * The layers, heads and vocabulary size to use: the graph's where it says, else the config's when
 * plausible, else 0 (unknown); a notice for each field that is no count or disagrees with the graph.
 * `headsSaid`: the head field configHeads already gave a notice for (not repeated here).
 */
export function graphCounts(
  config: Config,
  graph: GraphCountFacts,
  headsSaid: string | null = null,
): { readonly layers: number; readonly heads: number; readonly vocabSize: number; readonly notices: readonly string[] } {
  const notices: string[] = [];
  const [layers, heads, vocabSize] = COUNTED.map(({ keys, graph: fromGraph }) => {
    const field = stated(config, keys);
    const own = fromGraph(graph);
    const known = typeof own === 'number' && own > 0 ? own : undefined;
    const plausible = field && whole(field.value, MAX_COUNT) ? field.value : undefined;
    if (field && field.key !== headsSaid && (known !== undefined ? field.value !== known : plausible === undefined)) {
      notices.push(
        known !== undefined
          ? noticeLine('config-field-ignored', field.key, shownValue(field.value), known)
          : noticeLine('config-field-unusable', field.key, shownValue(field.value)),
      );
    }
    return known ?? plausible ?? 0;
  });
  return { layers, heads, vocabSize, notices };
}

/** The model's kind (protocol/modelKind.ts), or an error that names the config fields that say otherwise. */
export function requireKind(config: Config, label: string): ModelKind {
  const type = config.model_type;
  if (type !== undefined && typeof type !== 'string') {
    throw new EngineError('model-corrupt', `model ${label}: config.json's model_type is ${shownValue(type)}; expected the name of a model type`);
  }
  const kind = kindOfConfig(config);
  const architectures = Array.isArray(config.architectures) ? (config.architectures as unknown[]) : [];
  if (!kind) {
    throw new EngineError(
      'unsupported-architecture',
      `model ${label}: unsupported architecture "${type ? shownName(type) : 'unknown'}"${architectures.length ? ` (${shownNames(architectures)})` : ''}; expected a masked-LM encoder (BERT family) or a causal-LM decoder (GPT family)`,
    );
  }
  const other: ModelKind = kind === 'encoder' ? 'decoder' : 'encoder';
  if (typeof type === 'string' && MODEL_TYPES[other].includes(type)) {
    throw new EngineError(
      'model-corrupt',
      `model ${label}: config.json's model_type "${type}" is ${other === 'encoder' ? 'an encoder' : 'a decoder'}'s, but its architectures (${shownNames(architectures)}) name ${kind === 'encoder' ? 'an encoder' : 'a decoder'}: the config contradicts itself`,
    );
  }
  return kind;
}

/**
 * The most characters of one name (a model type, an architecture) a message quotes: a hostile name
 * stays readable, escapes included, yet three of them and the advice fit a message (errors.ts, 1,000).
 */
const NAME_MAX = 200;
/** The most architectures a message lists; the rest are counted. */
const NAMES_SHOWN = 2;

/**
 * A config value that names something as a message quotes it: a string as it is, cut to NAME_MAX;
 * anything else as config.json writes it (shownValue): `String({})` read "[object Object]".
 */
function shownName(value: unknown): string {
  return typeof value === 'string' ? neutralise(value, NAME_MAX) : shownValue(value);
}

/** The first NAMES_SHOWN of `values` (shownName), and how many more: a list of thousands left no room for the advice. */
function shownNames(values: readonly unknown[]): string {
  const shown = values.slice(0, NAMES_SHOWN).map(shownName).join(', ');
  return values.length > NAMES_SHOWN ? `${shown} and ${values.length - NAMES_SHOWN} more` : shown;
}

/**
 * A head's width and the key/value heads (grouped-query attention): config.json's head_dim and
 * num_key_value_heads when they are counts that fit the graph's `heads` (key/value heads divide
 * them), otherwise what the heads give (hidden / heads, and heads), with a notice naming the field.
 * The q/k/v reader still checks head_dim against the tensors' own width (probes.ts).
 */
export function headShape(
  config: Config,
  heads: number,
  hidden: number,
): { readonly headDim: number; readonly kvHeads: number; readonly notices: readonly string[] } {
  const notices: string[] = [];
  const unusable = (key: string, value: unknown): void => void notices.push(noticeLine('config-field-unusable', key, shownValue(value)));
  const dim = stated(config, ['head_dim']);
  let headDim = heads > 0 && hidden % heads === 0 ? hidden / heads : 0;
  if (dim && whole(dim.value, MAX_WIDTH)) headDim = dim.value;
  else if (dim) unusable(dim.key, dim.value);
  const kv = stated(config, ['num_key_value_heads']);
  let kvHeads = heads;
  if (kv && whole(kv.value, heads || MAX_HEADS) && (!heads || heads % kv.value === 0)) kvHeads = kv.value;
  else if (kv) unusable(kv.key, kv.value);
  return { headDim, kvHeads, notices };
}
