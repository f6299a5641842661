/**
 * The side view's scale section (browser): the loaded model's exact parameter count on a log axis
 * beside BERT-base and -large, GPT-2 XL, GPT-3 and a GPT-4-scale model (an estimate: its size was never
 * published), and the memory its attention takes at its longest input. Before the host sends a
 * scale, a button asks for it (the `showScale` command). Every figure is written in the page's
 * language (format.ts: "1.421.058", "1,42 millones" and "1,8 billones" in Spanish).
 */
import type { ScaleShown } from '../../src/protocol/bert';
import { button, el, replaceChildren } from '../common/dom';
import { keepingFocus } from '../common/focusKeeper';
import { formatCount, formatDecimal, formatInteger, TEXT_MAX, visibleText } from '../common/format';
import { t } from '../common/l10n';

/** Published parameter counts (the GPT-4-scale one an estimate); the axis runs from 10^5 to 10^13. */
const REFERENCES: readonly { readonly name: string; readonly parameters: number; readonly estimate?: boolean }[] = [
  { name: 'BERT-base', parameters: 110e6 },
  { name: 'BERT-large', parameters: 340e6 },
  // The largest GPT-2, named so: the hub's "gpt2" (a preset) is the smallest, 124 M, and must not read as 12 times too small.
  { name: 'GPT-2 XL', parameters: 1.5e9 },
  { name: 'GPT-3', parameters: 175e9 },
  { name: 'GPT-4-scale', parameters: 1.8e12, estimate: true },
];
const LOG_MIN = 5;
const LOG_MAX = 13;

/** Where `n` sits on the log axis, 0..1. */
export function logPosition(n: number): number {
  return Math.max(0, Math.min(1, (Math.log10(Math.max(n, 1)) - LOG_MIN) / (LOG_MAX - LOG_MIN)));
}

/**
 * What the GPT-4 row rests on, from the references themselves: an estimate, and its ratio to GPT-3.
 * The lecture's last slide (large language models) puts GPT-4 at 1000 times GPT-3, a figure no
 * published source gives; the chart keeps the reported estimate and says where the two part.
 */
function gpt4Note(): string {
  const gpt3 = REFERENCES.find((r) => r.name === 'GPT-3')?.parameters ?? Number.NaN;
  const gpt4 = REFERENCES.find((r) => r.estimate)?.parameters ?? Number.NaN;
  return t(
    'GPT-4’s size was never published: the {0} here is a reported estimate, about {1} times GPT-3’s {2}. The lecture’s slide on large language models says 1000 times GPT-3; no published figure supports that.',
    formatCount(gpt4),
    formatInteger(Math.round(gpt4 / gpt3)),
    formatCount(gpt3),
  );
}

const mib = (bytes: number): string => `${formatDecimal(bytes / 1048576, 1)} MiB`;

export class ScaleSection {
  readonly element = el('section', { className: 'scale-section' });

  constructor(private readonly ask: () => void) {
    this.element.setAttribute('aria-label', t('Scale'));
    this.show(null);
  }

  /** The scale replaces the button that asked for it: a focus there goes to its heading, where a screen reader reads on. */
  show(shown: ScaleShown | null): void {
    keepingFocus(
      this.element,
      () => this.render(shown),
      () => this.element.querySelector('h3'),
    );
  }

  private render(shown: ScaleShown | null): void {
    if (!shown) {
      replaceChildren(
        this.element,
        el('h3', {}, t('Scale')),
        el('div', { className: 'actions' }, button(t('Show the model’s scale'), this.ask, 'button secondary')),
      );
      return;
    }
    const s = shown.scale;
    const rows = [
      { name: visibleText(s.model, TEXT_MAX), parameters: s.parameters, own: true, estimate: false },
      // Model names stay as they are; the estimate's row names no model, and is said in the page's language.
      ...REFERENCES.map((r) => ({ ...r, name: r.estimate ? t('GPT-4-scale') : r.name, own: false, estimate: !!r.estimate })),
    ];
    const list = el('ol', { className: 'scale-axis', attrs: { 'aria-label': t('Parameters, log scale') } });
    for (const r of rows) {
      const fill = el('div', { className: r.own ? 'scale-fill scale-own' : 'scale-fill' });
      fill.style.width = `${(logPosition(r.parameters) * 100).toFixed(1)}%`;
      list.append(
        el(
          'li',
          { className: 'scale-row' },
          el('span', { className: 'scale-name' }, r.name),
          el('span', { className: 'scale-track', attrs: { 'aria-hidden': 'true' } }, fill),
          el('span', { className: 'scale-value' }, r.estimate ? t('≈ {0} (estimate)', formatCount(r.parameters)) : formatCount(r.parameters)),
        ),
      );
    }
    const a = s.attention;
    replaceChildren(
      this.element,
      el('h3', { attrs: { tabindex: '-1' } }, t('Scale')),
      el('p', { className: 'scale-exact' }, t('{0}: {1} parameters', visibleText(s.model, TEXT_MAX), formatInteger(s.parameters))),
      list,
      el('p', { className: 'muted' }, t('Log scale: each step of the axis is 10 times more parameters.')),
      el('p', { className: 'muted scale-note' }, gpt4Note()),
      el(
        'p',
        { className: 'scale-memory' },
        t(
          'Attention at its longest input ({0} tokens): {1} = {2} layers × {3} heads × {0}² × {4} bytes',
          formatInteger(a.tokens),
          mib(a.bytes),
          a.layers,
          a.heads,
          a.bytesPerValue,
        ),
      ),
    );
  }
}
