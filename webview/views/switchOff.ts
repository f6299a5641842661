/**
 * Switching heads off from inside a view (browser): a button that names the heads a view points at
 * ("Switch head 1:0 off") and the key `x` on the view's focusable surface, both asking the panel to
 * ablate those heads (the Attention tab's `onAblate`, the same host path as its own button). The
 * view says which heads it means through `target`; no heads: the button hides and `x` does nothing.
 */
import type { HeadRef } from '../../src/protocol/analysis';
import { button } from '../common/dom';
import { t } from '../common/l10n';

/** The key that switches a view's head off (in the views' keyboard help). */
export const SWITCH_OFF_KEY = 'x';

export class SwitchOff {
  readonly button: HTMLButtonElement;
  /** The heads the button names now (what it switches off when pressed). */
  private heads: readonly HeadRef[] = [];

  constructor(
    private readonly target: () => readonly HeadRef[],
    private readonly onSwitch: (heads: readonly HeadRef[]) => void,
  ) {
    this.button = button('', () => this.switchOff(this.heads), 'button secondary switch-off');
    this.button.hidden = true;
  }

  /** Listens for the key on `surface` (after the view's own keys have moved its focus). */
  listen(surface: HTMLElement): void {
    surface.addEventListener('keydown', (e) => {
      if (e.key.toLowerCase() === SWITCH_OFF_KEY && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        this.update();
        this.switchOff(this.heads);
      } else this.update();
    });
  }

  /** Names the heads the view points at now. */
  update(): void {
    const heads = this.target();
    this.heads = heads;
    this.button.hidden = heads.length === 0;
    this.button.textContent = heads.length === 1 ? t('Switch head {0}:{1} off', heads[0].layer, heads[0].head) : t('Switch these {0} heads off', heads.length);
  }

  private switchOff(heads: readonly HeadRef[]): void {
    if (heads.length) this.onSwitch(heads);
  }
}
