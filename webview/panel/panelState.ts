/**
 * What the panel keeps across being hidden and shown again (pure: browser and Node). VS Code
 * discards a hidden webview's page (retainContextWhenHidden stays off); `setState` keeps this small
 * record — the analysis, the whole view choice (layer, combination of heads or rollout, cleaning)
 * and the selected token — and when the host replays the same analysis the panel reopens where
 * the person left it.
 */
import { fitsShape, isViewChoice, type ModelShape, type ViewChoice } from '../../src/protocol/viewChoice';

export interface PanelState {
  readonly analysisId: number;
  readonly choice: ViewChoice;
  readonly token: number | null;
}

const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** The saved state, or null when there is none or it is not one of ours. */
export function parsePanelState(value: unknown): PanelState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isIndex(v.analysisId) || !isViewChoice(v.choice)) return null;
  if (v.token !== null && !isIndex(v.token)) return null;
  return { analysisId: v.analysisId, choice: v.choice, token: v.token };
}

/**
 * Where to open an analysis: the saved place when it is for this very analysis and still fits it,
 * else the choice the host opens it on, with no token selected.
 */
export function openingState(
  saved: PanelState | null,
  analysis: { readonly id: number; readonly choice: ViewChoice; readonly shape: ModelShape; readonly tokens: number },
): PanelState {
  if (saved && saved.analysisId === analysis.id && fitsShape(saved.choice, analysis.shape)) {
    const token = saved.token !== null && saved.token < analysis.tokens ? saved.token : null;
    return { analysisId: analysis.id, choice: saved.choice, token };
  }
  return { analysisId: analysis.id, choice: analysis.choice, token: null };
}
