/**
 * Mask Word at Cursor with one or several masks (extension host). The rule: every cursor and
 * every selection of the editor is one mask — an empty cursor masks the word under it, a
 * selection masks exactly the selected text (all the tokens it overlaps). All masks go to the
 * encoder in one run over the text around them (the panel shows it, with every masked position's
 * token fillers).
 *
 * A mask that is a whole word (or several: its ends are word boundaries) is offered whole-word
 * fillers, filled jointly over its pieces by the engine (src/engine/words/fillWords.ts): " b" +
 * "ank" gets words, never newlines or pieces such as "ity" glued to nothing. A mask that is part of
 * a word (a selection inside it) is offered its first token's fillers, pieces included. Each
 * mask's fillers are offered in a quick pick, one mask after the other; the chosen ones replace
 * their masks in one edit — a whole word replaces the whole word — undone in one step.
 */
import * as vscode from 'vscode';
import { neutralLabel } from '../../protocol/neutralise';
import { readWord } from '../../protocol/tokenText';
import type { StoredAnalysis } from '../analyses/analyses';
import { supersededError, type LatestWins } from '../analyses/latestWins';
import type { AnalysisRunner, RunOptions, RunOutcome } from '../analyses/analysisRunner';
import { wordContext } from '../analyses/textScope';
import { editDocument, modelTexts } from '../editor/documentEdits';
import { t } from '../l10n';
import { pickIndex, pickOne, tokenItems, wordItems, type PickItem } from './candidatePick';
import { offerChoices, offerText, type Offer } from './maskOffer';
import { isWholeWords } from '../../protocol/wordChars';
import { visibleSpan } from '../../protocol/visibleText';
import { nothingToMask } from './maskWordRefusal';
import { inBackground } from '../background';
import { tokensCovering } from '../../protocol/spans';
import { DroppedResultError } from '../analyses/freshness';

/**
 * Chooses without the quick pick (command arguments from scripts, tests and hover links):
 * `pick` applies that candidate index to every mask, `picks[i]` to mask i; neither = only report
 * the choices. `at` masks the word at that document offset instead of the editor's cursors.
 */
export interface MaskArgs {
  readonly pick?: number;
  readonly picks?: readonly number[];
  readonly at?: { readonly uri: string; readonly offset: number };
}

export interface MaskReport {
  /** The masked text. */
  readonly word: string;
  /** Whether it was filled as whole words (else: its first token's fillers). */
  readonly whole: boolean;
  /**
   * Fillers offered for it, most likely first (whole words trimmed, or tokens as the model writes
   * them; a piece of a character as the list reads it, never a raw U+FFFD: offerChoices).
   */
  readonly choices: readonly string[];
}

export type MaskOutcome = RunOutcome & {
  readonly choices?: readonly string[];
  readonly applied?: string | null;
  readonly masks?: readonly MaskReport[];
  /** The filler applied per mask (null where none was chosen); absent when nothing was applied. */
  readonly appliedAll?: readonly (string | null)[];
};

/**
 * The ranges to mask: one per cursor or selection, sorted, overlapping ones merged. A selection of
 * only whitespace masks nothing: the token that holds it is the next word's (a byte-level " river"),
 * which its filler would replace.
 */
export function maskRanges(document: vscode.TextDocument, selections: readonly vscode.Selection[]): vscode.Range[] {
  const ranges = selections
    .map((s) => visibleRange(document, s.isEmpty ? visibleWord(document, document.getWordRangeAtPosition(s.active)) : wholeCharacters(document, s)))
    .filter((r): r is vscode.Range => r !== undefined)
    .sort((a, b) => a.start.compareTo(b.start));
  const merged: vscode.Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start.isBeforeOrEqual(last.end)) merged[merged.length - 1] = last.union(r);
    else merged.push(r);
  }
  return merged;
}

