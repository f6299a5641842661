/**
 * The extension's settings as one immutable, typed snapshot (extension host). `SETTINGS` mirrors
 * `contributes.configuration` in package.json key for key — a unit test checks that the two agree
 * — and `readConfig` validates every value, so a hand-edited settings.json with a wrong type falls
 * back to the default instead of reaching the engine; `invalidSettings` names those values, so that
 * the person who typed them is told (settings.ts), not left wondering why nothing changed.
 */
import { MAX_CANDIDATES, type ModelKind, type WeightsPrecision } from '../protocol/analysis';
import { LANGUAGE_CHOICES, type LanguageChoice } from '../protocol/locale';
import type { HeadAggregation } from '../protocol/viewChoice';
import { HUB_ID, isFolderRef, isRelativeFolderRef } from '../engine/modelSource';

/** A folder read the same wherever it is read from: absolute, or from the home folder (`~`). */
const standsAlone = (folder: string): boolean => isFolderRef(folder) && !isRelativeFolderRef(folder);

/** A model reference the engine can read: a hub id (`owner/name`, `name`) or a folder (absolute, `./`, `../`, `~`). */
const namesModel = (ref: string): boolean => isFolderRef(ref) || HUB_ID.test(ref);

/** An address downloads can come from: http:// or https:// (fetch reads no other). */
export function isWebAddress(address: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(address).protocol);
  } catch {
    return false;
  }
}

export type Device = 'cpu' | 'auto' | 'cuda';

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
  /** The hub address (a mirror, a local server); empty = HF_ENDPOINT, else the hub. */
  readonly hubEndpoint: string;
  /** Downloaded and patched models; empty = the per-user cache the CLI shares. */
  readonly cacheDir: string;
  /** Which weights of a model: fp32 onnx/model.onnx, fp16 model_fp16.onnx, q8 model_quantized.onnx. */
  readonly modelPrecision: WeightsPrecision;
  /** Run another precision's weights when a model lacks modelPrecision's (the panel names the file that ran). */
  readonly weightsFallback: boolean;
  /** Ask before an analysis whose attention and logits would need more than this (MB); 0 = never. */
  readonly memoryBudgetMB: number;
  /** Memory budget of the analysis cache, in MB (least recently used analyses are evicted beyond it). */
  readonly cacheMemoryMB: number;
  /** How long the surprisal heatmap waits after the last edit before it re-analyzes, ms. */
  readonly surprisalDebounceMs: number;
  /** How many attended tokens the spotlight decorates. */
  readonly spotlightTokens: number;
  /** How long one engine request may run without a sign of life before the engine is restarted, s. */
  readonly requestTimeoutSeconds: number;
  /** The language of the extension's own UI: `auto` follows VS Code's display language. */
  readonly language: LanguageChoice;
}

type Spec =
  /**
   * `folder`: empty, or a folder that needs no base to be read against (absolute, or from `~`); `address`: empty, or
   * http(s)://; `model`: empty (the embedded model), a hub id or a model folder.
   */
  | {
      readonly type: 'string';
      readonly default: string;
      readonly enum?: readonly string[];
      readonly folder?: true;
      readonly address?: true;
      readonly model?: true;
    }
  | { readonly type: 'integer'; readonly default: number; readonly minimum: number; readonly maximum: number }
  | { readonly type: 'boolean'; readonly default: boolean };

