/**
 * The export files of the attention views, as strings (pure: browser and Node): the numbers of the
 * shown matrix, links or head statistics as JSON and CSV (RFC 4180 quoting), and small views
 * (≤ 64 tokens a side) as standalone SVG. Non-finite values (the causal mask of scores) are
 * written as null in JSON and as an empty field in CSV. SVG text is XML-escaped; the SVG is a file
 * for the reader, never parsed into the page.
 */
import { HEAD_STATS, STAT_COUNT, type LinksReply, type MatrixReply } from '../../src/protocol/views';
import { colorOf, type Rgb } from '../../src/protocol/colorScale';
import { replyValue } from '../views/matrixMath';

/** The largest view that exports as SVG (tokens per side). */
export const SVG_LIMIT = 64;

export interface Table {
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  /** rows × cols values (NaN or ±∞ where masked). */
  readonly values: readonly (readonly number[])[];
}

/** A reply as a table: one row/column per served cell, labelled by the tokens it covers. */
export function matrixTable(reply: MatrixReply, labels: readonly string[]): Table {
  const name = (start: number, cell: number, count: number): string => {
    const a = start + cell * reply.block;
    const b = Math.min(start + count, a + reply.block) - 1;
    return a === b ? `${labels[a] ?? ''} #${a}` : `#${a}–#${b}`;
  };
  const rows = Array.from({ length: reply.height }, (_, r) => name(reply.rows.start, r, reply.rows.count));
  const cols = Array.from({ length: reply.width }, (_, c) => name(reply.cols.start, c, reply.cols.count));
  const values = rows.map((_, r) => cols.map((__, c) => replyValue(reply.data, r * reply.width + c, reply.min, reply.max)));
  return { rows, cols, values };
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function tableJson(meta: Readonly<Record<string, unknown>>, table: Table): string {
  return JSON.stringify({ ...meta, rows: table.rows, cols: table.cols, values: table.values.map((r) => r.map(finite)) }, null, 1);
}

/**
 * One CSV field (RFC 4180). A field that starts with = + - @, a tab or a CR is a formula to a
 * spreadsheet (a token "=HYPERLINK(…)" from a hostile vocabulary would run when the file is opened):
 * it gets a leading "'" and quotes, so that it reads as the text it is (OWASP's CSV injection advice).
 */
export function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return text !== value || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function tableCsv(table: Table): string {
  const lines = [['query \\ key', ...table.cols].map(csvField).join(',')];
  table.values.forEach((row, r) => lines.push([csvField(table.rows[r]), ...row.map((v) => (Number.isFinite(v) ? String(v) : ''))].join(',')));
  return `${lines.join('\r\n')}\r\n`;
}

/** Control characters, U+FFFE/U+FFFF and lone surrogates; `notXml` keeps those XML 1.0 allows (tab, newline, return, DEL, C1). */
const NOT_XML = /[\p{Cc}\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

function notXml(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\t' || c === '\n' || c === '\r' || (code >= 0x7f && code <= 0x9f)) return c;
  if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD';
  return code < 0x100 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase()}`;
}

/** Text for an SVG: markup characters as entities, characters XML forbids as visible escapes (\x1B). */
export function xmlEscape(text: string): string {
  return text.replace(NOT_XML, notXml).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

const rgb = ([r, g, b]: Rgb): string => `rgb(${r},${g},${b})`;

/** A heatmap as SVG: one rect per cell, coloured on [lo, hi], masked cells hatched grey. */
export function matrixSvg(table: Table, lut: Uint8ClampedArray, lo: number, hi: number, title: string): string {
  const cell = 16;
  const axis = 110;
  const w = axis + table.cols.length * cell;
  const h = axis + table.rows.length * cell + 24;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="monospace" font-size="10">`,
    `<title>${xmlEscape(title)}</title>`,
  ];
  table.values.forEach((row, r) =>
    row.forEach((v, c) => {
      const fill = Number.isFinite(v) ? rgb(colorOf(lut, v - lo, hi - lo)) : '#808080';
      out.push(
        `<rect x="${axis + c * cell}" y="${axis + r * cell}" width="${cell}" height="${cell}" fill="${fill}"><title>${xmlEscape(`${table.rows[r]} → ${table.cols[c]}: ${Number.isFinite(v) ? v : 'masked'}`)}</title></rect>`,
      );
    }),
  );
  table.rows.forEach((label, r) => out.push(`<text x="${axis - 4}" y="${axis + r * cell + cell * 0.7}" text-anchor="end">${xmlEscape(label)}</text>`));
  table.cols.forEach((label, c) => out.push(`<text transform="translate(${axis + c * cell + cell * 0.7},${axis - 4}) rotate(-90)">${xmlEscape(label)}</text>`));
  out.push(`<text x="4" y="${h - 8}">${xmlEscape(title)}</text>`, '</svg>');
  return out.join('\n');
}

