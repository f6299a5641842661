/**
 * What a person is told when a model setting names a model of the other kind (extension host, free
 * of `vscode` so that it is unit-tested in Node): a GPT-style decoder in attentionLens.encoderModel,
 * a BERT-style encoder in attentionLens.decoderModel. Its attention is analyzed all the same, but
 * what needs the setting's kind fails later with the engine's words, which name no setting; this says
 * it at the first analysis, once per setting and model.
 *
 *   new KindNotice().check('encoder', { id: 'tiny-gpt-es-en', kind: 'decoder' })
 *   // 'attentionLens.encoderModel names tiny-gpt-es-en, a decoder (GPT-style) model: …'
 */
import type { ModelKind } from '../../protocol/analysis';
import { neutralName } from '../../protocol/neutralise';
import { SECTION } from '../config';
import { t } from '../l10n';

export class KindNotice {
  private readonly said = new Set<string>();

  /** The line to show when `model` (as the analysis found it) is not of the `slot` kind it was chosen for, else null. */
  check(slot: ModelKind, model: { readonly id: string; readonly kind: ModelKind }): string | null {
    if (slot === model.kind) return null;
    const key = `${slot}\n${model.id}`;
    if (this.said.has(key)) return null;
    this.said.add(key);
    const name = neutralName(model.id);
    return slot === 'encoder'
      ? t(
          '{0} names {1}, a decoder (GPT-style) model: its attention is shown, but what needs an encoder (Mask Word, whole-word fills) fails with it. Select Model offers encoders.',
          `${SECTION}.encoderModel`,
          name,
        )
      : t(
          '{0} names {1}, an encoder (BERT-style) model: its attention is shown, but what needs a decoder (Next Word, Continue, the surprisal heatmap) fails with it. Select Model offers decoders.',
          `${SECTION}.decoderModel`,
          name,
        );
  }
}
