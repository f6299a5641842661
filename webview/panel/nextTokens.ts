/**
 * The next token, in the Predictions tab (browser), for a decoder analysis: the model's candidates
 * as one list with the sampling controls — temperature, top-k, top-p — applied to that very list
 * (predictionMath.ts: at T = 1 with every candidate kept it reads the model's probabilities, the
 * rest of the vocabulary a row of its own), and "continue" buttons that ask the host for a few
 * generated tokens, greedy or sampled with the same controls. The preview lists each step; a step
 * opens its own analysis in the views, and "Insert" puts the preview into the document (one
 * undoable edit, done by the host). The preview shows only beside the analyses it belongs to.
 */
import type { Candidate } from '../../src/protocol/analysis';
import type { SamplingControls } from '../../src/protocol/sampling';
import type { PreviewMessage, ShownAnalysis } from '../../src/protocol/webviewApi';
import { barList, type Bar } from '../common/bars';
import { button, el, replaceChildren } from '../common/dom';
import { keepingFocus } from '../common/focusKeeper';
import { formatDecimal, formatPercent, isByteLevel, tokenLabel, visibleLines, visibleText } from '../common/format';
import { t } from '../common/l10n';
import { afterText } from '../common/nextCaption';
import { isIdentity, shapeCandidates } from './predictionMath';

export interface NextTokenEvents {
  onContinue(analysisId: number, steps: number, greedy: boolean, controls: SamplingControls): void;
  onInsert(previewId: number): void;
  onShowStep(analysisId: number): void;
}

/** Candidates listed at most; the others kept are summed in one line. */
const LISTED = 15;

export class NextTokensView {
  readonly element = el('section', { className: 'next-tokens', attrs: { 'aria-label': t('Next token') } });
  private readonly distribution = el('div', { className: 'distribution' });
  private readonly summary = el('p', { className: 'help nw-summary', attrs: { 'aria-live': 'polite' } });
  // The preview's text is its live region, kept from step to step and rewritten only when it grows:
  // a screen reader says the continuation so far, not the step buttons again at every step.
  private readonly previewTitle = el('h3');
  private readonly previewText = el('pre', { className: 'preview-text', attrs: { 'aria-live': 'polite' } });
  private readonly previewParts = el('div');
  private readonly previewBox = el('div', { className: 'preview' }, this.previewTitle, this.previewText, this.previewParts);
  private readonly temperature = input('range', { min: '0', max: '2', step: '0.05', value: '1', id: 'nw-temperature' });
  private readonly topK = input('number', { min: '0', max: '50', step: '1', value: '0', id: 'nw-topk' });
  private readonly topP = input('range', { min: '0.05', max: '1', step: '0.05', value: '1', id: 'nw-topp' });
  private readonly steps = input('number', { min: '1', max: '32', step: '1', value: '5', id: 'nw-steps' });
  private readonly readout = el('span', { className: 'muted nw-readout' });
  /** Kept from one analysis to the next, so that a focused one keeps the focus as the steps come. */
  private readonly greedy = button(t('Continue (greedy)'), () => this.continueText(true));
  private readonly sample = button(t('Continue (sample)'), () => this.continueText(false), 'button secondary');
  private shown: ShownAnalysis | null = null;
  private preview: PreviewMessage | null = null;

  constructor(private readonly events: NextTokenEvents) {
    for (const control of [this.temperature, this.topK, this.topP]) control.addEventListener('input', () => this.redraw());
  }

