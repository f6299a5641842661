/**
 * The editor decorations' colours, contributed as theme colours (package.json `contributes.colors`,
 * where their light, dark and high-contrast defaults live) so that a theme or
 * `workbench.colorCustomizations` can change them. Pure (extension host and unit tests): ids only;
 * editorDecorations.ts makes ThemeColors of them and a unit test holds them against package.json.
 * The side view's legends (spotlight and surprisal) read the same colours as `--vscode-attentionLens-…` variables.
 */
import { SURPRISAL_BUCKETS, WEIGHT_BUCKETS } from './buckets';
import { SETTLING_BUCKETS } from './settlingBands';

/**
 * The spotlight's weight buckets, faintest first: one violet, more opaque with the weight — a
 * family the surprisal heatmap's blue-to-red bands never use, so the two read apart when both are on.
 * Deep under a dark theme's pale text, pale under a light theme's dark text, and no more opaque
 * than keeps that text readable (test/unit/host/editor/decorationContrast.test.ts); the teal of
 * the settling strip likewise.
 */
export const SPOTLIGHT_COLORS: readonly string[] = Array.from({ length: WEIGHT_BUCKETS }, (_, b) => `attentionLens.spotlightBackground${b}`);

/** The surprisal heatmap's bands, expected first (cool) to most surprising (hot). */
export const SURPRISAL_COLORS: readonly string[] = Array.from({ length: SURPRISAL_BUCKETS }, (_, b) => `attentionLens.surprisalBackground${b}`);

/** The token selected in the panel, highlighted where it came from in the editor (cursor sync). */
export const SELECTED_TOKEN_COLOR = 'attentionLens.selectedTokenBackground';

/** The settling strip's bands, earliest layers first: one teal, more opaque the later the prediction settles. */
export const SETTLING_COLORS: readonly string[] = Array.from({ length: SETTLING_BUCKETS }, (_, b) => `attentionLens.settlingBackground${b}`);

export const THEME_COLORS: readonly string[] = [...SPOTLIGHT_COLORS, ...SURPRISAL_COLORS, SELECTED_TOKEN_COLOR, ...SETTLING_COLORS];
