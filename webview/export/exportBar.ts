/**
 * Export buttons of one view (browser): PNG of what the view shows, SVG when the view is small
 * enough (≤ 64 tokens a side), and the numbers as JSON and CSV. A VS Code webview cannot download
 * (its frame may not navigate or save), so the bytes go to the host in an `export` notification
 * {name, mime, data} — data a Uint8Array for PNG, a string otherwise — and the host asks where to
 * save them.
 */
import type { ExportFile, ExportMime } from '../../src/protocol/webviewApi';
import { button, el } from '../common/dom';
import { t } from '../common/l10n';
import { cssColor } from '../common/theme';
import { inBackground } from '../common/background';
import { SVG_LIMIT } from './exportFormats';

export type { ExportFile, ExportMime };

export interface Picture {
  readonly parts: readonly { readonly canvas: HTMLCanvasElement; readonly x: number; readonly y: number; readonly width: number; readonly height: number }[];
  readonly width: number;
  readonly height: number;
}

export interface Exportable {
  /** A file name stem: "layer3-head5-matrix". */
  stem(): string;
  /** The canvases to compose, in order, placed in CSS px, and the picture's CSS size. */
  layers(): Picture | null;
  svg(): string | null;
  json(): string | null;
  csv(): string | null;
}

/** The views with an export bar, and the bar's name for assistive technology. */
export type ExportedView = 'matrix view' | 'head view' | 'model view' | 'qkv view' | 'lens view';

const BAR_LABEL: Readonly<Record<ExportedView, () => string>> = {
  'matrix view': () => t('Export the matrix view'),
  'head view': () => t('Export the head view'),
  'model view': () => t('Export the model view'),
  'qkv view': () => t('Export the Q/K/V inspector'),
  'lens view': () => t('Export the layer lens'),
};

export class ExportBar {
  readonly element: HTMLElement;
  private readonly svgButton: HTMLButtonElement;

  constructor(
    label: ExportedView,
    private readonly view: Exportable,
    private readonly post: (file: ExportFile) => void,
  ) {
    const text = (mime: ExportMime, ext: string, make: () => string | null) => () => {
      const data = make();
      if (data !== null) this.post({ name: `${this.view.stem()}.${ext}`, mime, data });
    };
    this.svgButton = button(
      t('SVG'),
      text('image/svg+xml', 'svg', () => this.view.svg()),
      'button secondary small',
    );
    this.element = el(
      'div',
      { className: 'export-bar', attrs: { role: 'group', 'aria-label': BAR_LABEL[label]() } },
      el('span', { className: 'muted' }, t('Export')),
      button(t('PNG'), () => inBackground(this.png()), 'button secondary small'),
      this.svgButton,
      button(
        t('JSON'),
        text('application/json', 'json', () => this.view.json()),
        'button secondary small',
      ),
      button(
        t('CSV'),
        text('text/csv', 'csv', () => this.view.csv()),
        'button secondary small',
      ),
    );
  }

  /** SVG only for small views. */
  setSvgAvailable(available: boolean): void {
    this.svgButton.disabled = !available;
    this.svgButton.title = available ? '' : t('SVG export is for views of at most {0} tokens', SVG_LIMIT);
  }

  async png(): Promise<void> {
    const picture = this.view.layers();
    if (!picture) return;
    const data = await composePng(picture);
    if (data) this.post({ name: `${this.view.stem()}.png`, mime: 'image/png', data });
  }
}

/** Draws the canvases over the theme's background at device resolution and encodes a PNG. */
export async function composePng(picture: Picture): Promise<Uint8Array | null> {
  const dpr = window.devicePixelRatio || 1;
  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(picture.width * dpr));
  out.height = Math.max(1, Math.round(picture.height * dpr));
  const ctx = out.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = cssColor('--bg', '#1f1f1f');
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.imageSmoothingEnabled = false;
  for (const p of picture.parts) {
    if (!p.canvas.hidden && p.canvas.width > 0 && p.canvas.height > 0) ctx.drawImage(p.canvas, p.x * dpr, p.y * dpr, p.width * dpr, p.height * dpr);
  }
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}
