/** A document range as the engine request reads it (extension host): in parts, only what is sent (engineRequest.ts). */
import * as vscode from 'vscode';
import { t } from '../l10n';
import type { RangeText } from './engineRequest';
import { LocalizedError } from './failure';

/**
 * `[start, end)` of `document`, read as the engine request needs it (engineRequest.ts: only around the
 * focus where the range is long); read whole, a range of only whitespace is refused before the model runs.
 */
export function analyzable(document: vscode.TextDocument, start: number, end: number): RangeText {
  const range = rangeText(document, start, end);
  return {
    length: range.length,
    read: (from, to) => {
      const text = range.read(from, to);
      if (from === 0 && to === range.length && text.trim() === '')
        throw new LocalizedError('bad-input', t('there is nothing to analyze here: the text is empty or only whitespace'));
      return text;
    },
  };
}

/** `[start, end)` of `document`, read in the parts asked for. */
export function rangeText(document: vscode.TextDocument, start: number, end: number): RangeText {
  const at = (offset: number): vscode.Position => document.positionAt(start + offset);
  return { length: end - start, read: (from, to) => document.getText(new vscode.Range(at(from), at(to))) };
}
