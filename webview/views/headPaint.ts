/**
 * The head view's drawing (browser): token labels (with tick marks in the rows layout), one link
 * as a line whose opacity and width follow its weight, every link of a reply (faded with their
 * number), and one token's links — on whatever 2D context the view gives, in CSS px of its stage.
 */
import { anchorOf, type HeadStage, type Indexed, type Side } from './headLinks';
import { PAD } from './headLinks';
import { cssColor, headColour } from '../common/theme';

export interface Focus {
  readonly side: Side;
  readonly token: number;
}

/** A line drawn: its query, its key and the list (head) it belongs to. */
export interface DrawnLink {
  query: number;
  key: number;
  list: number;
}

/** Every label (muted; thinned out in rows), or only the highlighted one (in the foreground colour). */
export function paintLabels(ctx: CanvasRenderingContext2D, stage: HeadStage, labels: readonly string[], highlight: Focus | null): void {
  const n = labels.length;
  ctx.font = '11px monospace';
  ctx.fillStyle = highlight ? cssColor('--fg', '#ddd') : cssColor('--muted', '#999');
  const text = (label: string, side: Side, i: number): void => {
    const a = anchorOf(stage, side, i);
    if (stage.layout === 'columns') {
      ctx.textBaseline = 'middle';
      ctx.textAlign = side === 'query' ? 'right' : 'left';
      ctx.fillText(clip(label, 16), side === 'query' ? a.x - 4 : a.x + 4, a.y);
      return;
    }
    ctx.save();
    ctx.translate(a.x, side === 'query' ? a.y - 4 : a.y + 4);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.textAlign = side === 'query' ? 'left' : 'right';
    ctx.fillText(clip(label, 9), 0, 0);
    ctx.restore();
  };
  if (highlight) {
    text(labels[highlight.token] ?? '', highlight.side, highlight.token);
    return;
  }
  const stride = stage.layout === 'columns' ? 1 : Math.max(1, Math.ceil(12 / ((stage.width - 2 * PAD) / Math.max(1, n))));
  for (let i = 0; i < n; i += stride) {
    text(labels[i], 'query', i);
    text(labels[i], 'key', i);
  }
  // Tick marks for every token in rows, so that unlabelled ones still show where they are.
  if (stage.layout === 'rows') {
    ctx.fillStyle = cssColor('--border', '#555');
    for (let i = 0; i < n; i++) {
      const q = anchorOf(stage, 'query', i);
      const k = anchorOf(stage, 'key', i);
      ctx.fillRect(q.x - 0.5, q.y - 3, 1, 3);
      ctx.fillRect(k.x - 0.5, k.y, 1, 3);
    }
  }
}

function line(ctx: CanvasRenderingContext2D, stage: HeadStage, l: Indexed, link: number, density = 1): void {
  const from = anchorOf(stage, 'query', l.query[link]);
  const to = anchorOf(stage, 'key', l.keyIndex[link]);
  const share = l.max > 0 ? l.weight[link] / l.max : 0;
  ctx.globalAlpha = (0.15 + 0.85 * share) * density;
  ctx.lineWidth = 0.5 + 2.5 * share;
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x, to.y);
  ctx.stroke();
}

/** Every link of every list, each list in its head's colour. */
export function paintAllLinks(ctx: CanvasRenderingContext2D, stage: HeadStage, lists: readonly Indexed[]): void {
  // Thousands of overlapping lines would fill the band solid: fade them with their number.
  const total = lists.reduce((n, l) => n + l.query.length, 0);
  const density = Math.min(1, 400 / Math.max(1, total));
  lists.forEach((l, list) => {
    ctx.strokeStyle = headColour(list);
    for (let i = 0; i < l.query.length; i++) line(ctx, stage, l, i, density);
  });
  ctx.globalAlpha = 1;
}

/** The focused token's links (as a query or as a key) in every list; answers the lines drawn. */
export function paintFocusLinks(ctx: CanvasRenderingContext2D, stage: HeadStage, lists: readonly Indexed[], f: Focus): DrawnLink[] {
  const drawn: DrawnLink[] = [];
  lists.forEach((l, list) => {
    ctx.strokeStyle = headColour(list);
    if (f.side === 'query') {
      for (let i = l.byQuery[f.token]; i < l.byQuery[f.token + 1]; i++) {
        line(ctx, stage, l, i);
        drawn.push({ query: l.query[i], key: l.keyIndex[i], list });
      }
    } else {
      for (let j = l.byKey[f.token]; j < l.byKey[f.token + 1]; j++) {
        const i = l.byKeyOrder[j];
        line(ctx, stage, l, i);
        drawn.push({ query: l.query[i], key: l.keyIndex[i], list });
      }
    }
  });
  ctx.globalAlpha = 1;
  return drawn;
}

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}