export async function maskWords(
  runner: AnalysisRunner,
  editor: vscode.TextEditor,
  args: MaskArgs | undefined,
  show: (entry: StoredAnalysis) => void,
  /** Mask Word's runs, of which the one asked last wins (latestWins.ts). */
  lane?: LatestWins,
): Promise<MaskOutcome> {
  const { document } = editor;
  const selections =
    args?.at && args.at.uri === document.uri.toString()
      ? [new vscode.Selection(document.positionAt(args.at.offset), document.positionAt(args.at.offset))]
      : editor.selections;
  const run = longestCursorWord(document, selections);
  if (run > MAX_WORD)
    return refuse(
      runner,
      t('The text at the cursor runs {0} characters without a break (base64 or a hash reads so), too long for one word: select the part to mask.', run),
    );
  const ranges = maskRanges(document, selections);
  if (ranges.length === 0) {
    return refuse(runner, nothingToMask(selections.map((s) => document.getText(s.isEmpty ? (document.getWordRangeAtPosition(s.active) ?? s) : s)).join('')));
  }
  const offsets = ranges.map((r) => ({ start: document.offsetAt(r.start), end: document.offsetAt(r.end) }));
  const text = document.getText();
  // The word's block in code, not its statement alone: a masked word reads the code around it.
  const first = wordContext(text, offsets[0].start, document.languageId, document);
  // Read once for one mask: a plain-text paragraph of megabytes takes a third of a second a read (benchMask.ts).
  const last = offsets.length === 1 ? first : wordContext(text, offsets[offsets.length - 1].start, document.languageId, document);
  const start = Math.min(first.start, offsets[0].start);
  const end = Math.max(last.end, offsets[offsets.length - 1].end);
  const words = ranges.map((r) => document.getText(r));
  const quoted = words.map((w) => t('“{0}”', neutralLabel(readWord(w, t), 120)));
  const options: RunOptions = {
    kind: 'encoder',
    maskChars: offsets,
    focus: offsets[0].start,
    notice: words.length === 1 ? t('Masked {0}.', quoted[0]) : t('Masked {0} words: {1}.', words.length, quoted.join(', ')),
  };
  const asked = lane?.ask();
  const superseded = asked?.superseded;
  // Taken once, before the analysis: its fillers' search answers the same model, or nothing is offered.
  const fresh = runner.asked('encoder', document, superseded);
  const entry = await runner.run(document, start, end, options, asked);
  show(entry);
  const { result } = entry.shown;
  // Each mask's tokens: the masked tokens inside its character range.
  const groups = offsets.map((o) => tokensCovering(result.tokens, o.start, o.end, entry.base).filter((i) => result.tokens[i].masked));
  const whole = offsets.flatMap((o, i) => (groups[i].length > 0 && isWholeWords(text, o.start, o.end) ? [i] : []));
  const fills = whole.length > 0 ? await runner.fillWords(fresh, document, start, end, options, whole) : [];
  const offers: Offer[] = groups.map((g, i) => {
    const fill = fills.find((f) => f.mask === i);
    if (fill && fill.fillers.length > 0) return { whole: true, fillers: fill.fillers };
    return { whole: false, fillers: result.predictions.masked.find((m) => m.position === g[0])?.top ?? [] };
  });
  const masks = words.map((word, i) => ({ word, whole: offers[i].whole, choices: offerChoices(offers[i], t) }));
  const base = { ok: true as const, analysisId: entry.shown.id, masks, choices: masks[0].choices };
  const chosen: (number | undefined)[] = [];
  for (let i = 0; i < groups.length; i++) {
    const offer = offers[i];
    if (groups[i].length === 0 || offer.fillers.length === 0) {
      chosen.push(undefined);
      continue;
    }
    const index = args?.picks?.[i] ?? args?.pick;
    if (args && (args.pick !== undefined || args.picks !== undefined)) chosen.push(pickIndex(index, offer.fillers.length));
    else if (args && !args.at) chosen.push(undefined);
    else {
      const what = offer.whole ? t('whole words for {0}', quoted[i]) : t('token fillers for {0}', quoted[i]);
      const title = groups.length === 1 ? what : t('Mask {0} of {1}: {2}', i + 1, groups.length, what);
      const items: PickItem<number>[] = (offer.whole ? wordItems(offer.fillers) : tokenItems(offer.fillers)).map((item, k) => ({ ...item, value: k }));
      const pick = await pickOne(items, title);
      if (pick === undefined) return { ...base, applied: null };
      chosen.push(pick);
    }
  }
  if (chosen.every((c) => c === undefined)) return { ...base, applied: null };
  // Asked again while its fillers were offered: the newer one replaces, if anything.
  if (superseded?.isCancellationRequested) throw supersededError();
  // Typed meanwhile (the fillers' search and the picks take a while): the masked words are elsewhere now.
  if (document.version !== entry.version) throw replaceDropped();
  const replacements = groups.flatMap((g, i) => {
    const k = chosen[i];
    if (k === undefined || g.length === 0) return [];
    const offer = offers[i];
    // A whole word replaces the whole masked text; a token replaces the masked tokens' text.
    const range = offer.whole
      ? new vscode.Range(document.positionAt(offsets[i].start), document.positionAt(offsets[i].end))
      : wordRange(document, entry.base + result.tokens[g[0]].start!, entry.base + result.tokens[g[g.length - 1]].end!);
    return [{ range, text: offerText(offer, k), mask: i }];
  });
  // What goes into the document has no bidi or control character from the vocabulary (documentEdits.ts).
  const clean = modelTexts(replacements.map((r) => r.text));
  if (clean.empty) return refuse(runner, clean.notice!, 'bad-input');
  // Trimmed once the hidden characters are out: a space behind an isolate ("\u2067 great") goes too.
  const texts = clean.texts.map((text) => text.trim());
  // One edit for every mask: one undo step.
  const edited = await editDocument(document, (edit) => replacements.forEach((r, j) => edit.replace(r.range, texts[j])), editor.viewColumn);
  // Typed between the check and the edit: the editor refused an edit of the older text.
  if (edited === 'changed') throw replaceDropped();
  if (edited === 'refused') return refuse(runner, t('The editor refused the edit; nothing was replaced.'), 'cancelled');
  if (clean.notice) inBackground(runner.notifier.info(clean.notice));
  const appliedAll = chosen.map((_, i) => texts[replacements.findIndex((r) => r.mask === i)] ?? null);
  return { ...base, applied: appliedAll[0], appliedAll };
}

