/**
 * How tokens read on the panel's axes and lists (browser): a token list's labels as the token strip
 * shows them, and a cleaned axis's labels, a merged word's pieces joined.
 *
 *   axisLabels(axis, labelsOf(tokens, byteLevel)); // a merged "river" + "##bank" reads "riverbank"
 */
import type { TokenInfo } from '../../src/protocol/analysis';
import type { ViewAxis } from '../../src/protocol/viewAxis';
import { tokenLabels } from '../common/format';

/** The labels of a token list, as the strip and the heatmap axes show them. */
export function labelsOf(tokens: readonly TokenInfo[], byteLevel: boolean): string[] {
  return tokenLabels(tokens, byteLevel);
}

/** The labels of a cleaned axis: each entry's tokens' labels joined (a merged word's continuation markers `##` dropped). */
export function axisLabels(axis: ViewAxis, labels: readonly string[]): string[] {
  return axis.groups.map((group) =>
    group.length === 1 ? (labels[group[0]] ?? '') : group.map((i, n) => (n > 0 ? (labels[i] ?? '').replace(/^##/, '') : (labels[i] ?? ''))).join(''),
  );
}