  get controls(): SamplingControls {
    const clamp = (v: number, lo: number, hi: number, d: number): number => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : d);
    return {
      temperature: clamp(Number(this.temperature.value), 0, 2, 1),
      topK: Math.round(clamp(Number(this.topK.value), 0, Number(this.topK.max) || 50, 0)),
      topP: clamp(Number(this.topP.value), 0.05, 1, 1),
    };
  }

  /** Shows the list and the controls for a decoder analysis (hides the section otherwise). */
  show(shown: ShownAnalysis): void {
    this.shown = shown;
    const { model, predictions } = shown.result;
    this.element.hidden = model.kind !== 'decoder';
    if (this.element.hidden) return;
    const n = predictions.next.length;
    // Top-k counts the candidates there are: 0 keeps them all, and the rest of the vocabulary too.
    this.topK.max = String(Math.max(1, n));
    const row = (label: string, control: HTMLInputElement): HTMLElement => el('label', { className: 'nw-control', attrs: { for: control.id } }, label, control);
    // Drawn anew for each analysis (a Continue's steps come one by one): the control with the focus keeps it.
    const had = this.element.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
    replaceChildren(
      this.element,
      el('h2', { attrs: { tabindex: '-1' } }, t('Next token')),
      afterText(),
      n === 0
        ? el('p', { className: 'muted' }, t('No next-token prediction for this analysis.'))
        : el(
            'div',
            {},
            el(
              'p',
              { className: 'help' },
              t('The model’s {0} most likely next tokens (the rest of the vocabulary is one row). Sampling re-shapes this list:', n),
            ),
            el(
              'div',
              { className: 'controls nw-controls' },
              row(t('Temperature'), this.temperature),
              row(t('Top-k (0 = all)'), this.topK),
              row(t('Top-p'), this.topP),
              this.readout,
            ),
            this.distribution,
            this.summary,
            el('div', { className: 'actions' }, row(t('Tokens'), this.steps), this.greedy, this.sample),
            el('p', { className: 'help' }, t('Continuing samples among the kept candidates only, never from the rest of the vocabulary.')),
          ),
      this.previewBox,
    );
    if (had?.isConnected) had.focus({ preventScroll: true });
    this.redraw();
    this.drawPreview();
  }

  /** Asks the host for a few tokens more after the analysis shown. */
  private continueText(greedy: boolean): void {
    const steps = Math.round(Math.min(32, Math.max(1, Number(this.steps.value) || 5)));
    if (this.shown) this.events.onContinue(this.shown.id, steps, greedy, this.controls);
  }

  setPreview(preview: PreviewMessage): void {
    this.preview = preview;
    this.drawPreview();
  }

  private redraw(): void {
    if (!this.shown) return;
    const c = this.controls;
    this.readout.textContent = t('T = {0} · k = {1} · p = {2}', formatDecimal(c.temperature, 2), c.topK || t('all'), formatDecimal(c.topP, 2));
    // A screen reader says a slider's raw value («0.55») otherwise: the same figures as the readout.
    this.temperature.setAttribute('aria-valuetext', formatDecimal(c.temperature, 2));
    this.topP.setAttribute('aria-valuetext', formatDecimal(c.topP, 2));
    const candidates = this.shown.result.predictions.next;
    const shaped = shapeCandidates(candidates, c);
    const byteLevel = isByteLevel(this.shown.result.tokens);
    const bars: Bar[] = shaped.kept.slice(0, LISTED).map((k: Candidate) => ({ label: tokenLabel(k.token, byteLevel), p: k.p, approximate: !shaped.exact }));
    const more = shaped.kept.slice(LISTED);
    if (more.length)
      bars.push({ label: t('{0} more candidates', more.length), p: more.reduce((s, k) => s + k.p, 0), kind: 'rest', approximate: !shaped.exact });
    if (shaped.rest !== null) bars.push({ label: t('the rest of the vocabulary'), p: shaped.rest, kind: 'rest', approximate: !shaped.exact });
    replaceChildren(this.distribution, barList(bars, t('Next-token candidates')));
    const summary = isIdentity(c)
      ? t('The model’s probabilities.')
      : t(
          '{0} of {1} candidates kept{2}; each share is of what is kept.',
          shaped.kept.length,
          candidates.length,
          shaped.exact ? '' : t(' (≈: the rest of the vocabulary is estimated at T ≠ 1)'),
        );
    // A live region: a screen reader says it again on any rewrite, so only when its words change (not at each slider step).
    if (this.summary.textContent !== summary) this.summary.textContent = summary;
  }

  /** Drawn anew for each step shown: a step button with the focus hands it to the one now in its place. */
  private drawPreview(): void {
    keepingFocus(this.previewBox, () => this.buildPreview());
  }

  private buildPreview(): void {
    const p = this.preview;
    const current = this.shown?.id;
    // A preview belongs to the analysis it continues and to its steps' analyses.
    this.previewBox.hidden = !p || current === undefined || (p.originId !== current && !p.steps.some((s) => s.analysisId === current));
    // Hidden, the text stays: cleared, it would be set again (and said again) when its analysis comes back.
    if (!p) this.previewText.textContent = '';
    if (!p || this.previewBox.hidden) return;
    const steps = p.steps.map((s, i) => {
      const b = button(
        `${i + 1}. ${visibleText(s.token.replace(/\n/g, '⏎'))} (${formatPercent(s.p)})`,
        () => this.events.onShowStep(s.analysisId),
        s.analysisId === current ? 'button step current' : 'button secondary step',
      );
      b.setAttribute('aria-pressed', String(s.analysisId === current));
      return b;
    });
    this.previewTitle.textContent = p.done ? t('Preview') : t('Preview (generating…)');
    const text = visibleLines(p.text);
    if (this.previewText.textContent !== text) this.previewText.textContent = text;
    replaceChildren(
      this.previewParts,
      el(
        'div',
        { className: 'steps', attrs: { 'aria-label': t('Generated steps') } },
        button(t('Prompt'), () => this.events.onShowStep(p.originId), 'button secondary step'),
        ...steps,
      ),
      el(
        'div',
        { className: 'actions' },
        button(t('Insert into the document'), () => this.events.onInsert(p.previewId)),
      ),
    );
  }
}

function input(type: string, attrs: Record<string, string>): HTMLInputElement {
  const node = el('input', { className: 'nw-input', attrs: { type, ...attrs } });
  node.value = attrs.value;
  return node;
}
