/**
 * Localized strings in the webviews (browser). Every user-visible string of a view goes through
 * `t(message, ...args)`: `message` is the English text, which is also the key of the translation
 * bundles (VS Code's `l10n/bundle.l10n.<lang>.json` format); `{0}`, `{1}`… are replaced by the
 * args. `message` is always a literal (the missing-key test reads them from the sources).
 *
 *   t('{0} tokens', 44)        // "44 tokens", or "44 tokens" translated
 *
 * A sentence with an element inside (a token in its own span) stays one message, so that a
 * language can move the element: `slots(t('Spotlight: {0} attends to', slot(0)), span)`.
 *
 * The host hands the page its Locale — language, pseudo-locale flag and the bundle itself — in the
 * `data-locale` attribute of `<meta name="attention-lens-locale">` (webviewHtml.ts); it is read
 * once, when the page starts. A language switch makes the host render the page again. There is
 * no second translation system: the same library (@vscode/l10n) and bundle as the host's.
 */
import * as l10n from '@vscode/l10n';
import { ENGLISH, LOCALE_META, parseLocale, type Locale } from '../../src/protocol/locale';
import { PSEUDO_CLOSE, PSEUDO_OPEN, pseudoLocalize } from '../../src/protocol/pseudoLocale';

const locale: Locale = readLocale();
l10n.config({ contents: { ...locale.bundle } });

function readLocale(): Locale {
  // Unit tests import the views' pure helpers in Node, where there is no page.
  if (typeof document === 'undefined') return ENGLISH;
  const json = document.querySelector<HTMLMetaElement>(`meta[name="${LOCALE_META}"]`)?.dataset.locale;
  if (!json) return ENGLISH;
  try {
    return parseLocale(JSON.parse(json));
  } catch {
    return ENGLISH;
  }
}

export function t(message: string, ...args: readonly (string | number | boolean)[]): string {
  return l10n.t(locale.pseudo ? pseudoLocalize(message) : message, ...args);
}

/** A stand-in for the i-th element of a sentence, passed to t() as an argument (a private-use character). */
export function slot(i: number): string {
  return String.fromCharCode(0xe000 + i);
}

/**
 * A translated sentence with its slots replaced by `nodes` (slot(i) → nodes[i]), as children for
 * el(). In the pseudo-locale each text piece keeps its own marks, so that a piece reads as
 * localized on its own.
 */
export function slots(text: string, ...nodes: readonly Node[]): (string | Node)[] {
  const out: (string | Node)[] = [];
  const pieces = text.split(/([\ue000-\ue0ff])/u);
  pieces.forEach((piece, i) => {
    if (i % 2 === 1) {
      const node = nodes[piece.charCodeAt(0) - 0xe000];
      if (node) out.push(node);
    } else if (piece) {
      out.push(locale.pseudo ? remark(piece) : piece);
    }
  });
  return out;
}

/** Closes a piece of a pseudo-localized sentence cut by a slot: "⟦Šþóţ: " → "⟦Šþóţ: ⟧". */
function remark(piece: string): string {
  const opened = piece.lastIndexOf(PSEUDO_OPEN) > piece.lastIndexOf(PSEUDO_CLOSE);
  const closed = piece.indexOf(PSEUDO_CLOSE) !== -1 && (piece.indexOf(PSEUDO_OPEN) === -1 || piece.indexOf(PSEUDO_CLOSE) < piece.indexOf(PSEUDO_OPEN));
  return `${closed ? PSEUDO_OPEN : ''}${piece}${opened ? PSEUDO_CLOSE : ''}`;
}

/** The language of the page (Intl's locale for its numbers, `<html lang>`). */
export function language(): string {
  return locale.language;
}
