/**
 * What Word Senses says beside the panel about its run (pure; extension host and unit tests): that
 * a word occurring once has nothing to be compared with, and, for a large text, which occurrences
 * it analyzed: the first ones, the one at the cursor among them or added to them (the engine always
 * analyzes it: senses.ts).
 *
 *   sensesNotices(result, 'banco'); // ['Word senses analyzed 200 of 250 occurrences: the first 199 and the one at the cursor.']
 */
import { neutralise } from '../../protocol/neutralise';
import type { SensesResult } from '../../protocol/reprViews';
import { t } from '../l10n';

/** The most characters of the word a notification quotes. */
const QUOTED_WORD_MAX = 60;

export function sensesNotices(result: SensesResult, word: string): string[] {
  const notices: string[] = [];
  const n = result.occurrences.length;
  // One occurrence has nothing to be compared with: the view would show a single cell.
  if (n < 2)
    notices.push(
      t(
        '“{0}” occurs once here: Word Senses compares a word’s occurrences, so it needs two or more. Write it in a second sentence, or run “Compare Word Senses at Cursor, in Files…”.',
        // Cut, so that a long word (a hash, a base64 line) leaves the notification room to say why.
        neutralise(word, QUOTED_WORD_MAX),
      ),
    );
  if (result.found > n)
    notices.push(
      result.at === undefined
        ? t('Word senses analyzed the first {0} of {1} occurrences.', n, result.found)
        : result.at.added
          ? t('Word senses analyzed {0} of {1} occurrences: the first {2} and the one at the cursor.', n, result.found, n - 1)
          : t('Word senses analyzed the first {0} of {1} occurrences, the one at the cursor among them.', n, result.found),
    );
  return notices;
}
