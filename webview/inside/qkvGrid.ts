/**
 * The Q/K/V inspector's grid and check line (browser), built from one breakdown: the query's strip,
 * a column per step for every key (its label, k_j, q ⊙ k_j, q·k_j, ×scale, the mask, the softmax
 * weight a_j, the value v_j, a_j·v_j), the output's strip, and the sentence that compares the softmax column with
 * the attention matrix's row. qkvView.ts owns the canvases, paints them and places the focus.
 */
import { el } from '../common/dom';
import { formatDecimal, formatExact, formatScientific } from '../common/format';
import { t } from '../common/l10n';
import type { Breakdown } from './qkvMath';

/** Agreement with the engine's attention within this is shown as a match (float32 attention, float16 ~1e-3). */
const MATCH = 2e-3;

/** A score or scale in the page's language: four decimals, or scientific where those would hide it. */
export const num = (x: number): string => (Math.abs(x) >= 1000 || (x !== 0 && Math.abs(x) < 1e-3) ? formatScientific(x, 3) : formatDecimal(x, 4));

export type StripColumn = 'k' | 'product' | 'v' | 'weighted';

/** The canvases and the focus box the grid places (the view paints the canvases). */
export interface GridParts {
  readonly qCanvas: HTMLCanvasElement;
  readonly outCanvas: HTMLCanvasElement;
  readonly strips: Record<StripColumn, HTMLCanvasElement>;
  readonly focusBox: HTMLElement;
}

/** The grid's children: the query's line, the columns, the output's line. */
export function gridChildren(b: Breakdown, label: (i: number) => string, parts: GridParts): HTMLElement[] {
  const masked = b.rows.map((r) => r.masked);
  const scalar = (text: string, className: string, full: number | string, row: number): HTMLElement =>
    el(
      'div',
      {
        className: `qkv-cell ${className}${masked[row] ? ' masked' : ''}`,
        attrs: { title: typeof full === 'number' ? formatExact(full) : full, 'data-row': String(row) },
      },
      text,
    );
  const column = (name: string, formula: string, className: string, body: HTMLElement[] | HTMLCanvasElement): HTMLElement =>
    el(
      'div',
      { className: `qkv-col ${className}` },
      el('div', { className: 'qkv-head' }, el('span', { className: 'qkv-name' }, name), el('span', { className: 'qkv-formula' }, formula)),
      el('div', { className: 'qkv-body' }, ...(Array.isArray(body) ? body : [body])),
    );
  const rows = b.rows;
  return [
    el('div', { className: 'qkv-line' }, el('span', { className: 'qkv-name' }, t('q (query)')), parts.qCanvas),
    el(
      'div',
      { className: 'qkv-cols' },
      column(
        t('key'),
        'j',
        'qkv-labels',
        rows.map((r) => scalar(label(r.key), 'qkv-label', label(r.key), r.key)),
      ),
      column('k', 'k_j', 'qkv-k-col', parts.strips.k),
      column('q ⊙ k', 'q ⊙ k_j', 'qkv-product-col', parts.strips.product),
      column(
        'q·k',
        'Σ q ⊙ k_j',
        'qkv-dot',
        rows.map((r) => scalar(num(r.dot), 'qkv-num', r.dot, r.key)),
      ),
      column(
        t('× scale'),
        `× ${num(b.scale)}`,
        'qkv-scaled',
        rows.map((r) => scalar(num(r.scaled), 'qkv-num', r.scaled, r.key)),
      ),
      column(
        t('mask'),
        '+0/−∞',
        'qkv-mask',
        rows.map((r) => scalar(r.masked ? '−∞' : '0', 'qkv-num', r.masked ? '−∞' : 0, r.key)),
      ),
      column(
        t('softmax'),
        'a_j',
        'qkv-softmax',
        rows.map((r) => scalar(formatDecimal(r.weight, 4), 'qkv-num', r.weight, r.key)),
      ),
      // The lecture's Value: what a_j weighs (a·v alone, on its own scale, would hide v behind a small a_j).
      column('v', 'v_j', 'qkv-v-col', parts.strips.v),
      column(t('a·v'), 'a_j v_j', 'qkv-weighted-col', parts.strips.weighted),
      parts.focusBox,
    ),
    el('div', { className: 'qkv-line' }, el('span', { className: 'qkv-name' }, t('output = Σ_j a_j·v_j')), parts.outCanvas),
  ];
}

/** The sentence under the grid: whether the softmax column is the attention matrix's row (`difference`: the largest; null when unread). */
export function checkText(difference: number | null, b: Breakdown, label: (i: number) => string): string {
  return difference === null
    ? t('The attention matrix row could not be read to compare.')
    : difference <= MATCH
      ? t(
          'The softmax column equals row “{0}” of the attention matrix of layer {1}, head {2} (largest difference {3}).',
          label(b.query),
          b.layer,
          b.head,
          formatScientific(difference, 1),
        )
      : t(
          'The softmax column differs from the attention matrix row by up to {0}: this graph changes the scores another way (see the notices).',
          num(difference),
        );
}
