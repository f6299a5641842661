/**
 * The Compare tab's ablation mode (browser): what switching heads off changed — the next-token
 * (decoder) or masked-word (encoder) predictions before and after, a strip of each token's
 * surprisal change in bits (diverging colours: blue less surprising without the heads, orange more;
 * one canvas pixel per token, scaled without smoothing; arrows move a readout along it), the
 * attention of the later layers before and after (the panel's matrix view, the two sides on their
 * own lanes, asked for only while the tab is on screen), and Restore, which asks the host for the
 * unablated analysis. Shown while the panel shows one of its two analyses.
 */
import type { Candidate, HeadRef } from '../../src/protocol/analysis';
import { headsInWords, headsLabel } from '../../src/protocol/ablation';
import type { ViewChoice } from '../../src/protocol/viewChoice';
import type { AblationMessage, ShownAnalysis } from '../../src/protocol/webviewApi';
import { barList } from '../common/bars';
import { button, el, replaceChildren } from '../common/dom';
import { keepingFocus } from '../common/focusKeeper';
import { afterText } from '../common/nextCaption';
import { formatBits, isByteLevel, tokenLabel } from '../common/format';
import { t } from '../common/l10n';
import { moveInList } from '../common/navigation';
import type { FailureReporter, Requester } from '../common/viewSource';
import { ViewControls } from '../views/viewControls';
import { divergingColor, firstChangedLayer, stripScale, surprisalChanges, type SurprisalChange } from './ablationMath';
import { renderMatrix } from './compare';
import { labelsOf } from './stripLabels';

export interface AblationEvents {
  /** Restore: show the unablated analysis again. */
  onRestore(analysisId: number): void;
  /** Switch heads off in an analysis (none given: the host asks which with a quick pick). */
  onAblate(analysisId: number, heads: readonly HeadRef[]): void;
}

export class AblationView {
  readonly element = el('section', { className: 'ablation', attrs: { 'aria-label': t('What changed') } });
  private readonly controls = new ViewControls((choice) => this.draw(choice), 'ablation-');
  private readonly sides = el('div', { className: 'compare-columns' });
  private readonly matrices = [el('div', { className: 'compare-matrix' }), el('div', { className: 'compare-matrix' })];
  private readonly canvas = el('canvas', {
    className: 'change-strip',
    attrs: { tabindex: '0', role: 'group', 'aria-label': t('Surprisal change per token; arrows move along it') },
  });
  private readonly marker = el('div', { className: 'change-marker', attrs: { 'aria-hidden': 'true' } });
  private readonly readout = el('p', { className: 'change-readout', attrs: { 'aria-live': 'polite' } });
  private message: AblationMessage | null = null;
  private changes: SurprisalChange[] = [];
  private labels: string[] = [];
  private cursor = 0;
  /** The panel shows one of the ablation's two analyses. */
  private following = false;
  private visible = false;
  private drawn: ViewChoice | null = null;

  constructor(
    private readonly requester: Requester,
    private readonly report: FailureReporter,
    private readonly events: AblationEvents,
  ) {
    this.canvas.addEventListener('keydown', (e) => {
      const next = moveInList(this.cursor, e.key, this.changes.length);
      if (next === null) return;
      e.preventDefault();
      this.point(next);
    });
    this.element.hidden = true;
  }

