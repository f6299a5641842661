/**
 * The `senses` subcommand of the command-line tool (plain Node): every whole-word occurrence of a
 * word in one or several files and, per layer (0: the static input-embedding rows), the
 * occurrences' cosine matrix; a readable summary, or one JSON object with --json:
 * `{ word, files, occurrences: [{ file, start, end }], layers: [{ layer, cosine: N×N }] }` (`file`
 * indexes `files`) plus the model, the clusters, the principal plane and the static rows' nearest
 * vocabulary neighbours. A word written with different tokens ("Banco" and "banco"; a word after a
 * space and one at a line's start) is said to be: the summary names the sequences, adds the mean
 * cosine of the occurrences with the same tokens (one vector at layer 0, so what sets them apart
 * later is the context) and lists each sequence's static rows under its places.
 * Arguments go through args.ts, as the other subcommands' do; bad input ends with one line and
 * exit code 2. Every line printed is neutralised.
 *
 * --at [FILE:]LINE:COL picks the occurrence always analyzed (past the first MAX_OCCURRENCES, in
 * the last one's place), as the editor's cursor does; the JSON's `at` says which one it is.
 *
 *   attention-lens senses river.txt money.txt --word banco [--at FILE:LINE:COL] [--model M] [--json]
 */
import path from 'node:path';
import { MAX_OCCURRENCES, MAX_SENSE_TEXTS, type SensesResult } from '../protocol/reprViews';
import { isByteLevel } from '../protocol/byteLevel';
import { neutralName, neutralise } from '../protocol/neutralise';
import { alikeMean, spellings } from '../protocol/senseSpellings';
import { EMBEDDED_ENCODER, embeddedModel } from '../engine/paths';
import { EXIT_USAGE, cliEngine, failed, flagValueProblem, parseCli, refuse, text as option } from './args';
import { readInputs } from './io';
import { atOffset, parseAt } from './sensesAt';
import { cosine, shortened, show, showToken, terminalSafeJson, terminalText } from './show';

export const SENSES_USAGE = `       attention-lens senses FILE… --word W [--at [FILE:]LINE:COL] [--model M] [--json]   (up to ${MAX_SENSE_TEXTS} files; --at: the occurrence always analyzed, past the first ${MAX_OCCURRENCES} too; also --cache-dir, --precision, --offline, --timeout)`;

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
/** A flat row-major n × n matrix as nested rows. */
const nest = (flat: Float32Array, n: number): number[][] => Array.from({ length: n }, (_, r) => Array.from(flat.subarray(r * n, (r + 1) * n), round));
const shown = (s: string): string => neutralise(shortened(show(s), 200));
/** The places of a token sequence's occurrences, and the sequences, listed before '…'. */
const SEQUENCES_SHOWN = 3;
const PLACES_SHOWN = 5;
/** The clusters column's digits, one per occurrence: 200 of them wrapped a terminal's line several times. */
const CLUSTERS_SHOWN = 40;

/** The issue's contract and the extra fields, every number rounded to 6 decimals. */
export function sensesJson(r: SensesResult, files: readonly string[]): object {
  const n = r.occurrences.length;
  return {
    model: r.model,
    word: r.word,
    files,
    found: r.found,
    occurrences: r.occurrences.map((o) => ({ file: o.source, start: o.start, end: o.end, ids: o.ids })),
    // --at's occurrence: its index in `occurrences`, and whether it took the place of the last of the first ones.
    ...(r.at ? { at: { occurrence: r.at.index, added: r.at.added } } : {}),
    layers: r.layers.map((l) => ({
      layer: l.layer,
      cosine: nest(l.cosine, n),
      clusters: l.clusters,
      projection: {
        points: Array.from({ length: n }, (_, i) => [round(l.projection.points[i * 2]), round(l.projection.points[i * 2 + 1])]),
        explained: l.projection.explained.map(round),
      },
    })),
    static: r.static.map((s) => ({ id: s.id, token: s.token, table: s.table, neighbours: s.neighbours.map((x) => ({ ...x, cosine: round(x.cosine) })) })),
  };
}

/** Mean cosine off the diagonal (NaN for one occurrence: there is no pair to compare). */
function meanOff(cosine: Float32Array, n: number): number {
  if (n < 2) return NaN;
  let sum = 0;
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) if (p !== q) sum += cosine[p * n + q];
  return sum / (n * (n - 1));
}

/** Each occurrence's cluster (0 or 1), the first CLUSTERS_SHOWN of them and how many in all past that. */
function clustersColumn(clusters: readonly number[]): string {
  const digits = clusters.slice(0, CLUSTERS_SHOWN).join('');
  return clusters.length > CLUSTERS_SHOWN ? `${digits}… (${clusters.length} in all)` : digits;
}

