/**
 * The matrix view's readout (browser): the live region under the heatmap that says the cell the
 * crosshair is on — both tokens and the value of each pane (scores and probabilities side by
 * side), "masked" in a decoder's upper triangle, "≈" while a pane shows a block mean — and, at a
 * downsampled zoom, the exact weight once one row request brings it.
 *
 *   readout.say(cell, { labels, decoder, panes, exact: (cell) => weightFromARowRequest(cell) });
 */
import type { Stage } from '../../src/protocol/views';
import { el, replaceChildren } from '../common/dom';
import { formatWeight } from '../common/format';
import { t } from '../common/l10n';
import { inBackground } from '../common/background';
import type { Cell } from './heatmapMath';
import { cellValue } from './matrixMath';
import type { Pane } from './matrixPaint';

/** What the matrix shows now, as the readout needs it. */
export interface ReadoutContext {
  readonly labels: readonly string[];
  readonly decoder: boolean;
  readonly panes: readonly Pane[];
  /** The exact probability of a cell (one row asked of the host); null when it did not come. */
  readonly exact: (cell: Cell) => Promise<number | null>;
}

export class MatrixReadout {
  readonly element = el('div', { className: 'readout', attrs: { 'aria-live': 'polite', 'data-testid': 'matrix-readout' } });
  /** The cell said now (a late exact value of another is dropped). */
  private cell: Cell | null = null;

  /** Says `cell` (null: what to do to read one). */
  say(cell: Cell | null, at: ReadoutContext | null): void {
    this.cell = cell;
    if (!cell || !at) {
      this.write(t('Point at a cell (or focus the matrix and use the arrow keys) to read its value.'));
      return;
    }
    const parts = at.panes.map((p) => {
      const v = valueAt(at.panes, p.stage, cell);
      const masked = at.decoder && cell.key > cell.query;
      const text = masked ? t('masked') : v ? `${v.exact ? '' : '≈ '}${formatWeight(v.value)}` : '…';
      return at.panes.length > 1 ? `${p.stage === 'scores' ? t('scores') : t('probs')} ${text}` : text;
    });
    this.write(`${cellName(at.labels, cell)}: ${parts.join(' · ')}`);
    const probs = valueAt(at.panes, 'probs', cell);
    if (probs && !probs.exact) inBackground(this.sayExact(cell, at));
  }

  /** At a downsampled zoom a cell is a block mean: one row request gives the exact weight. */
  private async sayExact(cell: Cell, at: ReadoutContext): Promise<void> {
    const weight = await at.exact(cell);
    if (weight === null || this.cell !== cell) return;
    this.write(`${cellName(at.labels, cell)}: ${formatWeight(weight)}`);
  }

  /** Rewritten only when the words change: a screen reader says a live region again on any rewrite (a new choice, a reply). */
  private write(text: string): void {
    if (this.element.textContent !== text) replaceChildren(this.element, text);
  }
}

/** A cell's value in a pane's reply: exact at block 1, the block's mean otherwise. */
export function valueAt(panes: readonly Pane[], stage: Stage, cell: Cell): { value: number; exact: boolean } | null {
  const r = panes.find((p) => p.stage === stage)?.reply;
  return r ? cellValue(r, cell) : null;
}

function cellName(labels: readonly string[], cell: Cell): string {
  const name = (i: number): string => `${labels[i] ?? ''} (#${i})`;
  return `${name(cell.query)} → ${name(cell.key)}`;
}
