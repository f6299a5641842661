/**
 * The model view's grid on screen (browser): every head's thumbnail in one small canvas (the atlas,
 * in the order shown, with transparent gaps between thumbnails) that CSS scales up without smoothing.
 * The worker sends the thumbnails coloured, as one image; a new analysis costs one putImageData of
 * it and one drawImage a thumbnail into a canvas the size of the thumbnails' pixels (about 420² at
 * 512 tokens), and no work per pixel in the page; the layer and head labels and the rings stay in
 * the DOM beside it. For a PNG, the same grid is drawn into a canvas of the view's size.
 */
import { cssColor } from '../common/theme';
/** Thumbnail pixels per side, as the worker makes them. */
export const THUMB = 32;
/** The gap between thumbnails on screen, CSS px (near enough: it is a whole number of atlas pixels). */
export const GAP = 6;
/** The band of the layer and head labels, CSS px. */
export const LABEL = 26;

/** Where the thumbnails are, in the atlas's pixels and on screen. */
export interface GridGeometry {
  readonly layers: number;
  readonly heads: number;
  /** The worker's pixels per thumbnail side, and how many atlas pixels each one takes per side. */
  readonly size: number;
  readonly repeat: number;
  /** A thumbnail's side and the gap after it, atlas pixels. */
  readonly unit: number;
  readonly gap: number;
  /** A thumbnail's side on screen, CSS px, and CSS px per atlas pixel. */
  readonly side: number;
  readonly scale: number;
}

/**
 * The atlas for `size`-pixel thumbnails shown `side` CSS px wide: small thumbnails repeat their
 * pixels up to at least THUMB a side (the gap is a whole number of those pixels, so finer ones keep
 * it near GAP), and a 12 × 12 grid at 32 pixels has one atlas size whatever the tokens.
 */
export function gridGeometry(layers: number, heads: number, size: number, side: number): GridGeometry {
  const repeat = Math.max(1, Math.ceil(THUMB / Math.max(1, size)));
  const unit = size * repeat;
  const gap = Math.max(1, Math.round((GAP * unit) / side));
  return { layers, heads, size, repeat, unit, gap, side, scale: side / unit };
}

/** The atlas's pixels, and its size on screen (CSS px). */
export const atlasSize = (g: GridGeometry): { width: number; height: number } => ({
  width: g.heads * (g.unit + g.gap) - g.gap,
  height: g.layers * (g.unit + g.gap) - g.gap,
});

/** From one thumbnail's corner to the next one's, CSS px. */
export const cellOf = (g: GridGeometry): number => (g.unit + g.gap) * g.scale;

/** The whole grid with its labels' band and a gap's margin after the last thumbnails, CSS px. */
export function gridBox(g: GridGeometry): { width: number; height: number } {
  const cell = cellOf(g);
  return { width: Math.ceil(LABEL + g.heads * cell), height: Math.ceil(LABEL + g.layers * cell) };
}

/** What the atlas is drawn with: a 2D context's drawImage and its smoothing switch. */
export type AtlasContext = Pick<CanvasRenderingContext2D, 'drawImage' | 'clearRect' | 'imageSmoothingEnabled'>;

/**
 * Draws the thumbnails from the worker's image (`image`: head h of layer l at (h·size, l·size),
 * coloured already) into the atlas: head `order[l * heads + column]` at each column, scaled up
 * `repeat` times without smoothing; the gaps stay transparent. One copy a thumbnail, by the
 * canvas: no work per pixel on the page's thread, whatever the thumbnails' size.
 */
export function drawThumbnails(ctx: AtlasContext, image: CanvasImageSource, g: GridGeometry, order: Int32Array): void {
  const { layers, heads, size, unit } = g;
  const pitch = unit + g.gap;
  const { width, height } = atlasSize(g);
  ctx.clearRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = false;
  for (let l = 0; l < layers; l++)
    for (let col = 0; col < heads; col++) {
      const head = order[l * heads + col] ?? col;
      ctx.drawImage(image, head * size, l * size, size, size, col * pitch, l * pitch, unit, unit);
    }
}

/** A ring around a thumbnail: its place in the grid and its CSS colour variable. */
export interface Ring {
  readonly layer: number;
  readonly column: number;
  readonly colour: '--warning' | '--fg' | '--focus';
}

const FALLBACK: Record<Ring['colour'], string> = { '--warning': '#cca700', '--fg': '#ccc', '--focus': '#0090f1' };

/** A ring's box, CSS px from the grid's corner: 2 px wide, 1 px off the thumbnail. */
export function ringBox(g: GridGeometry, layer: number, column: number): { left: number; top: number; side: number } {
  const cell = cellOf(g);
  return { left: LABEL + column * cell - 3, top: LABEL + layer * cell - 3, side: g.side + 6 };
}

/**
 * The grid as the page shows it (labels, thumbnails, rings) in a canvas of its size at `dpr`
 * device pixels per CSS px: the model view's PNG.
 */
export function gridPicture(atlas: HTMLCanvasElement, g: GridGeometry, headLabels: boolean, rings: readonly Ring[], dpr: number): HTMLCanvasElement {
  const box = gridBox(g);
  const out = document.createElement('canvas');
  out.width = Math.round(box.width * dpr);
  out.height = Math.round(box.height * dpr);
  const ctx = out.getContext('2d');
  if (!ctx) return out;
  ctx.scale(dpr, dpr);
  const cell = cellOf(g);
  ctx.fillStyle = cssColor('--muted', '#888');
  ctx.font = '10px sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  if (headLabels) for (let h = 0; h < g.heads; h++) ctx.fillText(String(h), LABEL + h * cell + g.side / 2, LABEL / 2);
  for (let l = 0; l < g.layers; l++) ctx.fillText(String(l), LABEL / 2, LABEL + l * cell + g.side / 2);
  const { width, height } = atlasSize(g);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(atlas, LABEL, LABEL, width * g.scale, height * g.scale);
  ctx.lineWidth = 2;
  for (const ring of rings) {
    const r = ringBox(g, ring.layer, ring.column);
    ctx.strokeStyle = cssColor(ring.colour, FALLBACK[ring.colour]);
    ctx.strokeRect(r.left + 1, r.top + 1, r.side - 2, r.side - 2);
  }
  return out;
}
