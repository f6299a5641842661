/**
 * What the panel keeps across being hidden and shown again (pure: browser and Node). VS Code
 * discards a hidden webview's page (retainContextWhenHidden stays off); `setState` keeps this small
 * record, and when the host replays the same analysis the panel reopens where the person left it.
 */

export interface PanelState {
  readonly analysisId: number;
  readonly layer: number;
  readonly head: number | null;
  readonly token: number | null;
}

const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** The saved state, or null when there is none or it is not one of ours. */
export function parsePanelState(value: unknown): PanelState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isIndex(v.analysisId) || !isIndex(v.layer)) return null;
  if (v.head !== null && !isIndex(v.head)) return null;
  if (v.token !== null && !isIndex(v.token)) return null;
  return { analysisId: v.analysisId, layer: v.layer, head: v.head as number | null, token: v.token as number | null };
}

/**
 * Where to open an analysis: the saved place when it is for this very analysis and still fits it,
 * else the layer and head the host asked for, with no token focused.
 */
export function openingState(
  saved: PanelState | null,
  analysis: {
    readonly id: number;
    readonly layer: number;
    readonly head: number | null;
    readonly layers: number;
    readonly heads: number;
    readonly tokens: number;
  },
): PanelState {
  if (saved && saved.analysisId === analysis.id && saved.layer < analysis.layers && (saved.head === null || saved.head < analysis.heads)) {
    const token = saved.token !== null && saved.token < analysis.tokens ? saved.token : null;
    return { analysisId: analysis.id, layer: saved.layer, head: saved.head, token };
  }
  return { analysisId: analysis.id, layer: analysis.layer, head: analysis.head, token: null };
}