export function sensesText(r: SensesResult, texts: readonly string[], files: readonly string[]): string[] {
  const n = r.occurrences.length;
  const lineOf = (source: number, at: number): number => texts[source].slice(0, at).split('\n').length;
  // Several files: "name:line" (the file's base name), one file: "line N".
  const place = (source: number, at: number): string =>
    files.length === 1 ? `line ${lineOf(source, at)}` : `${neutralName(path.basename(files[source]), 200)}:${lineOf(source, at)}`;
  const byteLevel = isByteLevel(r.static.flatMap((s) => [s.token, ...s.neighbours.map((x) => x.token)]).map((text) => ({ text })));
  // A vocabulary entry as a candidate's name is cut (CANDIDATE_MAX), between whole escapes.
  const piece = (text: string): string => neutralise(shortened(showToken(text, byteLevel)));
  const staticLine = (id: number, indent: string): string[] =>
    r.static
      .filter((s) => s.id === id)
      .map((s) => `${indent}${piece(s.token)}: ${s.neighbours.map((x) => `${piece(x.token)} ${cosine(x.cosine)}`).join(', ')}`);
  const groups = spellings(r.occurrences);
  // Different tokens are different static rows: layer 0 differs by them alone, and only the pairs with the same tokens measure the context.
  const spelled = groups.length > 1;
  const tokenOf = (id: number): string => piece(r.static.find((s) => s.id === id)?.token ?? `[${id}]`);
  const listed = new Set<number>();
  const tokensOf = (g: readonly number[]): string => r.occurrences[g[0]].ids.map(tokenOf).join('·');
  const places = (g: readonly number[]): string => {
    const shownPlaces = g.slice(0, PLACES_SHOWN).map((i) => place(r.occurrences[i].source, r.occurrences[i].start));
    return g.length > PLACES_SHOWN ? `${shownPlaces.join(', ')}, … (${g.length} in all)` : shownPlaces.join(', ');
  };
  const lines = [
    `model        ${shown(r.model)}`,
    `word         ${shown(r.word)}: ${n} ${n === 1 ? 'occurrence' : 'occurrences'}${r.found > n ? ` (of ${r.found})` : ''}, ${r.runs} ${r.runs === 1 ? 'window' : 'windows'} in ${r.runMs.toFixed(0)} ms`,
    `occurrences  ${places(r.occurrences.map((_, i) => i))}`,
    ...(r.at
      ? [
          `at           occurrence ${r.at.index + 1}, ${place(r.occurrences[r.at.index].source, r.occurrences[r.at.index].start)}${r.at.added ? ` (it lies past the first ${n}: it takes the last one’s place)` : ''}`,
        ]
      : []),
    ...(spelled
      ? [
          `tokens       ${groups.length} different sequences (${groups.slice(0, SEQUENCES_SHOWN).map(tokensOf).join(', ')}${groups.length > SEQUENCES_SHOWN ? ', …' : ''}): layer 0 differs because of them, not of the context`,
        ]
      : []),
    '',
    spelled ? 'layer  mean cosine  same tokens  clusters' : 'layer  mean cosine  clusters',
    ...r.layers.map((l) => {
      const mean = meanOff(l.cosine, n);
      const alike = alikeMean(l.cosine, n, groups);
      const alikeColumn = spelled ? `  ${(Number.isNaN(alike) ? '–' : cosine(alike)).padStart(11)}` : '';
      return `${String(l.layer).padStart(5)}  ${(Number.isNaN(mean) ? '–' : cosine(mean)).padStart(11)}${alikeColumn}  ${clustersColumn(l.clusters)}`;
    }),
    '',
    'static rows (layer 0) and their nearest vocabulary entries',
    ...(spelled
      ? groups.flatMap((g) => {
          // A token another sequence shares (U·ser·Name after ␣get and after get) is listed once.
          const ids = [...new Set(r.occurrences[g[0]].ids)];
          const before = ids.filter((id) => listed.has(id));
          ids.forEach((id) => listed.add(id));
          return [
            `  ${tokensOf(g)} (${places(g)})`,
            ...ids.filter((id) => !before.includes(id)).flatMap((id) => staticLine(id, '    ')),
            ...(before.length > 0 ? [`    ${before.map(tokenOf).join(', ')}: as above`] : []),
          ];
        })
      : r.static.map((s) => staticLine(s.id, '  ')).flat()),
  ];
  return lines;
}

export async function sensesMain(argv: readonly string[]): Promise<number> {
  const parsed = parseCli(argv, { word: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } });
  if ('error' in parsed) return refuse(parsed.error);
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`usage: ${SENSES_USAGE.trimStart()}\n\n${EXIT_USAGE}\n`);
    return 0;
  }
  const jsonValue = flagValueProblem(argv, '--json');
  if (jsonValue) return refuse(jsonValue);
  const files = positionals.slice(1);
  if (files.length === 0) return refuse('expected "senses FILE… --word W"');
  if (files.length > MAX_SENSE_TEXTS) return refuse(`at most ${MAX_SENSE_TEXTS} files, got ${files.length}`);
  const word = option(values, 'word');
  if (word === undefined || word.trim().length === 0) return refuse('--word W is required');
  const atValue = option(values, 'at');
  const place = atValue === undefined ? undefined : parseAt(atValue, files);
  if (place && 'error' in place) return refuse(place.error);
  let engine;
  try {
    engine = cliEngine(values);
  } catch (error) {
    return refuse((error as Error).message);
  }
  const model = option(values, 'model') ?? embeddedModel(EMBEDDED_ENCODER);
  try {
    const texts = await readInputs(files, process.stdin);
    const at = place && atOffset(place, texts[place.file]);
    if (at && 'error' in at) return refuse(at.error);
    const r = await engine.request('senses', { model, request: { text: texts.length === 1 ? texts[0] : texts, word, ...(at ? { at } : {}) } });
    if (place && !r.at) return refuse(`--at line ${place.line}, column ${place.column} is on no occurrence of "${shown(word)}"`);
    process.stdout.write(values.json ? `${terminalSafeJson(sensesJson(r, files))}\n` : terminalText(sensesText(r, texts, files)));
    return 0;
  } catch (error) {
    return failed(error);
  } finally {
    await engine.dispose();
  }
}
