/**
 * What each attention view exports (browser): its picture for PNG, and its numbers through the
 * pure formats of exportFormats.ts — the matrix window shown (each stage), the head view's links,
 * the model view's per-head statistics.
 */
import type { HeadSelection } from '../../src/protocol/views';
import type { Exportable } from './exportBar';
import { linkRows, linksCsv, linksJson, linksSvg, matrixSvg, matrixTable, statsCsv, statsRows, SVG_LIMIT, tableCsv, tableJson } from './exportFormats';
import type { HeadView } from '../views/headView';
import { LUT } from '../views/matrixPaint';
import type { MatrixView } from '../views/matrixView';
import type { ModelView } from '../views/modelView';
import { headColour } from '../common/theme';

export function matrixExport(view: MatrixView, meta: () => Record<string, unknown>): Exportable {
  const tables = () => view.shown.map((s) => ({ stage: s.stage, table: matrixTable(s.reply, view.labels), reply: s.reply, canvas: s.canvas }));
  return {
    stem: () => `${view.description}-matrix`,
    layers: () => {
      const shown = view.shown;
      const side = view.plotSide;
      if (!shown.length || side <= 0) return null;
      const parts = shown.flatMap((s, i) => [
        { canvas: s.canvas, x: i * (side + 16), y: 0, width: side, height: side },
        { canvas: s.overlay, x: i * (side + 16), y: 0, width: side, height: side },
      ]);
      return { parts, width: shown.length * side + (shown.length - 1) * 16, height: side };
    },
    svg: () => {
      const first = view.shown[0];
      if (!first || first.reply.rows.count > SVG_LIMIT || first.reply.cols.count > SVG_LIMIT) return null;
      const t = tables()[tables().length - 1];
      const lo = Number(t.canvas.dataset.lo ?? 0);
      const hi = Number(t.canvas.dataset.hi ?? t.reply.max);
      return matrixSvg(t.table, LUT, lo, hi, `${view.description} ${t.stage}`);
    },
    json: () => {
      const all = tables();
      if (!all.length) return null;
      return JSON.stringify(
        {
          ...meta(),
          stages: Object.fromEntries(
            all.map((t) => [t.stage, JSON.parse(tableJson({ block: t.reply.block, rows: t.reply.rows, cols: t.reply.cols }, t.table))]),
          ),
        },
        null,
        1,
      );
    },
    csv: () => {
      const all = tables();
      // One CSV holds one table: the probabilities (the last stage).
      return all.length ? tableCsv(all[all.length - 1].table) : null;
    },
  };
}

const selectionName = (s: HeadSelection): string => (s.kind === 'head' ? `head ${s.head}` : s.kind === 'set' ? `heads ${s.heads.join('+')}` : s.kind);

export function headExport(view: HeadView, meta: () => Record<string, unknown>): Exportable {
  const rows = () => {
    const reply = view.shownReply;
    return reply ? linkRows(reply, view.selections.map(selectionName), view.labels) : null;
  };
  return {
    stem: () => `${String(meta().view ?? 'attention')}-heads`,
    layers: () => {
      const { width, height } = view.size;
      return width > 0 ? { parts: view.canvases.map((canvas) => ({ canvas, x: 0, y: 0, width, height })), width, height } : null;
    },
    svg: () => {
      const r = rows();
      if (!r || view.labels.length > SVG_LIMIT) return null;
      const colours = Object.fromEntries(view.selections.map((s, i) => [selectionName(s), headColour(i)]));
      return linksSvg(r, view.labels, colours, String(meta().view ?? ''));
    },
    json: () => {
      const r = rows();
      return r ? linksJson(meta(), r) : null;
    },
    csv: () => {
      const r = rows();
      return r ? linksCsv(r) : null;
    },
  };
}

export function modelExport(view: ModelView, meta: () => Record<string, unknown>): Exportable {
  const rows = () => {
    const stats = view.stats;
    const { layers, heads } = view.shape;
    return stats ? statsRows(stats, layers, heads) : null;
  };
  return {
    stem: () => 'model-heads',
    layers: () => {
      // The grid is a small canvas scaled by CSS with its labels and rings in the DOM: drawn whole for the PNG.
      const p = view.picture(window.devicePixelRatio || 1);
      return p ? { parts: [{ canvas: p.canvas, x: 0, y: 0, width: p.width, height: p.height }], width: p.width, height: p.height } : null;
    },
    svg: () => null,
    json: () => {
      const r = rows();
      return r ? JSON.stringify({ ...meta(), heads: r }, null, 1) : null;
    },
    csv: () => {
      const r = rows();
      return r ? statsCsv(r) : null;
    },
  };
}
