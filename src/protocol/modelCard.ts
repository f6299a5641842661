/**
 * What the model card (models/MODEL_CARD.md) measured of a model's next-sentence prediction (pure;
 * webviews, CLI, tests): its accuracy on held-out pairs, so that wherever P(IsNext) is shown it is
 * said how far to trust it. Only the models the repository trains and measures have figures; a test
 * holds them against the card's table.
 *
 *   nspAccuracy('/ext/models/tiny-bert-es-en')?.everyday.en   // 0.594
 *   nspAccuracy('bert-base-uncased')                           // null: nobody here measured it
 */

/** Accuracy (0..1) of the next-sentence prediction on held-out pairs, half of them IsNext (chance: 0.5). */
export interface NspAccuracy {
  /** Held-out everyday prose (tools/train/heldout/): the texts a student brings. */
  readonly everyday: { readonly es: number; readonly en: number };
  /** Held-out documents of the training corpus (documentation, like the training text). */
  readonly test: { readonly es: number; readonly en: number };
}

/** The card's "next-sentence accuracy" rows, by the model's folder name. */
export const NSP_ACCURACY: Readonly<Record<string, NspAccuracy>> = {
  'tiny-bert-es-en': { everyday: { es: 0.636, en: 0.594 }, test: { es: 0.826, en: 0.782 } },
};

/** The card's figures for a model id (a folder path or a name: its last segment is the name), or null when it has none. */
export function nspAccuracy(model: string): NspAccuracy | null {
  const name =
    model
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  return Object.hasOwn(NSP_ACCURACY, name) ? NSP_ACCURACY[name] : null;
}
