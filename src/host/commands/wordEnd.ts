/**
 * Where Next Word and Continue go on from (extension host): a cursor inside a word ("value|s") goes
 * to the word's end, as Mask Word takes the whole word at the cursor (the editor's word range).
 * At the cursor itself the model never read the rest of the word, and what it gave went in
 * mid-identifier ("value;s"). `word`: the whole word, neutralised for the notice that says so.
 * Next Word says it in its list's box when it shows a list (a pop-up each time covered the list),
 * in a notification when a script picks.
 *
 *   afterWord(document, active); // { at: the end of "values", word: 'values' }, or { at: active, word: null }
 *   insideWord('values', true);  // the list's placeholder: "Put after the whole word “values” (…)"
 */
import type * as vscode from 'vscode';
import { neutralise } from '../../protocol/neutralise';
import { t } from '../l10n';

/** The most characters of a word a notice quotes (an identifier can be a line long). */
const WORD_IN_NOTICE = 60;

export function afterWord(document: vscode.TextDocument, active: vscode.Position): { readonly at: vscode.Position; readonly word: string | null } {
  const range = document.getWordRangeAtPosition(active);
  if (!range || !range.start.isBefore(active) || !range.end.isAfter(active)) return { at: active, word: null };
  return { at: range.end, word: neutralise(document.getText(range), WORD_IN_NOTICE) };
}

/** What Next Word says of a cursor inside `word` (neutralised): as its list's placeholder (`inList`, with how to leave), else as a notification. */
export function insideWord(word: string, inList: boolean): string {
  return inList
    ? t('Put after the whole word “{0}” (the cursor was inside it) · Escape keeps the text', word)
    : t('The cursor was inside “{0}”: the next word is predicted and put after the whole word.', word);
}