  /** Whether the tab shows an ablation now (the comparison of encoder and decoder steps aside). */
  get active(): boolean {
    return this.following && this.message !== null;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.active && !this.drawn) this.draw(this.controls.read());
  }

  /** A new ablation, or none (Restore). */
  show(message: AblationMessage | null, shownId: number | null): void {
    this.message = message;
    this.following = message !== null && (shownId === message.before.id || shownId === message.after.id);
    this.render();
  }

  /** The panel shows `analysisId`: the ablation stays while it is one of its two. */
  follow(analysisId: number): void {
    const m = this.message;
    const following = m !== null && (m.before.id === analysisId || m.after.id === analysisId);
    if (following === this.following) return;
    this.following = following;
    this.render();
  }

  /** Draws the ablation in place: the keyboard focus, if it was in the view, stays at its place there. */
  private render(): void {
    keepingFocus(this.element, () => this.build());
  }

  private build(): void {
    this.drawn = null;
    const m = this.message;
    this.element.hidden = !this.active;
    if (!m || !this.active) return replaceChildren(this.element);
    const { before, after } = m;
    const heads = after.result.ablated ?? [];
    const { layers, heads: headCount } = after.result.attention;
    const first = firstChangedLayer(heads, layers);
    this.controls.set(layers, headCount, { ...after.choice, layer: first, combine: { kind: 'mean' } });
    this.labels = labelsOf(after.result.tokens, isByteLevel(after.result.tokens));
    this.changes = surprisalChanges(before.result.predictions, after.result.predictions);
    this.cursor = 0;
    replaceChildren(
      this.element,
      el('h2', {}, this.heading(heads, after)),
      el(
        'p',
        { className: 'help' },
        t('The same text analyzed again with these heads’ outputs set to zero before the heads merge. Attention before layer {0} cannot change.', first),
      ),
      el(
        'div',
        { className: 'actions' },
        button(t('Restore'), () => this.events.onRestore(after.id)),
        button(t('Switch other heads off…'), () => this.events.onAblate(after.id, []), 'button secondary'),
      ),
      this.predictions(before, after),
      this.strip(),
      el('h3', {}, t('Attention of the later layers')),
      this.controls.element,
      this.sides,
    );
    this.paintStrip();
    if (this.visible) this.draw(this.controls.read());
  }

  /** A small set by its exact heads; whole layers, or the whole model, in words. */
  private heading(heads: readonly HeadRef[], after: ShownAnalysis): string {
    const { layers, heads: perLayer } = after.result.attention;
    const words = headsInWords(heads, { layers, heads: perLayer, kind: after.result.model.kind }, t);
    return words === null ? t('Heads {0} switched off', headsLabel(heads)) : t('Switched off: {0}', words);
  }

  private predictions(before: ShownAnalysis, after: ShownAnalysis): HTMLElement {
    const byteLevel = isByteLevel(after.result.tokens);
    const bars = (list: readonly Candidate[], label: string): HTMLElement =>
      barList(
        list.slice(0, 6).map((c) => ({ label: tokenLabel(c.token, byteLevel), p: c.p })),
        label,
        true,
      );
    const pair = (title: string, then: readonly Candidate[], now: readonly Candidate[], caption?: HTMLElement): HTMLElement =>
      el(
        'div',
        { className: 'ablation-pair' },
        el('h3', {}, title),
        ...(caption ? [caption] : []),
        el(
          'div',
          { className: 'compare-columns' },
          el('div', { className: 'ablation-before' }, el('h4', {}, t('Before')), bars(then, t('{0}: before', title))),
          el('div', { className: 'ablation-after' }, el('h4', {}, t('Heads off')), bars(now, t('{0}: heads off', title))),
        ),
      );
    if (after.result.model.kind === 'decoder') return pair(t('Next token'), before.result.predictions.next, after.result.predictions.next, afterText());
    const masked = after.result.predictions.masked;
    if (masked.length === 0) return el('p', { className: 'muted' }, t('No masked words: mask a word to see how its fillers change.'));
    return el(
      'div',
      {},
      ...masked.map((m) =>
        pair(
          t('Masked #{0} {1}', m.position, this.labels[m.position] ?? ''),
          before.result.predictions.masked.find((b) => b.position === m.position)?.top ?? [],
          m.top,
        ),
      ),
    );
  }

  private strip(): HTMLElement {
    if (this.changes.length === 0)
      return el(
        'p',
        { className: 'muted' },
        t('No surprisal strip: only a decoder gives each token a surprisal (the probability of it after the text before it).'),
      );
    const max = stripScale(this.changes);
    return el(
      'div',
      { className: 'change-section' },
      el('h3', {}, t('Surprisal change per token (after − before)')),
      el('div', { className: 'change-frame' }, this.canvas, this.marker),
      el('p', { className: 'change-scale muted' }, t('blue: less surprising without the heads · orange: more · grey: unchanged; scale ±{0}', formatBits(max))),
      this.readout,
    );
  }

  /** One pixel per token (a token without a surprisal stays clear), scaled by CSS without smoothing. */
  private paintStrip(): void {
    const m = this.message;
    if (!m || this.changes.length === 0) return;
    const T = m.after.result.tokens.length;
    this.canvas.width = T;
    this.canvas.height = 1;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(T, 1);
    const max = stripScale(this.changes);
    for (const c of this.changes) {
      const [r, g, b] = divergingColor(c.diff, max);
      image.data.set([r, g, b, 255], c.position * 4);
    }
    ctx.putImageData(image, 0, 0);
    this.point(this.changes.reduce((best, c, i) => (Math.abs(c.diff) > Math.abs(this.changes[best].diff) ? i : best), 0));
  }

  /** Moves the readout to the `index`-th change. */
  private point(index: number): void {
    const m = this.message;
    const c = this.changes[index];
    if (!m || !c) return;
    this.cursor = index;
    const T = m.after.result.tokens.length;
    this.marker.style.left = `${(c.position / T) * 100}%`;
    this.marker.style.width = `${100 / T}%`;
    const sign = c.diff > 0 ? '+' : c.diff < 0 ? '−' : '±';
    this.readout.textContent = t(
      '#{0} {1}: {2} → {3} ({4}{5})',
      c.position,
      this.labels[c.position] ?? '',
      formatBits(c.before),
      formatBits(c.after),
      sign,
      formatBits(Math.abs(c.diff)),
    );
    this.readout.dataset.position = String(c.position);
  }

  private draw(choice: ViewChoice): void {
    const m = this.message;
    if (!m || !this.active) return;
    this.drawn = choice;
    const side = (title: string, matrix: HTMLElement): HTMLElement => el('div', { className: 'compare-side' }, el('h4', {}, title), matrix);
    replaceChildren(this.sides, side(t('Before'), this.matrices[0]), side(t('Heads off'), this.matrices[1]));
    renderMatrix(this.matrices[0], this.requester, this.report, 'ablation-before-', m.before, choice, t('Before'));
    renderMatrix(this.matrices[1], this.requester, this.report, 'ablation-after-', m.after, choice, t('Heads off'));
  }
}