export interface LinkRow {
  readonly selection: string;
  readonly query: number;
  readonly queryToken: string;
  readonly key: number;
  readonly keyToken: string;
  readonly weight: number;
}

export function linkRows(reply: LinksReply, names: readonly string[], labels: readonly string[]): LinkRow[] {
  const rows: LinkRow[] = [];
  reply.lists.forEach((l, i) => {
    for (let j = 0; j < l.query.length; j++) {
      rows.push({
        selection: names[i] ?? String(i),
        query: l.query[j],
        queryToken: labels[l.query[j]] ?? '',
        key: l.keyIndex[j],
        keyToken: labels[l.keyIndex[j]] ?? '',
        weight: l.weight[j],
      });
    }
  });
  return rows;
}

export function linksJson(meta: Readonly<Record<string, unknown>>, rows: readonly LinkRow[]): string {
  return JSON.stringify({ ...meta, links: rows }, null, 1);
}

export function linksCsv(rows: readonly LinkRow[]): string {
  const lines = ['selection,query,query_token,key,key_token,weight'];
  for (const r of rows) lines.push([csvField(r.selection), r.query, csvField(r.queryToken), r.key, csvField(r.keyToken), r.weight].join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The head view as SVG: queries left, keys right, one line per link in its selection's colour. */
export function linksSvg(rows: readonly LinkRow[], labels: readonly string[], colours: Readonly<Record<string, string>>, title: string): string {
  const rowH = 16;
  const labelW = 120;
  const gap = 200;
  const w = labelW * 2 + gap;
  const h = labels.length * rowH + 30;
  const max = rows.reduce((m, r) => Math.max(m, r.weight), 0) || 1;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="monospace" font-size="11">`,
    `<title>${xmlEscape(title)}</title>`,
  ];
  labels.forEach((label, i) => {
    const y = i * rowH + rowH * 0.7;
    out.push(
      `<text x="${labelW - 4}" y="${y}" text-anchor="end">${xmlEscape(label)}</text>`,
      `<text x="${labelW + gap + 4}" y="${y}">${xmlEscape(label)}</text>`,
    );
  });
  for (const r of rows) {
    const share = r.weight / max;
    out.push(
      `<line x1="${labelW}" y1="${(r.query + 0.5) * rowH}" x2="${labelW + gap}" y2="${(r.key + 0.5) * rowH}" stroke="${xmlEscape(colours[r.selection] ?? '#888')}" stroke-opacity="${(0.15 + 0.85 * share).toFixed(3)}" stroke-width="${(0.5 + 2.5 * share).toFixed(2)}"/>`,
    );
  }
  out.push(`<text x="4" y="${h - 6}">${xmlEscape(title)}</text>`, '</svg>');
  return out.join('\n');
}

export function statsRows(stats: Float32Array, layers: number, heads: number): Record<string, number>[] {
  const rows: Record<string, number>[] = [];
  for (let l = 0; l < layers; l++) {
    for (let h = 0; h < heads; h++) {
      const row: Record<string, number> = { layer: l, head: h };
      HEAD_STATS.forEach((s, i) => (row[s] = stats[(l * heads + h) * STAT_COUNT + i]));
      rows.push(row);
    }
  }
  return rows;
}

export function statsCsv(rows: readonly Record<string, number>[]): string {
  const columns = ['layer', 'head', ...HEAD_STATS];
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => String(r[c])).join(','))].join('\r\n')}\r\n`;
}
