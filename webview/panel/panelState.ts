/**
 * What the panel keeps across being hidden and shown again (pure: browser and Node). VS Code
 * discards a hidden webview's page (retainContextWhenHidden stays off); `setState` keeps this small
 * record — the analysis, the whole view choice (layer, combination of heads or rollout, cleaning),
 * the selected token, the tab of each tab list, each tab's scroll offset and the comparison last
 * shown, and the BERT and Representations messages last brought forward — and when the host replays the same analysis the panel reopens where the person left it.
 * The tabs hold across analyses; the choice, the token and the scroll belong to one analysis.
 */
import { fitsShape, isViewChoice, type ModelShape, type ViewChoice } from '../../src/protocol/viewChoice';

export interface PanelState {
  readonly analysisId: number;
  readonly choice: ViewChoice;
  /**
   * The reader chose `choice` in this page (else it is the host's, the settings' default): only the
   * reader's own choice outlives a replay, since the default may have changed while the page was gone.
   */
  readonly chosen?: boolean;
  readonly token: number | null;
  /** The selected tab of each tab list, by list ("panel": the views, "attention": the attention views, "inside": the Inside tab's). */
  readonly tabs: Readonly<Record<string, string>>;
  /** Each tab's scroll offset, px. */
  readonly scroll: Readonly<Record<string, number>>;
  /** The comparison last brought forward ("encoderId/decoderId"): replayed, it does not take the tab again. */
  readonly comparison: string | null;
  /** The head ablation last brought forward ("beforeId/afterId"), likewise. */
  readonly ablation?: string;
  /** The BERT tab's message last brought forward (its id), likewise. */
  readonly bert?: number;
  /** The Representations tab's message last brought forward ("senses/id", "wordOrder/id"), likewise. */
  readonly repr?: string;
}

const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const ID = /^[a-z][a-z0-9-]{0,31}$/;

/** The entries of `v` whose keys are ids and whose values pass `ok` (anything else is dropped). */
function record<T>(v: unknown, ok: (x: unknown) => x is T): Record<string, T> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter(([k, x]) => ID.test(k) && ok(x)));
}

const isId = (x: unknown): x is string => typeof x === 'string' && ID.test(x);
const isOffset = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x < 1e7;

/** The saved state, or null when there is none or it is not one of ours (a state saved before tabs existed gets none). */
export function parsePanelState(value: unknown): PanelState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isIndex(v.analysisId) || !isViewChoice(v.choice)) return null;
  if (v.token !== null && !isIndex(v.token)) return null;
  const comparison = typeof v.comparison === 'string' && /^\d+\/\d+$/.test(v.comparison) ? v.comparison : null;
  const ablation = typeof v.ablation === 'string' && /^\d+\/\d+$/.test(v.ablation) ? { ablation: v.ablation } : {};
  const seen = {
    ...(isIndex(v.bert) ? { bert: v.bert } : {}),
    ...(typeof v.repr === 'string' && /^(senses|wordOrder)\/\d+$/.test(v.repr) ? { repr: v.repr } : {}),
  };
  return {
    analysisId: v.analysisId,
    choice: v.choice,
    ...(v.chosen === true ? { chosen: true } : {}),
    token: v.token,
    tabs: record(v.tabs, isId),
    scroll: record(v.scroll, isOffset),
    comparison,
    ...ablation,
    ...seen,
  };
}

/**
 * Where to open an analysis: the saved place when it is for this very analysis and still fits it
 * (with the host's choice unless the reader had chosen one), else the choice the host opens it on,
 * with no token selected and from the top; the tabs and the comparison seen hold either way.
 */
export function openingState(
  saved: PanelState | null,
  analysis: { readonly id: number; readonly choice: ViewChoice; readonly shape: ModelShape; readonly tokens: number },
): PanelState {
  const kept = {
    tabs: saved?.tabs ?? {},
    comparison: saved?.comparison ?? null,
    ...(saved?.ablation ? { ablation: saved.ablation } : {}),
    ...(saved?.bert !== undefined ? { bert: saved.bert } : {}),
    ...(saved?.repr ? { repr: saved.repr } : {}),
  };
  if (saved && saved.analysisId === analysis.id && fitsShape(saved.choice, analysis.shape)) {
    const token = saved.token !== null && saved.token < analysis.tokens ? saved.token : null;
    const choice = saved.chosen ? { choice: saved.choice, chosen: true } : { choice: analysis.choice };
    return { analysisId: analysis.id, ...choice, token, scroll: saved.scroll, ...kept };
  }
  return { analysisId: analysis.id, choice: analysis.choice, token: null, scroll: {}, ...kept };
}
