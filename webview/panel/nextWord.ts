/**
 * Next word at the cursor, in the panel (browser): for a decoder analysis, its next-token
 * candidates re-shaped live by temperature, top-k and top-p (sampling.ts: exact over the
 * candidates the engine returned, 50 of them for Next Word and Continue), and "continue"
 * buttons that ask the host for a few generated tokens — greedy or sampled with the same
 * controls. The preview lists each step; a step opens its own analysis in the views, and
 * "Insert" puts the preview into the document (one undoable edit, done by the host).
 */
import type { Candidate } from '../../src/protocol/analysis';
import { reshape, type SamplingControls } from '../../src/protocol/sampling';
import type { PreviewMessage, ShownAnalysis } from '../../src/protocol/webviewApi';
import { barList } from '../common/bars';
import { button, el, replaceChildren } from '../common/dom';
import { formatPercent, isByteLevel, tokenLabel } from '../common/format';

export interface NextWordEvents {
  onContinue(analysisId: number, steps: number, greedy: boolean, controls: SamplingControls): void;
  onInsert(previewId: number): void;
  onShowStep(analysisId: number): void;
}

export class NextWordView {
  readonly element = el('section', { className: 'next-word', attrs: { 'aria-label': 'Next word' } });
  private readonly distribution = el('div', { className: 'distribution' });
  private readonly previewBox = el('div', { className: 'preview', attrs: { 'aria-live': 'polite' } });
  private readonly temperature = input('range', { min: '0', max: '2', step: '0.05', value: '1', id: 'nw-temperature' });
  private readonly topK = input('number', { min: '0', max: '50', step: '1', value: '10', id: 'nw-topk' });
  private readonly topP = input('range', { min: '0.05', max: '1', step: '0.05', value: '1', id: 'nw-topp' });
  private readonly steps = input('number', { min: '1', max: '32', step: '1', value: '5', id: 'nw-steps' });
  private readonly readout = el('span', { className: 'muted nw-readout' });
  private shown: ShownAnalysis | null = null;
  private preview: PreviewMessage | null = null;

  constructor(private readonly events: NextWordEvents) {
    for (const control of [this.temperature, this.topK, this.topP]) control.addEventListener('input', () => this.redraw());
  }

  get controls(): SamplingControls {
    const clamp = (v: number, lo: number, hi: number, d: number): number => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : d);
    return {
      temperature: clamp(Number(this.temperature.value), 0, 2, 1),
      topK: Math.round(clamp(Number(this.topK.value), 0, 50, 10)),
      topP: clamp(Number(this.topP.value), 0.05, 1, 1),
    };
  }

  /** Shows the next-token controls for a decoder analysis (hides the section otherwise). */
  show(shown: ShownAnalysis): void {
    this.shown = shown;
    const { model, predictions } = shown.result;
    if (model.kind !== 'decoder' || predictions.next.length === 0) {
      this.element.hidden = true;
      return;
    }
    this.element.hidden = false;
    const row = (label: string, control: HTMLInputElement): HTMLElement => el('label', { className: 'nw-control', attrs: { for: control.id } }, label, control);
    const steps = (): number => Math.round(Math.min(32, Math.max(1, Number(this.steps.value) || 5)));
    replaceChildren(
      this.element,
      el('h2', {}, 'Next word'),
      el('p', { className: 'help' }, `Re-shaped over the ${predictions.next.length} candidates the model returned (exact over those).`),
      el('div', { className: 'controls nw-controls' }, row('Temperature', this.temperature), row('Top-k', this.topK), row('Top-p', this.topP), this.readout),
      this.distribution,
      el(
        'div',
        { className: 'actions' },
        row('Tokens', this.steps),
        button('Continue (greedy)', () => this.events.onContinue(shown.id, steps(), true, this.controls)),
        button('Continue (sample)', () => this.events.onContinue(shown.id, steps(), false, this.controls), 'button secondary'),
      ),
      this.previewBox,
    );
    this.redraw();
    this.drawPreview();
  }

  setPreview(preview: PreviewMessage): void {
    this.preview = preview;
    this.drawPreview();
  }

  private redraw(): void {
    if (!this.shown) return;
    const c = this.controls;
    this.readout.textContent = `T = ${c.temperature.toFixed(2)} · k = ${c.topK || 'all'} · p = ${c.topP.toFixed(2)}`;
    const kept: Candidate[] = reshape(this.shown.result.predictions.next, c);
    const byteLevel = isByteLevel(this.shown.result.tokens);
    replaceChildren(
      this.distribution,
      barList(
        kept.slice(0, 15).map((k) => ({ label: tokenLabel(k.token, byteLevel), p: k.p })),
        'Re-shaped next-token distribution',
      ),
    );
  }

  private drawPreview(): void {
    const p = this.preview;
    if (!p) {
      replaceChildren(this.previewBox);
      return;
    }
    const current = this.shown?.id;
    const steps = p.steps.map((s, i) => {
      const b = button(
        `${i + 1}. ${s.token.replace(/\n/g, '⏎')} (${formatPercent(s.p)})`,
        () => this.events.onShowStep(s.analysisId),
        s.analysisId === current ? 'button step current' : 'button secondary step',
      );
      b.setAttribute('aria-pressed', String(s.analysisId === current));
      return b;
    });
    replaceChildren(
      this.previewBox,
      el('h3', {}, p.done ? 'Preview' : 'Preview (generating…)'),
      el('pre', { className: 'preview-text' }, p.text),
      el(
        'div',
        { className: 'steps', attrs: { 'aria-label': 'Generated steps' } },
        button('Prompt', () => this.events.onShowStep(p.originId), 'button secondary step'),
        ...steps,
      ),
      el(
        'div',
        { className: 'actions' },
        button('Insert into the document', () => this.events.onInsert(p.previewId)),
      ),
    );
  }
}

function input(type: string, attrs: Record<string, string>): HTMLInputElement {
  const node = el('input', { className: 'nw-input', attrs: { type, ...attrs } });
  node.value = attrs.value;
  return node;
}