/** Every setting under the `attentionLens.` section, with the schema package.json declares. */
export const SETTINGS: { readonly [K in keyof Config]: Spec } = {
  analyzeWith: { type: 'string', default: 'decoder', enum: ['decoder', 'encoder'] },
  encoderModel: { type: 'string', default: '', model: true },
  decoderModel: { type: 'string', default: '', model: true },
  maxTokens: { type: 'integer', default: 512, minimum: 8, maximum: 4096 },
  device: { type: 'string', default: 'cpu', enum: ['cpu', 'auto', 'cuda'] },
  allowRemoteModels: { type: 'boolean', default: true },
  defaultLayer: { type: 'integer', default: -1, minimum: -1, maximum: 96 },
  headAggregation: { type: 'string', default: 'mean', enum: ['mean', 'max', 'head'] },
  defaultHead: { type: 'integer', default: 0, minimum: 0, maximum: 127 },
  topK: { type: 'integer', default: 10, minimum: 1, maximum: MAX_CANDIDATES },
  hubEndpoint: { type: 'string', default: '', address: true },
  // Set in the user's settings only (machine scope): a relative folder would be relative to nothing.
  cacheDir: { type: 'string', default: '', folder: true },
  modelPrecision: { type: 'string', default: 'fp32', enum: ['fp32', 'fp16', 'q8'] },
  weightsFallback: { type: 'boolean', default: false },
  memoryBudgetMB: { type: 'integer', default: 2048, minimum: 0, maximum: 1048576 },
  cacheMemoryMB: { type: 'integer', default: 256, minimum: 8, maximum: 8192 },
  surprisalDebounceMs: { type: 'integer', default: 500, minimum: 0, maximum: 10000 },
  spotlightTokens: { type: 'integer', default: 8, minimum: 1, maximum: 64 },
  requestTimeoutSeconds: { type: 'integer', default: 120, minimum: 1, maximum: 3600 },
  language: { type: 'string', default: 'auto', enum: LANGUAGE_CHOICES },
};

/**
 * Settings that name files or addresses: in an untrusted workspace only the user's own value
 * counts (package.json lists them under restrictedConfigurations too, which VS Code applies to
 * `get`; `trustedGet` makes the rule hold in our code whatever the editor does).
 */
export const RESTRICTED: readonly (keyof Config)[] = ['encoderModel', 'decoderModel', 'hubEndpoint', 'cacheDir'];

export interface Inspected {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
}

/** A limit where 0 means "none" (memoryBudgetMB: never ask), as a number that compares. */
const noneIsInfinite = (n: number): number => (n === 0 ? Infinity : n);

/**
 * Settings a workspace may only tighten while it is not trusted: of the user's value (or the
 * default) and the workspace's, the stricter counts — downloads off beats on, a smaller token
 * limit or memory budget beats a larger one (0, "never ask", is the loosest), a longer debounce
 * beats a shorter one. A workspace cannot turn downloads back on or the memory guard off.
 */
export const STRICTER: { readonly [K in keyof Config]?: (user: Config[K], workspace: Config[K]) => Config[K] } = {
  allowRemoteModels: (user, workspace) => user && workspace,
  memoryBudgetMB: (user, workspace) => (noneIsInfinite(workspace) < noneIsInfinite(user) ? workspace : user),
  maxTokens: (user, workspace) => Math.min(user, workspace),
  cacheMemoryMB: (user, workspace) => Math.min(user, workspace),
  surprisalDebounceMs: (user, workspace) => Math.max(user, workspace),
};

/**
 * A `get` for readConfig that, when not trusted, ignores workspace values of RESTRICTED keys and
 * honours workspace values of STRICTER keys only when they are stricter than the user's.
 */
export function trustedGet(get: (key: string) => unknown, inspect: (key: string) => Inspected | undefined, trusted: boolean): (key: string) => unknown {
  if (trusted) return get;
  const userValue = (key: keyof Config): unknown => {
    const value = inspect(key)?.globalValue;
    return valid(SETTINGS[key], value) ? value : SETTINGS[key].default;
  };
  return (key) => {
    if ((RESTRICTED as readonly string[]).includes(key)) return inspect(key)?.globalValue;
    const stricter = STRICTER[key as keyof Config] as ((user: unknown, workspace: unknown) => unknown) | undefined;
    if (!stricter) return get(key);
    const user = userValue(key as keyof Config);
    const effective = get(key);
    return valid(SETTINGS[key as keyof Config], effective) ? stricter(user, effective) : user;
  };
}

/** A workspace value an untrusted workspace does not apply, and the value used instead. */
export interface UntrustedValue {
  readonly key: keyof Config;
  readonly workspace: unknown;
  readonly used: unknown;
}

/**
 * The workspace's values that trusting the workspace would apply and that apply not now: a looser
 * value of a STRICTER key, any of a RESTRICTED key that VS Code hands over. An invalid one is not
 * here (invalidSettings names it).
 */
