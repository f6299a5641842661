/**
 * What a person is told when the default view settings (attentionLens.defaultLayer, defaultHead)
 * name a layer or head the model in use does not have (extension host, free of `vscode` so that it
 * is unit-tested in Node). The views clamp such a value (viewChoice.ts defaultViewChoice); without a
 * word, "layer 40" on a 2-layer model would look like a setting that does nothing. Said once per
 * model and value, not at every analysis.
 *
 *   const notice = new DefaultsNotice();
 *   notice.check({ defaultLayer: 40, headAggregation: 'mean', defaultHead: 0 }, { id: 'tiny', layers: 2, heads: 4 });
 *   // 'attentionLens.defaultLayer is 40, but tiny has layers 0 to 1: the views open on layer 1.'
 */
import { unfitDefaults, type ModelShape, type ViewSettings } from '../../protocol/viewChoice';
import { SECTION } from '../config';
import { t } from '../l10n';

export class DefaultsNotice {
  /** The (model, setting, value) already told. */
  private readonly told = new Set<string>();

  /** The message for the settings `model` cannot hold that were not told yet (null: nothing to say). */
  check(settings: ViewSettings, model: ModelShape & { readonly id: string }): string | null {
    const lines: string[] = [];
    for (const unfit of unfitDefaults(settings, model)) {
      const key = JSON.stringify([model.id, unfit.setting, unfit.asked]);
      if (this.told.has(key)) continue;
      this.told.add(key);
      const name = `${SECTION}.${unfit.setting}`;
      lines.push(
        unfit.setting === 'defaultLayer'
          ? t('{0} is {1}, but {2} has layers 0 to {3}: the views open on layer {4}.', name, unfit.asked, model.id, model.layers - 1, unfit.used)
          : t('{0} is {1}, but {2} has heads 0 to {3}: the views open on head {4}.', name, unfit.asked, model.id, model.heads - 1, unfit.used),
      );
    }
    return lines.length ? lines.join(' ') : null;
  }
}
