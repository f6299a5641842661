/**
 * The BERT tab's positions section (browser): the loaded model's learned position table as a
 * position × position cosine heatmap (one canvas pixel per cell, cosine −1 … 1 on the heatmap's
 * ramp) and its first two principal components as a curve from the first position to the last,
 * beside the original transformer's sinusoidal encoding at the model's width; a rotary model's
 * rotation frequencies instead (log scale, one point per dimension pair). Records how long a paint
 * took (`data-paint-ms`).
 */
import type { PositionsShown } from '../../src/protocol/bert';
import type { Projection } from '../../src/protocol/representations';
import { buildLut, packLut } from '../../src/protocol/colorScale';
import { el, replaceChildren } from '../common/dom';
import { formatPercent, formatSignificant, TEXT_MAX, visibleText } from '../common/format';
import { t } from '../common/l10n';
import { cssColor } from '../common/theme';

const PACKED = packLut(buildLut());
const CURVE_SIZE = 200;

/** A count × count cosine matrix on a canvas, one pixel per cell (−1 darkest, 1 lightest). */
export function heatmapCanvas(similarity: Float32Array, count: number, label: string): HTMLCanvasElement {
  const canvas = el('canvas', { className: 'bert-heatmap', attrs: { role: 'img', 'aria-label': label } });
  canvas.width = count;
  canvas.height = count;
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const image = context.createImageData(count, count);
  const pixels = new Uint32Array(image.data.buffer);
  const top = PACKED.length - 1;
  for (let i = 0; i < count * count; i++) {
    // colorIndex((c + 1) / 2, 1), inlined: a quarter of a million cells at 512 positions.
    const k = Math.round(((similarity[i] + 1) / 2) * top);
    pixels[i] = PACKED[k > top ? top : k > 0 ? k : 0];
  }
  context.putImageData(image, 0, 0);
  return canvas;
}

/** The points' path in their principal plane, first position faint, last strong. */
function curveCanvas(pca: Projection, count: number, label: string): HTMLCanvasElement {
  const canvas = el('canvas', { className: 'bert-curve', attrs: { role: 'img', 'aria-label': label } });
  const scale = window.devicePixelRatio || 1;
  canvas.width = CURVE_SIZE * scale;
  canvas.height = CURVE_SIZE * scale;
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  context.scale(scale, scale);
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < count; i++) {
    [minX, maxX] = [Math.min(minX, pca.points[i * 2]), Math.max(maxX, pca.points[i * 2])];
    [minY, maxY] = [Math.min(minY, pca.points[i * 2 + 1]), Math.max(maxY, pca.points[i * 2 + 1])];
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const at = (i: number): [number, number] => [
    8 + ((pca.points[i * 2] - minX) / span) * (CURVE_SIZE - 16),
    CURVE_SIZE - 8 - ((pca.points[i * 2 + 1] - minY) / span) * (CURVE_SIZE - 16),
  ];
  context.strokeStyle = cssColor('--vscode-charts-blue', '#3794ff');
  context.lineWidth = 1.5;
  // Eight strokes, fainter to stronger along the positions (one stroke per segment costs ~1 ms per 50 at 512).
  const bands = Math.min(8, count - 1);
  for (let band = 0; band < bands; band++) {
    const from = Math.floor((band * (count - 1)) / bands);
    const to = Math.floor(((band + 1) * (count - 1)) / bands);
    context.globalAlpha = 0.25 + (0.75 * (band + 1)) / bands;
    context.beginPath();
    context.moveTo(...at(from));
    for (let i = from + 1; i <= to; i++) context.lineTo(...at(i));
    context.stroke();
  }
  return canvas;
}

function figure(title: string, canvases: HTMLElement[], caption: string): HTMLElement {
  return el('figure', { className: 'bert-figure' }, el('figcaption', {}, title), ...canvases, el('p', { className: 'bert-hint' }, caption));
}

/** Draws the section; answers the milliseconds it took. */
export function drawPositions(section: HTMLElement, shown: PositionsShown): number {
  const started = performance.now();
  const p = shown.positions;
  const heading = el('h2', {}, t('Positional encoding'));
  if (p.kind === 'rotary') {
    const frequencies = p.frequencies ?? [];
    const list = el('ol', { className: 'bert-frequencies', attrs: { 'aria-label': t('Rotation frequencies (radians per position)') } });
    frequencies.forEach((f) => list.append(el('li', {}, formatSignificant(f, 3))));
    replaceChildren(section, heading, el('p', { className: 'bert-unsupported', attrs: { role: 'status' } }, p.message), frequencies.length > 0 && list);
  } else {
    const n = p.count;
    const explained = (q: Projection): string => t('PC1 {0}, PC2 {1} of the variance', formatPercent(q.explained[0]), formatPercent(q.explained[1]));
    replaceChildren(
      section,
      heading,
      el(
        'p',
        { className: 'bert-hint' },
        t('Cosine similarity of every two positions (dark −1, light 1) and the positions’ path on their first two principal components.'),
      ),
      shown.partial ? el('p', { className: 'bert-hint', attrs: { role: 'status' } }, t('The first {0} positions; the rest are on their way…', n)) : null,
      el(
        'div',
        { className: 'bert-figures' },
        figure(
          t('Learned by {0} ({1} positions)', visibleText(shown.model, TEXT_MAX), n),
          [heatmapCanvas(p.similarity, n, t('Learned positions: cosine heatmap')), curveCanvas(p.pca, n, t('Learned positions: principal components'))],
          explained(p.pca),
        ),
        figure(
          // A model with a learned table (this branch) does not use the formula: said, so that it is not read as the model's second encoding.
          t('For comparison, not used by {0}: the original Transformer’s sinusoidal encoding, width {1}', visibleText(shown.model, TEXT_MAX), p.sinusoid.width),
          [
            heatmapCanvas(p.sinusoid.similarity, n, t('Sinusoidal positions: cosine heatmap')),
            curveCanvas(p.sinusoid.pca, n, t('Sinusoidal positions: principal components')),
          ],
          explained(p.sinusoid.pca),
        ),
      ),
    );
  }
  const ms = performance.now() - started;
  section.dataset.paintMs = ms.toFixed(2);
  section.dataset.count = String(p.count);
  return ms;
}