export function ignoredUntilTrusted(get: (key: string) => unknown, inspect: (key: string) => Inspected | undefined): UntrustedValue[] {
  // VS Code's own `get` may already leave the restricted ones out in Restricted Mode: their workspace value, where it is handed over.
  const restricted = (key: string): boolean => (RESTRICTED as readonly string[]).includes(key);
  const trusted = readConfig((key) => (restricted(key) ? (inspect(key)?.workspaceValue ?? get(key)) : get(key)));
  const now = readConfig(trustedGet(get, inspect, false));
  return (Object.keys(SETTINGS) as (keyof Config)[])
    .filter((key) => trusted[key] !== now[key])
    .map((key) => ({ key, workspace: inspect(key)?.workspaceValue, used: now[key] }));
}

export const SECTION = 'attentionLens';

/** Reads a snapshot through `get(key)` (e.g. `workspace.getConfiguration(SECTION).get`). */
export function readConfig(get: (key: string) => unknown): Config {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS) as [keyof Config, Spec][]) out[key] = valid(spec, get(key)) ? get(key) : spec.default;
  return Object.freeze(out) as unknown as Config;
}

/** A value the settings give a key that the extension cannot use: the wrong type, out of range, not one of the choices. */
export interface InvalidSetting {
  readonly key: keyof Config;
  readonly value: unknown;
  /** The value that applies instead, where known: the default, or in an untrusted workspace the user's own (STRICTER). */
  readonly used?: unknown;
}

/** The keys whose value through `get` is set but not valid (readConfig uses their default instead). */
export function invalidSettings(get: (key: string) => unknown): InvalidSetting[] {
  const out: InvalidSetting[] = [];
  for (const [key, spec] of Object.entries(SETTINGS) as [keyof Config, Spec][]) {
    const value = get(key);
    if (value !== undefined && !valid(spec, value)) out.push({ key, value });
  }
  return out;
}

/** An invalid value and the settings file it is in. */
export interface PlacedInvalidSetting extends InvalidSetting {
  readonly scope: 'user' | 'workspace';
}

/**
 * The invalid values that matter, each with its file. Trusted: the value `get` hands over (the
 * workspace's hides the user's). Untrusted, the user's own value counts for a RESTRICTED key (the
 * workspace's is not read) and for a STRICTER key (the workspace may only tighten it): an invalid
 * one there is named even when the workspace sets a valid value, which `get` would hand over instead.
 */
export function settingProblems(get: (key: string) => unknown, inspect: (key: string) => Inspected | undefined, trusted: boolean): PlacedInvalidSetting[] {
  const out: PlacedInvalidSetting[] = [];
  for (const [key, spec] of Object.entries(SETTINGS) as [keyof Config, Spec][]) {
    const { globalValue, workspaceValue } = inspect(key) ?? {};
    const restricted = (RESTRICTED as readonly string[]).includes(key);
    if (!trusted && (restricted || STRICTER[key])) {
      if (globalValue !== undefined && !valid(spec, globalValue)) out.push({ key, value: globalValue, scope: 'user' });
      if (!restricted && workspaceValue !== undefined && !valid(spec, workspaceValue)) out.push({ key, value: workspaceValue, scope: 'workspace' });
      continue;
    }
    const value = get(key);
    if (value !== undefined && !valid(spec, value)) out.push({ key, value, scope: workspaceValue !== undefined ? 'workspace' : 'user' });
  }
  return out;
}

function valid(spec: Spec, value: unknown): boolean {
  switch (spec.type) {
    case 'string':
      return (
        typeof value === 'string' &&
        (!spec.enum || spec.enum.includes(value)) &&
        (!spec.folder || value.trim() === '' || standsAlone(value.trim())) &&
        (!spec.address || value.trim() === '' || isWebAddress(value.trim())) &&
        (!spec.model || value.trim() === '' || namesModel(value.trim()))
      );
    case 'integer':
      return Number.isInteger(value) && (value as number) >= spec.minimum && (value as number) <= spec.maximum;
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/** The settings whose change needs a new engine (the others apply per request). */
export function engineSettingsChanged(a: Config, b: Config): boolean {
  return (
    a.device !== b.device ||
    a.allowRemoteModels !== b.allowRemoteModels ||
    a.hubEndpoint !== b.hubEndpoint ||
    a.cacheDir !== b.cacheDir ||
    a.modelPrecision !== b.modelPrecision ||
    a.weightsFallback !== b.weightsFallback
  );
}
