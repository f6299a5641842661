/**
 * How an analysis is labelled before it is shown (extension host): the model named as people know
 * it, the host's notices first and the engine's in the UI's language, an ablation said in words.
 */
import type { AnalysisOverview, HeadRef } from '../../protocol/analysis';
import { headsInWords, headsLabel } from '../../protocol/ablation';
import { t } from '../l10n';
import { modelLabel } from '../models/selectedModel';
import { localizedNotice } from './notices';

/** Views name the model as people know it (a folder's name, a hub id), not by its full path; the host's notices come first, the engine's follow in the UI's language. */
export function labelled(result: AnalysisOverview, notices: readonly string[]): AnalysisOverview {
  return { ...result, model: { ...result.model, id: modelLabel(result.model.id) }, notices: [...notices, ...result.notices.map(localizedNotice)] };
}

/** The notice of an ablation: its exact heads, or whole layers and the whole model in words. */
export function ablatedNotice(heads: readonly HeadRef[], result: AnalysisOverview): string {
  const words = headsInWords(heads, { ...result.attention, kind: result.model.kind }, t);
  return words === null ? t('heads {0} switched off (layer:head)', headsLabel(heads)) : t('switched off: {0}', words);
}
