/**
 * Mask Word at Cursor with one or several masks (extension host). The rule: every cursor and
 * every selection of the editor is one mask — an empty cursor masks the word under it, a
 * selection masks exactly the selected text (all the tokens it overlaps). All masks go to the
 * encoder in one run over the text around them; each mask's fillers (those of its first token)
 * are offered in a quick pick, one mask after the other, and the panel lists every masked
 * position's fillers. The chosen fillers replace their words in one edit, undone in one step.
 */
import * as vscode from 'vscode';
import type { Candidate } from '../../protocol/analysis';
import type { StoredAnalysis } from '../analyses/analyses';
import type { AnalysisRunner, RunOutcome } from '../analyses/analysisRunner';
import { editDocument } from '../editor/editorDecorations';
import { scopeAround } from '../analyses/textScope';
import { pickCandidate } from './candidatePick';

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
  /** Fillers offered for it, most likely first. */
  readonly choices: readonly string[];
}

export type MaskOutcome = RunOutcome & {
  readonly choices?: readonly string[];
  readonly applied?: string | null;
  readonly masks?: readonly MaskReport[];
  /** The filler applied per mask (null where none was chosen); absent when nothing was applied. */
  readonly appliedAll?: readonly (string | null)[];
};

/** The ranges to mask: one per cursor or selection, sorted, overlapping ones merged. */
export function maskRanges(document: vscode.TextDocument, selections: readonly vscode.Selection[]): vscode.Range[] {
  const ranges = selections
    .map((s) => (s.isEmpty ? document.getWordRangeAtPosition(s.active) : new vscode.Range(s.start, s.end)))
    .filter((r): r is vscode.Range => r !== undefined && !r.isEmpty)
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
): Promise<MaskOutcome> {
  const { document } = editor;
  const selections =
    args?.at && args.at.uri === document.uri.toString()
      ? [new vscode.Selection(document.positionAt(args.at.offset), document.positionAt(args.at.offset))]
      : editor.selections;
  const ranges = maskRanges(document, selections);
  if (ranges.length === 0) return refuse('Put the cursor on a word (or select text) to mask it.');
  const offsets = ranges.map((r) => ({ start: document.offsetAt(r.start), end: document.offsetAt(r.end) }));
  const text = document.getText();
  const first = scopeAround(text, offsets[0].start, document.languageId);
  const last = scopeAround(text, offsets[offsets.length - 1].start, document.languageId);
  const start = Math.min(first.start, offsets[0].start);
  const end = Math.max(last.end, offsets[offsets.length - 1].end);
  const words = ranges.map((r) => document.getText(r));
  const entry = await runner.run(document, start, end, {
    kind: 'encoder',
    maskChars: offsets,
    focus: offsets[0].start,
    notice: words.length === 1 ? `Masked “${words[0]}”.` : `Masked ${words.length} words: ${words.map((w) => `“${w}”`).join(', ')}.`,
  });
  show(entry);
  const { result } = entry.shown;
  // Each mask's tokens: the masked tokens inside its character range.
  const groups = offsets.map((o) =>
    result.tokens.flatMap((t, i) =>
      t.masked && t.start !== null && t.end !== null && entry.base + t.end > o.start && entry.base + t.start < o.end ? [i] : [],
    ),
  );
  const fillers = groups.map((g) => result.predictions.masked.find((m) => m.position === g[0])?.top ?? []);
  const masks = words.map((word, i) => ({ word, choices: fillers[i].map((c) => c.token) }));
  const base = { ok: true as const, analysisId: entry.shown.id, masks, choices: masks[0].choices };
  const chosen: (Candidate | undefined)[] = [];
  for (let i = 0; i < groups.length; i++) {
    if (groups[i].length === 0 || fillers[i].length === 0) {
      chosen.push(undefined);
      continue;
    }
    const index = args?.picks?.[i] ?? args?.pick;
    if (args && (args.pick !== undefined || args.picks !== undefined)) chosen.push(index === undefined ? undefined : fillers[i][index]);
    else if (args && !args.at) chosen.push(undefined);
    else {
      const title = groups.length === 1 ? `Fillers for “${words[i]}”` : `Mask ${i + 1} of ${groups.length}: fillers for “${words[i]}”`;
      const pick = await pickCandidate(fillers[i], title);
      if (pick === undefined) return { ...base, applied: null };
      chosen.push(pick);
    }
  }
  if (chosen.every((c) => c === undefined)) return { ...base, applied: null };
  if (document.version !== entry.version) return { ok: false, code: 'cancelled', message: 'the document changed; nothing was replaced' };
  const replacements = groups.flatMap((g, i) => {
    const c = chosen[i];
    if (!c || g.length === 0) return [];
    const tokens = g.map((k) => result.tokens[k]);
    const range = wordRange(document, entry.base + tokens[0].start!, entry.base + tokens[tokens.length - 1].end!);
    return [{ range, text: c.token.trim() }];
  });
  // One edit for every mask: one undo step.
  const applied = await editDocument(document, (edit) => replacements.forEach((r) => edit.replace(r.range, r.text)), editor.viewColumn);
  if (!applied) return { ok: false, code: 'cancelled', message: 'the edit was refused; nothing was replaced' };
  const appliedAll = chosen.map((c) => (c ? c.token.trim() : null));
  return { ...base, applied: appliedAll[0], appliedAll };
}

/** The source text of the masked tokens, without the whitespace a byte-level token carries. */
function wordRange(document: vscode.TextDocument, from: number, to: number): vscode.Range {
  const source = document.getText(new vscode.Range(document.positionAt(from), document.positionAt(to)));
  const start = from + source.length - source.trimStart().length;
  return new vscode.Range(document.positionAt(start), document.positionAt(to));
}

function refuse(message: string): MaskOutcome {
  void vscode.window.showInformationMessage(`Attention Lens: ${message}`);
  return { ok: false, code: 'bad-input', message };
}
