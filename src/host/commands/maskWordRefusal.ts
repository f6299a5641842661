/**
 * What Mask Word says when nothing under the cursor or in the selection can be masked (extension
 * host, free of `vscode` for its unit test): the characters that are there, by code point, each
 * called by what it is, and what to do. A combining accent is not invisible (it shows on the letter
 * before it, or on a dotted circle): what it lacks is a letter of its own. A variation selector and
 * the combining grapheme joiner are marks too, but have no shape: they are invisible.
 *
 *   nothingToMask('\u200B');  // "There is nothing visible to mask, only invisible characters (U+200B): …"
 *   nothingToMask('\u0301');  // "There is nothing to mask, only combining marks with no letter (U+0301): …"
 */
import { invisibleCodes } from '../../protocol/visibleText';
import { t } from '../l10n';

/** A mark that shows (an accent, an enclosing circle); not a variation selector or the grapheme joiner. */
const SHOWN_MARK = /^(?![\p{Variation_Selector}\u034F])\p{M}$/u;

const codeOf = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The refusal for `text`, the cursors' words and selections that hold nothing visible. */
export function nothingToMask(text: string): string {
  const marks = [
    ...new Set(
      Array.from(text)
        .filter((c) => SHOWN_MARK.test(c))
        .map(codeOf),
    ),
  ];
  const hidden = invisibleCodes(text).filter((code) => !marks.includes(code));
  if (marks.length > 0 && hidden.length > 0)
    return t(
      'There is nothing to mask, only invisible characters ({0}) and combining marks with no letter ({1}): put the cursor on a word or select text with letters.',
      hidden.join(', '),
      marks.join(', '),
    );
  if (marks.length > 0)
    return t('There is nothing to mask, only combining marks with no letter ({0}): put the cursor on a word or select text with letters.', marks.join(', '));
  if (hidden.length > 0)
    return t('There is nothing visible to mask, only invisible characters ({0}): put the cursor on a word or select visible text.', hidden.join(', '));
  return t('Put the cursor on a word (or select text) to mask it.');
}
