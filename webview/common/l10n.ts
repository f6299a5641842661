/**
 * Localized strings in the webviews (browser). Every user-visible string of a view goes through
 * `t(message, ...args)`: `message` is the English text, which is also the key of the translation
 * bundles (VS Code's `l10n/bundle.l10n.<lang>.json` format); `{0}`, `{1}`… are replaced by the
 * args. `message` is always a literal (the missing-key test reads them from the sources).
 *
 *   t('{0} tokens', 44)        // "44 tokens", or "44 tokens" translated
 *
 * The host hands the page its Locale — language, pseudo-locale flag and the bundle itself — in the
 * `data-locale` attribute of `<meta name="attention-lens-locale">` (webviewHtml.ts); it is read
 * once, when the page starts. A language switch makes the host render the page again. There is
 * no second translation system: the same library (@vscode/l10n) and bundle as the host's.
 */
import * as l10n from '@vscode/l10n';
import { ENGLISH, LOCALE_META, parseLocale, type Locale } from '../../src/protocol/locale';
import { pseudoLocalize } from '../../src/protocol/pseudoLocale';

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

/** The language of the page (Intl's locale for its numbers, `<html lang>`). */
export function language(): string {
  return locale.language;
}
