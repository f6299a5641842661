/**
 * The Inside views' export files as strings (pure: browser and Node): the Q/K/V inspector's steps
 * for every key (JSON with the vectors k, v and a·v, CSV one key a row) and the layer lens grid (JSON of every
 * position's layers, CSV one cell a row). Numbers are written as computed; labels go through the
 * same CSV quoting as the attention views' exports.
 */
import type { LensData } from '../../src/protocol/analysis';
import { csvField } from '../export/exportFormats';
import type { Breakdown } from './qkvMath';

const list = (a: Float32Array): number[] => Array.from(a);

export function qkvJson(meta: Readonly<Record<string, unknown>>, b: Breakdown, labels: readonly string[], matrixRow: ArrayLike<number> | null): string {
  const d = b.headDim;
  return JSON.stringify(
    {
      ...meta,
      layer: b.layer,
      head: b.head,
      query: { position: b.query, token: labels[b.query] ?? '' },
      scale: b.scale,
      q: list(b.q),
      keys: b.rows.map((r) => ({
        position: r.key,
        token: labels[r.key] ?? '',
        k: list(b.k.subarray(r.key * d, (r.key + 1) * d)),
        product: list(r.product),
        dot: r.dot,
        scaled: r.scaled,
        mask: r.masked ? '-Infinity' : 0,
        softmax: r.weight,
        ...(matrixRow ? { matrix: matrixRow[r.key] } : {}),
        v: list(b.v.subarray(r.key * d, (r.key + 1) * d)),
        weightedValue: list(r.weighted),
      })),
      output: list(b.output),
    },
    null,
    1,
  );
}

export function qkvCsv(b: Breakdown, labels: readonly string[], matrixRow: ArrayLike<number> | null): string {
  const d = b.headDim;
  const dims = (name: string): string[] => Array.from({ length: d }, (_, e) => `${name}${e}`);
  const head = ['position', 'token', 'dot', 'scaled', 'mask', 'softmax', 'matrix', ...dims('k'), ...dims('v'), ...dims('weighted')];
  const lines = [head.join(',')];
  for (const r of b.rows) {
    const k = list(b.k.subarray(r.key * d, (r.key + 1) * d));
    const cells = [
      r.key,
      csvField(labels[r.key] ?? ''),
      r.dot,
      r.scaled,
      r.masked ? '-Infinity' : 0,
      r.weight,
      matrixRow ? matrixRow[r.key] : '',
      ...k,
      ...list(b.v.subarray(r.key * d, (r.key + 1) * d)),
      ...list(r.weighted),
    ];
    lines.push(cells.join(','));
  }
  lines.push(['output', '', '', '', '', '', '', ...Array.from({ length: 2 * d }, () => ''), ...list(b.output)].join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function lensJson(meta: Readonly<Record<string, unknown>>, lens: LensData, labels: readonly string[]): string {
  return JSON.stringify(
    {
      ...meta,
      kind: lens.kind,
      positions: lens.positions.map((p) => ({ position: p.position, token: labels[p.position] ?? '', layers: p.layers })),
    },
    null,
    1,
  );
}

export function lensCsv(lens: LensData, labels: readonly string[]): string {
  const lines = ['position,token,layer,rank,candidate,id,p'];
  for (const p of lens.positions)
    for (const l of p.layers)
      l.top.forEach((c, i) => lines.push([p.position, csvField(labels[p.position] ?? ''), l.layer, i + 1, csvField(c.token), c.id, c.p].join(',')));
  return `${lines.join('\r\n')}\r\n`;
}
