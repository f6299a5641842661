/**
 * What Word Senses says in words (browser and unit tests, pure): the title (how many occurrences,
 * "200 of 250" when the run was sampled) and the note under the layer slider. A layer's note is
 * measured against layer 0: occurrences written with the same tokens are one vector there, so what
 * sets them apart later is their context; occurrences written with different tokens ("Banco" and
 * "banco", but also "getUserName" after a space and after a bracket: ␣get·… and get·…) differ from
 * the start, and the note names their tokens as why, not the context.
 *
 *   layerNote(result, 4); // 'Layer 4: mean cosine 0.970 between occurrences, 0.976 at the embeddings, …'
 */
import { SAME_COSINE, type SensesResult } from '../../src/protocol/reprViews';
import { formatCosine, isByteLevel, tokenLabel, visibleText } from '../common/format';
import { t } from '../common/l10n';
import { allIdentical, allShownIdentical, meanOffDiagonal } from './reprMath';
import { alikeCosines, alikeMean, spellings } from '../../src/protocol/senseSpellings';

/** Token sequences a note lists before '…'. */
const SEQUENCES_SHOWN = 3;

/** Whether the static rows' vocabulary is byte-level (its strings are read as the text they stand for). */
export function staticsByteLevel(result: SensesResult): boolean {
  return isByteLevel(result.static.flatMap((s) => [s.token, ...s.neighbours.map((x) => x.token)]).map((text) => ({ text, special: false })));
}

/** The first SEQUENCES_SHOWN groups' tokens as the Static section labels them ("␣ban·co, ␣B·anco"), then "…". */
function sequences(result: SensesResult, groups: readonly (readonly number[])[]): string {
  const byteLevel = staticsByteLevel(result);
  const label = (id: number): string => {
    const row = result.static.find((s) => s.id === id);
    return row ? tokenLabel(row.token, byteLevel) : `#${id}`;
  };
  const shown = groups.slice(0, SEQUENCES_SHOWN).map((g) => result.occurrences[g[0]].ids.map(label).join('·'));
  return groups.length > SEQUENCES_SHOWN ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** The heading: the word, where, how many occurrences (of how many found, when sampled) and the model (`document` and `model` as shown). */
export function sensesTitle(result: SensesResult, document: string, model: string): string {
  const n = result.occurrences.length;
  return result.found > n
    ? t('Senses of “{0}” in {1}: {2} of {3} occurrences ({4})', visibleText(result.word), document, n, result.found, model)
    : t('Senses of “{0}” in {1}: {2} occurrences ({3})', visibleText(result.word), document, n, model);
}

/** The note under the slider at `layer`, compared with layer 0. */
export function layerNote(result: SensesResult, layer: number): string {
  const n = result.occurrences.length;
  // A single cell: no pair, so neither "the same vector" nor "their contexts" says anything.
  if (n < 2) return t('One occurrence: there is nothing to compare it with.');
  const at = result.layers[layer].cosine;
  const first = result.layers[0].cosine;
  const mean = formatCosine(meanOffDiagonal(at, n));
  const start = formatCosine(meanOffDiagonal(first, n));
  const groups = spellings(result.occurrences);
  // Different tokens are different rows: then layer 0 differs whatever the context.
  const spelled = groups.length > 1 && !allIdentical(first);
  if (layer === 0) {
    if (!spelled) return t('At the embeddings every occurrence is the same vector (cosine 1.000): a static embedding has one meaning per word.');
    return t(
      'At the embeddings, occurrences written with the same tokens are one vector; these are written with {0} different sequences of tokens ({1}), which alone sets them apart (mean cosine {2}). A capital letter, or a space before the word or none, gives other tokens.',
      groups.length,
      sequences(result, groups),
      start,
    );
  }
  // Occurrences that read as cosine 1.000 are one vector: no layer is said to have told them apart.
  if (allShownIdentical(at)) return t('Layer {0}: every cosine reads 1.000 between occurrences; their contexts do not tell them apart here.', layer);
  if (!spelled) return t('Layer {0}: mean cosine {1} between occurrences, 1.000 at the embeddings: the context has made them differ.', layer, mean);
  const said = t(
    'Layer {0}: mean cosine {1} between occurrences, {2} at the embeddings, where they already differ because they are written with different tokens.',
    layer,
    mean,
    start,
  );
  const alike = alikeCosines(at, n, groups);
  if (alike.length === 0)
    return `${said} ${t('No two are written with the same tokens, so at this layer what comes from their tokens and what from their contexts cannot be told apart.')}`;
  if (alike.every((c) => c >= SAME_COSINE))
    return `${said} ${t('Those written with the same tokens still read 1.000: their contexts do not tell them apart here.')}`;
  return `${said} ${t('Those written with the same tokens (1.000 at the embeddings) read {0} here: that difference is the context’s.', formatCosine(alikeMean(at, n, groups)))}`;
}
