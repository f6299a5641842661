/**
 * The attention views' shared controls (browser): the layer, how heads combine (one head, mean,
 * max, a chosen set of heads, rollout across layers), and cleaning (hide special tokens, merge
 * subwords, hide punctuation/whitespace tokens). They show and produce one `ViewChoice` (the
 * protocol's); every change calls back with the new choice and the views redraw from it. The
 * panel has one set, the comparison another (its element ids prefixed, so that both can be on the page).
 */
import type { ViewChoice } from '../../src/protocol/viewChoice';
import type { Cleaning, Combine } from '../../src/protocol/views';
import { el, field, replaceChildren } from '../common/dom';
import { t } from '../common/l10n';

type CombineKind = Combine['kind'];

/** Functions, so that each label is read in the page's language when the controls are built. */
const KINDS: readonly (readonly [CombineKind, () => string])[] = [
  ['head', () => t('One head')],
  ['mean', () => t('Mean of heads')],
  ['max', () => t('Max over heads')],
  ['set', () => t('Mean of chosen heads')],
  ['rollout', () => t('Rollout (layers 0…L)')],
];

const CLEANING: readonly (readonly [keyof Cleaning, () => string])[] = [
  ['hideSpecial', () => t('Hide special tokens')],
  ['mergeSubwords', () => t('Merge subwords')],
  ['hidePunctuation', () => t('Hide punctuation/whitespace')],
];

export class ViewControls {
  readonly element: HTMLElement;
  private readonly layerPicker: HTMLSelectElement;
  private readonly kindPicker: HTMLSelectElement;
  private readonly headPicker: HTMLSelectElement;
  private readonly headSet = el('fieldset', { className: 'head-set' });
  private readonly cleaningBoxes = new Map<keyof Cleaning, HTMLInputElement>();
  private heads = 0;
  private layers = 0;
  private lastHead = 0;
  private lastSet: number[] = [0];

  /** `ids` prefixes the controls' element ids ('' for the panel's own). */
  constructor(
    private readonly onChange: (choice: ViewChoice) => void,
    private readonly ids = '',
  ) {
    this.layerPicker = el('select', { className: 'picker', attrs: { id: `${ids}layer-picker` } });
    this.kindPicker = el('select', { className: 'picker', attrs: { id: `${ids}combine-picker` } });
    // Beside the Heads picker, with no label of its own: a screen reader names it by this.
    this.headPicker = el('select', { className: 'picker', attrs: { id: `${ids}head-picker`, 'aria-label': t('Head') } });
    replaceChildren(this.kindPicker, ...KINDS.map(([v, label]) => el('option', { attrs: { value: v } }, label())));
    const cleaning = el('fieldset', { className: 'cleaning' }, el('legend', {}, t('Cleaning')));
    for (const [name, label] of CLEANING) {
      const box = el('input', { attrs: { type: 'checkbox', id: `${ids}clean-${name}` } });
      box.addEventListener('change', () => this.changed());
      this.cleaningBoxes.set(name, box);
      cleaning.append(el('label', { className: 'check' }, box, label()));
    }
    for (const picker of [this.layerPicker, this.kindPicker, this.headPicker]) picker.addEventListener('change', () => this.changed());
    this.element = el(
      'div',
      { className: 'view-controls' },
      el('div', { className: 'controls' }, field(t('Layer'), this.layerPicker), field(t('Heads'), this.kindPicker), this.headPicker, this.headSet),
      cleaning,
    );
  }

  /** Fills the pickers for a model's shape and shows `choice`. */
  set(layers: number, heads: number, choice: ViewChoice): void {
    // A model of the same shape (most new analyses): the pickers already hold its layers and heads.
    if (layers === this.layers && heads === this.heads) {
      this.show(choice);
      return;
    }
    this.layers = layers;
    this.heads = heads;
    replaceChildren(this.layerPicker, ...Array.from({ length: layers }, (_, l) => el('option', { attrs: { value: String(l) } }, t('Layer {0}', l))));
    replaceChildren(
      this.headPicker,
      ...Array.from({ length: heads }, (_, h) => el('option', { attrs: { value: String(h), 'aria-label': t('Head {0}', h) } }, t('Head {0}', h))),
    );
    replaceChildren(
      this.headSet,
      el('legend', {}, t('Heads in the set')),
      ...Array.from({ length: heads }, (_, h) => {
        // Named as the Head picker's options are: a screen reader says "Head 1", not a bare "1".
        const box = el('input', { attrs: { type: 'checkbox', value: String(h), id: `${this.ids}set-head-${h}`, 'aria-label': t('Head {0}', h) } });
        box.addEventListener('change', () => this.changed());
        return el('label', { className: 'check' }, box, String(h));
      }),
    );
    this.show(choice);
  }

  /** Shows a choice without reporting it. */
  show(choice: ViewChoice): void {
    this.layerPicker.value = String(choice.layer);
    this.kindPicker.value = choice.combine.kind;
    if (choice.combine.kind === 'head') this.lastHead = choice.combine.head;
    if (choice.combine.kind === 'set') this.lastSet = [...choice.combine.heads];
    this.headPicker.value = String(this.lastHead);
    for (const box of this.headSet.querySelectorAll('input')) box.checked = this.lastSet.includes(Number(box.value));
    for (const [name, box] of this.cleaningBoxes) box.checked = choice.cleaning[name];
    this.headPicker.hidden = choice.combine.kind !== 'head';
    this.headSet.hidden = choice.combine.kind !== 'set';
  }

  read(): ViewChoice {
    const kind = this.kindPicker.value as CombineKind;
    const layer = Number(this.layerPicker.value) || 0;
    const cleaning = {
      hideSpecial: this.cleaningBoxes.get('hideSpecial')?.checked ?? false,
      mergeSubwords: this.cleaningBoxes.get('mergeSubwords')?.checked ?? false,
      hidePunctuation: this.cleaningBoxes.get('hidePunctuation')?.checked ?? false,
    };
    let combine: Combine;
    if (kind === 'head') combine = { kind, head: Math.min(this.heads - 1, Number(this.headPicker.value) || 0) };
    else if (kind === 'set') {
      const heads = [...this.headSet.querySelectorAll('input')].filter((b) => b.checked).map((b) => Number(b.value));
      combine = { kind, heads: heads.length ? heads : [this.lastSet[0] ?? 0] };
    } else combine = { kind };
    return { layer, combine, cleaning };
  }

  private changed(): void {
    const choice = this.read();
    this.show(choice);
    this.onChange(choice);
  }
}
