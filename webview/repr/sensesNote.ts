/**
 * What Word Senses says in words (browser and unit tests, pure): the title (how many occurrences,
 * "200 of 250" when the run was sampled) and the note under the layer slider. A layer's note is
 * measured against layer 0: occurrences spelled with the same tokens are one vector there, so what
 * sets them apart later is their context; occurrences spelled with different tokens ("Banco",
 * "banco") differ from the start, and the note says that their spelling, not the context, is why.
 *
 *   layerNote(result, 4); // 'Layer 4: mean cosine 0.970 between occurrences, 0.976 at the embeddings, …'
 */
import { SAME_COSINE, type SensesResult } from '../../src/protocol/reprViews';
import { formatCosine, visibleText } from '../common/format';
import { t } from '../common/l10n';
import { allIdentical, allShownIdentical, meanOffDiagonal } from './reprMath';
import { alikeCosines, alikeMean, spellings } from '../../src/protocol/senseSpellings';

/** The heading: the word, where, how many occurrences (of how many found, when sampled) and the model (`document` and `model` as shown). */
export function sensesTitle(result: SensesResult, document: string, model: string): string {
  const n = result.occurrences.length;
  return result.found > n
    ? t('Senses of «{0}» in {1}: {2} of {3} occurrences ({4})', visibleText(result.word), document, n, result.found, model)
    : t('Senses of «{0}» in {1}: {2} occurrences ({3})', visibleText(result.word), document, n, model);
}

/** The note under the slider at `layer`, compared with layer 0. */
export function layerNote(result: SensesResult, layer: number): string {
  const n = result.occurrences.length;
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
      'At the embeddings, occurrences spelled with the same tokens are one vector; these are spelled {0} ways (different tokens), which alone sets them apart (mean cosine {1}).',
      groups.length,
      start,
    );
  }
  // Occurrences that read as cosine 1.000 are one vector: no layer is said to have told them apart.
  if (allShownIdentical(at)) return t('Layer {0}: every cosine reads 1.000 between occurrences; their contexts do not tell them apart here.', layer);
  if (!spelled) return t('Layer {0}: mean cosine {1} between occurrences, 1.000 at the embeddings: the context has made them differ.', layer, mean);
  const said = t(
    'Layer {0}: mean cosine {1} between occurrences, {2} at the embeddings, where they already differ because they are spelled with different tokens.',
    layer,
    mean,
    start,
  );
  const alike = alikeCosines(at, n, groups);
  if (alike.length === 0)
    return `${said} ${t('No two are spelled alike, so at this layer what comes from their spelling and what from their contexts cannot be told apart.')}`;
  if (alike.every((c) => c >= SAME_COSINE)) return `${said} ${t('Those spelled alike still read 1.000: their contexts do not tell them apart here.')}`;
  return `${said} ${t('Those spelled alike (1.000 at the embeddings) read {0} here: that difference is the context’s.', formatCosine(alikeMean(at, n, groups)))}`;
}
