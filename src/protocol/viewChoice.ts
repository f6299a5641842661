/**
 * What an attention view shows (pure TypeScript, all runtimes): one `ViewChoice` — a layer, how its
 * heads combine (one head, the mean, the max, the mean of a set, or rollout through the layer), and
 * the cleaning of the token axis. It is the one shape of that idea everywhere: what the panel's
 * controls produce and send the host (`selection`), what the panel keeps across being hidden, what
 * the host opens an analysis on, and what hovers and the spotlight read rows with (views.ts `row`,
 * the same combine and cleaning as the panel's matrix).
 *
 *   const choice = defaultViewChoice(config, result.attention); // the settings, fitted to the model
 *   source.row(entry, choice, token);                           // a hover shows what the panel shows
 */
import { isBoundedIndex, isCleaning, isCombine } from './viewGuards';
import { NO_CLEANING, type Cleaning, type Combine } from './views';
import { isObject } from './guards';
import type { Translate } from './locale';

export interface ViewChoice {
  /** 0-based; for rollout, the last layer of the product. */
  readonly layer: number;
  readonly combine: Combine;
  readonly cleaning: Cleaning;
}

/** The `attentionLens.headAggregation` setting: how views combine heads until someone chooses. */
export type HeadAggregation = 'mean' | 'max' | 'head';

/** The settings a default choice is made of (package.json `attentionLens.*`). */
export interface ViewSettings {
  /** −1 = the last layer. */
  readonly defaultLayer: number;
  readonly headAggregation: HeadAggregation;
  /** The head shown when `headAggregation` is `head`. */
  readonly defaultHead: number;
}

/** How many layers and heads a model has (an analysis's `attention`). */
export interface ModelShape {
  readonly layers: number;
  readonly heads: number;
}

/** Resolves a layer setting (−1 = last, −2 = the one before…) against a model's layer count. */
export function resolveLayer(layer: number, layers: number): number {
  const resolved = layer < 0 ? layers + layer : layer;
  return Math.min(Math.max(resolved, 0), layers - 1);
}

/** The choice a view opens on before anyone chose: the settings, fitted to the model, no cleaning. */
export function defaultViewChoice(settings: ViewSettings, shape: ModelShape): ViewChoice {
  const combine: Combine =
    settings.headAggregation === 'head'
      ? { kind: 'head', head: Math.min(Math.max(Math.floor(settings.defaultHead), 0), shape.heads - 1) }
      : { kind: settings.headAggregation };
  return { layer: resolveLayer(settings.defaultLayer, shape.layers), combine, cleaning: NO_CLEANING };
}

/** A default view setting the model cannot hold: the value asked for and the one the views use (defaultViewChoice's). */
export interface UnfitDefault {
  readonly setting: 'defaultLayer' | 'defaultHead';
  readonly asked: number;
  readonly used: number;
}

/** The settings of `settings` that defaultViewChoice had to clamp for `shape` (none: empty). */
export function unfitDefaults(settings: ViewSettings, shape: ModelShape): UnfitDefault[] {
  const used = defaultViewChoice(settings, shape);
  const unfit: UnfitDefault[] = [];
  const layer = settings.defaultLayer < 0 ? shape.layers + settings.defaultLayer : settings.defaultLayer;
  if (layer !== used.layer) unfit.push({ setting: 'defaultLayer', asked: settings.defaultLayer, used: used.layer });
  if (used.combine.kind === 'head' && used.combine.head !== settings.defaultHead)
    unfit.push({ setting: 'defaultHead', asked: settings.defaultHead, used: used.combine.head });
  return unfit;
}

/** True when `choice` names only layers and heads that `shape` has. */
export function fitsShape(choice: ViewChoice, shape: ModelShape): boolean {
  if (choice.layer >= shape.layers) return false;
  const c = choice.combine;
  if (c.kind === 'head') return c.head < shape.heads;
  if (c.kind === 'set') return c.heads.every((h) => h < shape.heads);
  return true;
}

/** `choice` brought inside `shape` (another model's): layer and head clamped, a set's missing heads dropped. */
export function fitChoice(choice: ViewChoice, shape: ModelShape): ViewChoice {
  const layer = Math.min(choice.layer, shape.layers - 1);
  const c = choice.combine;
  let combine = c;
  if (c.kind === 'head') combine = { kind: 'head', head: Math.min(c.head, shape.heads - 1) };
  else if (c.kind === 'set') {
    const heads = c.heads.filter((h) => h < shape.heads);
    combine = { kind: 'set', heads: heads.length ? heads : [0] };
  }
  return { layer, combine, cleaning: choice.cleaning };
}

/** A well-formed choice (indices bounded like any view request's); `fitsShape` checks it against an analysis. */
export function isViewChoice(v: unknown): v is ViewChoice {
  return isObject(v) && isBoundedIndex(v.layer) && isCombine(v.combine) && isCleaning(v.cleaning);
}

/** How the heads are combined, for people: "head 2", "mean of heads", "rollout of layers 0–3". */
export function combineLabel(combine: Combine, layer: number, t: Translate): string {
  switch (combine.kind) {
    case 'head':
      return t('head {0}', combine.head);
    case 'mean':
      return t('mean of heads');
    case 'max':
      return t('max over heads');
    case 'set':
      return t('mean of heads {0}', combine.heads.join(', '));
    case 'rollout':
      return t('rollout of layers 0–{0}', layer);
  }
}

/** The cleaning in force, for people ('' when none). */
export function cleaningLabel(cleaning: Cleaning, t: Translate): string {
  const parts: string[] = [];
  if (cleaning.hideSpecial) parts.push(t('special tokens hidden'));
  if (cleaning.mergeSubwords) parts.push(t('subwords merged'));
  if (cleaning.hidePunctuation) parts.push(t('punctuation hidden'));
  return parts.join(', ');
}

/** A choice in one line: "layer 3, max over heads · subwords merged". */
export function describeChoice(choice: ViewChoice, t: Translate): string {
  const cleaning = cleaningLabel(choice.cleaning, t);
  const view = t('layer {0}, {1}', choice.layer, combineLabel(choice.combine, choice.layer, t));
  return cleaning ? `${view} · ${cleaning}` : view;
}
