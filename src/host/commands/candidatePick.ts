/**
 * The quick picks of a model's candidates (extension host): Mask Word's fillers and Next Word's
 * next words or tokens, each with its probability as a percentage people read. A model's text is
 * never shown raw: whitespace reads in words ("newline + 4 spaces") or as visible glyphs
 * (tokenText.ts). Escape keeps the text as it is.
 */
import * as vscode from 'vscode';
import type { Candidate } from '../../protocol/analysis';
import { neutralLabel } from '../../protocol/neutralise';
import { choiceText, completedWord, readCandidate, readWord } from '../../protocol/tokenText';
import type { WordCandidate } from '../../protocol/words';
import { formatPercent, t } from '../l10n';

export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly value: T;
  /** A line above the item (a separator), e.g. between the words and the token-level list. */
  readonly before?: string;
}

/** Tokens as a list shows them: "newline + 4 spaces", "␣b", "part of a character (token 163)", with their probability. */
export function tokenItems(candidates: readonly Candidate[]): PickItem<Candidate>[] {
  return candidates.map((c) => ({ label: neutralLabel(readCandidate(c, t)), description: formatPercent(c.p), value: c }));
}

/** A token among the choices a command returns to a script (choiceText), in this window's language. */
export function tokenChoice(candidate: Candidate): string {
  return choiceText(candidate, t);
}

/**
 * Whole words: the word (a leading newline or indent in words), its probability and how many pieces
 * it took. With `before` (the text before the cursor) a completion of the word the cursor is in
 * reads as that whole word, and what it adds is said beside it ("grass" — adds "ass").
 */
export function wordItems(words: readonly WordCandidate[], before = ''): PickItem<WordCandidate>[] {
  return words.map((w) => {
    const p = w.ids.length > 1 ? t('{0} · {1} pieces', formatPercent(w.p), w.ids.length) : formatPercent(w.p);
    const whole = completedWord(before, w.text);
    if (whole === null) return { label: neutralLabel(readWord(w.text, t)), description: p, value: w };
    return { label: neutralLabel(readWord(whole, t)), description: t('adds “{0}” · {1}', neutralLabel(readWord(w.text, t)), p), value: w };
  });
}

/**
 * A `pick` argument as an index into `length` candidates, or undefined. Command arguments come
 * from anyone who can run a command (other extensions, `command:` links): only a whole number
 * within the list chooses, so a pick is never more than the click a person could make in the list.
 */
export function pickIndex(value: unknown, length: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < length ? value : undefined;
}

export async function pickOne<T>(
  items: readonly PickItem<T>[],
  title: string,
  placeHolder = t('Choose one to put it in (Escape keeps the text)'),
): Promise<T | undefined> {
  if (items.length === 0) return undefined;
  type Item = vscode.QuickPickItem & { readonly value?: T };
  const shown: Item[] = items.flatMap((item): Item[] => [
    ...(item.before ? [{ label: item.before, kind: vscode.QuickPickItemKind.Separator }] : []),
    { label: item.label, description: item.description, value: item.value },
  ]);
  const chosen = await vscode.window.showQuickPick(shown, { title: t('Attention Lens: {0}', title), placeHolder });
  return chosen?.value;
}