/**
 * The word at a cursor without the invisible format characters and the punctuation at its ends: the
 * editor's word takes in a bidi isolate's closing U+2069 or a zero-width space next to it ("admin⁩"),
 * and in plain text ¿ ¡ « » “ ” ("¿Dónde", "«banco»"); the filler replacing it would delete them (and
 * a deleted isolate reorders the rest of the line). The underscore (a connector) stays.
 */
function visibleWord(document: vscode.TextDocument, range: vscode.Range | undefined): vscode.Range | undefined {
  if (!range) return undefined;
  const text = document.getText(range);
  const lead = EDGE_START.exec(text)![0].length;
  const trail = EDGE_END.exec(text.slice(lead))![0].length;
  const start = document.offsetAt(range.start) + lead;
  return new vscode.Range(document.positionAt(start), document.positionAt(document.offsetAt(range.end) - trail));
}

/**
 * `range` without the invisible characters at its ends (a filler replacing a zero-width space would
 * glue two words); undefined when nothing in it can be seen (visibleText.ts).
 */
function visibleRange(document: vscode.TextDocument, range: vscode.Range | undefined): vscode.Range | undefined {
  const span = range && visibleSpan(document.getText(range));
  if (!range || !span) return undefined;
  const at = document.offsetAt(range.start);
  return new vscode.Range(document.positionAt(at + span.start), document.positionAt(at + span.end));
}

/**
 * `range` widened to whole characters where an edge falls between the halves of a surrogate pair (a
 * script's selection, a link's offset): half an emoji masked alone was "U+DE00", nothing visible.
 */
function wholeCharacters(document: vscode.TextDocument, range: vscode.Range): vscode.Range {
  const [start, end] = [document.offsetAt(range.start), document.offsetAt(range.end)];
  const from = Math.max(0, start - 1);
  const around = document.getText(new vscode.Range(document.positionAt(from), document.positionAt(end + 1)));
  const code = (i: number): number => around.charCodeAt(i - from);
  const splits = (i: number): boolean => i > from && code(i - 1) >= 0xd800 && code(i - 1) <= 0xdbff && code(i) >= 0xdc00 && code(i) <= 0xdfff;
  return new vscode.Range(document.positionAt(splits(start) ? start - 1 : start), document.positionAt(splits(end) ? end + 1 : end));
}

/** Format characters and punctuation other than connectors, at a word's start and at its end. */
const EDGE_START = /^[\p{Cf}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Pd}\p{Po}]*/u;
const EDGE_END = /[\p{Cf}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Pd}\p{Po}]*$/u;

/**
 * The most characters a cursor's word may have. Longer is not a word but a run without a break (a
 * base64 blob, a hash, a minified name): masked whole it would be hundreds of masked tokens at
 * once, each filled from nothing but the others; a selection still masks exactly what it holds.
 */
export const MAX_WORD = 64;

/** The characters of the longest word under an empty cursor (0: none). */
function longestCursorWord(document: vscode.TextDocument, selections: readonly vscode.Selection[]): number {
  let most = 0;
  for (const s of selections) {
    const range = s.isEmpty ? visibleWord(document, document.getWordRangeAtPosition(s.active)) : undefined;
    if (range) most = Math.max(most, [...document.getText(range)].length);
  }
  return most;
}

/** The source text of the masked tokens, without the whitespace a byte-level token carries. */
function wordRange(document: vscode.TextDocument, from: number, to: number): vscode.Range {
  const source = document.getText(new vscode.Range(document.positionAt(from), document.positionAt(to)));
  const start = from + source.length - source.trimStart().length;
  return new vscode.Range(document.positionAt(start), document.positionAt(to));
}

/** Mask Word's fillers, not put in: the text changed since its analysis (said with Analyze Again). */
function replaceDropped(): DroppedResultError {
  return new DroppedResultError(
    t('the document changed; nothing was replaced'),
    t('The text changed while the fillers were found, so nothing was replaced; analyze it again.'),
  );
}

function refuse(runner: AnalysisRunner, message: string, code = 'bad-input'): MaskOutcome {
  inBackground(runner.notifier.info(message));
  return { ok: false, code, message };
}
