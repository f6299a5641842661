/**
 * How many tokens a model reads at once (engine runtime): config.json's position count, checked,
 * and bounded by the position table the graph really has. A count that no model has (0, −5, 1e15,
 * 2.5, a string) is refused with an error that names the field; a plausible one larger than the
 * graph's table (1,000,000 for 64 rows) gives way to the table, since onnxruntime's Gather would
 * otherwise be run past the table's end.
 *
 *   const max = maxPositions(config, 'tiny-bert', 64); // 64
 */
import { EngineError } from './errors';

/** Models that number positions from the padding id on (transformers' create_position_ids_from_input_ids). */
export const OFFSET_POSITIONS = new Set(['roberta', 'xlm-roberta', 'camembert']);

/** The fields a config states its position count in, in the order they are read. */
const FIELDS = ['max_position_embeddings', 'n_positions', 'n_ctx', 'max_seq_len'] as const;

/** More positions than any model has (the longest contexts are about 10 M tokens). */
export const MAX_POSITIONS = 1 << 24;

/** What the message shows of a config value: its JSON, cut (a string field may be long). */
function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 39)}…` : json;
}

/** A whole number in [min, max]. */
const whole = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * The position count config.json states, checked: the first of FIELDS it gives (not null), as the
 * reader before took it; undefined when it gives none; an EngineError ('model-corrupt') naming the
 * field when its value is one no model has.
 */
export function configPositions(config: Record<string, unknown>, label: string): number | undefined {
  const field = FIELDS.find((f) => config[f] !== undefined && config[f] !== null);
  if (field === undefined) return undefined;
  const value = config[field];
  if (!whole(value, 1, MAX_POSITIONS)) {
    throw new EngineError(
      'model-corrupt',
      `model ${label}: config.json's ${field} is ${shown(value)}; expected a whole number of positions from 1 to ${MAX_POSITIONS}`,
    );
  }
  return value;
}

/**
 * How many tokens fit: the config's count (or the graph's table, or 512, where it states none),
 * at most the graph's `tableRows`. RoBERTa-family models start counting at padding id + 1, so
 * their table (514 rows for 512 tokens) holds padding id + 1 rows that no text can use.
 */
export function maxPositions(config: Record<string, unknown>, label: string, tableRows: number | null): number {
  const stated = configPositions(config, label);
  const table = Math.min(stated ?? tableRows ?? 512, tableRows ?? Number.POSITIVE_INFINITY);
  if (!OFFSET_POSITIONS.has(String(config.model_type ?? ''))) return table;
  const pad = config.pad_token_id ?? 1;
  if (!whole(pad, 0, table - 2)) {
    throw new EngineError(
      'model-corrupt',
      `model ${label}: config.json's pad_token_id is ${shown(pad)}; its positions start after it, so it must be a whole number from 0 to ${table - 2}`,
    );
  }
  return table - pad - 1;
}
