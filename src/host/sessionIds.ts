/**
 * Ids of what the host posts to the panel and the page saves (analyses, BERT and word-lesson
 * messages), unique across extension-host sessions. The panel's page keeps the ids it has shown
 * (setState), and VS Code hands them back to the page it restores after a window reload, where a
 * fresh host counts again: counting from 1, the first analysis after a reload took the saved place
 * (selected token, scroll, view choice) of another text, and a new comparison or BERT message read
 * as one already seen, leaving the reader's tab. Each id is the clock in milliseconds, or the last
 * id plus one when ids come faster: a later session's ids lie above every earlier one's.
 */
let last = 0;

/** The next id: above every id handed out before, in this session or an earlier one. */
export function nextSessionId(now: number = Date.now()): number {
  last = Math.max(last + 1, Math.floor(now));
  return last;
}
