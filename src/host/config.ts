/**
 * The extension's settings as one immutable, typed snapshot (extension host). `SETTINGS` mirrors
 * `contributes.configuration` in package.json key for key — a unit test checks that the two agree
 * — and `readConfig` validates every value, so a hand-edited settings.json with a wrong type falls
 * back to the default instead of reaching the engine.
 */
import type { ModelKind } from '../protocol/analysis';

export type Device = 'cpu' | 'auto';
export type HeadAggregation = 'mean' | 'max' | 'head';

export interface Config {
  /** Which model Analyze Selection uses. */
  readonly analyzeWith: ModelKind;
  /** Hub id or local folder; empty = the embedded model of that kind. */
  readonly encoderModel: string;
  readonly decoderModel: string;
  readonly maxTokens: number;
  readonly device: Device;
  readonly allowRemoteModels: boolean;
  /** Layer the views and hovers open on; −1 = the last layer. */
  readonly defaultLayer: number;
  readonly headAggregation: HeadAggregation;
  /** The head shown when `headAggregation` is `head`. */
  readonly defaultHead: number;
  readonly topK: number;
  /** Memory budget of the analysis cache, in MB (least recently used analyses are evicted beyond it). */
  readonly cacheMemoryMB: number;
  /** How long the surprisal heatmap waits after the last edit before it re-analyzes, ms. */
  readonly surprisalDebounceMs: number;
  /** How many attended tokens the spotlight decorates. */
  readonly spotlightTokens: number;
}

type Spec =
  | { readonly type: 'string'; readonly default: string; readonly enum?: readonly string[] }
  | { readonly type: 'integer'; readonly default: number; readonly minimum: number; readonly maximum: number }
  | { readonly type: 'boolean'; readonly default: boolean };

/** Every setting under the `attentionLens.` section, with the schema package.json declares. */
export const SETTINGS: { readonly [K in keyof Config]: Spec } = {
  analyzeWith: { type: 'string', default: 'decoder', enum: ['decoder', 'encoder'] },
  encoderModel: { type: 'string', default: '' },
  decoderModel: { type: 'string', default: '' },
  maxTokens: { type: 'integer', default: 512, minimum: 8, maximum: 4096 },
  device: { type: 'string', default: 'cpu', enum: ['cpu', 'auto'] },
  allowRemoteModels: { type: 'boolean', default: true },
  defaultLayer: { type: 'integer', default: -1, minimum: -1, maximum: 96 },
  headAggregation: { type: 'string', default: 'mean', enum: ['mean', 'max', 'head'] },
  defaultHead: { type: 'integer', default: 0, minimum: 0, maximum: 127 },
  topK: { type: 'integer', default: 10, minimum: 1, maximum: 50 },
  cacheMemoryMB: { type: 'integer', default: 256, minimum: 8, maximum: 8192 },
  surprisalDebounceMs: { type: 'integer', default: 500, minimum: 0, maximum: 10000 },
  spotlightTokens: { type: 'integer', default: 8, minimum: 1, maximum: 64 },
};

export const SECTION = 'attentionLens';

/** Reads a snapshot through `get(key)` (e.g. `workspace.getConfiguration(SECTION).get`). */
export function readConfig(get: (key: string) => unknown): Config {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS) as [keyof Config, Spec][]) out[key] = valid(spec, get(key)) ? get(key) : spec.default;
  return Object.freeze(out) as unknown as Config;
}

function valid(spec: Spec, value: unknown): boolean {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' && (!spec.enum || spec.enum.includes(value));
    case 'integer':
      return Number.isInteger(value) && (value as number) >= spec.minimum && (value as number) <= spec.maximum;
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/** The settings whose change needs a new engine (the others apply per request). */
export function engineSettingsChanged(a: Config, b: Config): boolean {
  return a.device !== b.device || a.allowRemoteModels !== b.allowRemoteModels;
}
