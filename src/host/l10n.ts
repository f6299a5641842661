/**
 * Localized strings in the extension host (free of `vscode`, so that the pure modules that build
 * hovers and quick picks keep their unit tests in plain Node). Every user-visible string
 * (notifications, quick picks, hovers, status bar, progress titles) goes through
 * `t(message, ...args)`: `message` is the English text, which is also the key of
 * `l10n/bundle.l10n.<lang>.json`; `{0}`, `{1}`… are replaced by the args. Strings that come from a
 * model, a document or a server are args, never the message. `message` is always a literal: the
 * missing-key test (test/unit/l10n) reads every call's first argument from the sources.
 *
 *   t('Attention Lens: {0}', message)
 *
 * The language is chosen by localization.ts (the `attentionLens.language` setting, VS Code's
 * display language, the pseudo-locale switch) through `useLocale`; `t` reads it at call time, so
 * a change applies to the next string without a reload. The webviews get the same Locale from
 * the host and translate through the same library (@vscode/l10n) and bundle.
 */
import * as l10n from '@vscode/l10n';
import { ENGLISH, type Locale } from '../protocol/locale';
import { localeDecimal, localePercent, localeWeight, localeWholePercent } from '../protocol/numberFormat';
import { pseudoLocalize } from '../protocol/pseudoLocale';

let current: Locale = ENGLISH;
const listeners = new Set<(locale: Locale) => void>();

export function t(message: string, ...args: readonly (string | number | boolean)[]): string {
  return l10n.t(current.pseudo ? pseudoLocalize(message) : message, ...args);
}

/** The language in use, with its bundle (what the pages are handed). */
export function currentLocale(): Locale {
  return current;
}

/** Switches the language: the next `t()` speaks it, and the listeners (the webviews, the status bar) render again. */
export function useLocale(locale: Locale): void {
  current = locale;
  l10n.config({ contents: { ...locale.bundle } });
  for (const listener of [...listeners]) listener(locale);
}

/** Called after each language switch; returns what stops it. */
export function onDidChangeLocale(listener: (locale: Locale) => void): { dispose(): void } {
  listeners.add(listener);
  return { dispose: () => void listeners.delete(listener) };
}

/** A probability as a percentage for the language in use ("12.5%", "12,5 %", "0.024%"): numberFormat.ts. */
export function formatPercent(p: number): string {
  return localePercent(p, current.language);
}

/** An attention weight (0..1) in the language in use, as every view writes it ("0,237", "0,00012"): localeWeight. */
export function formatWeight(w: number): string {
  return localeWeight(w, current.language);
}

/** A share (0..1) as a whole percentage, for progress ("40%", "40 %"). */
export function formatWholePercent(p: number): string {
  return localeWholePercent(p, current.language);
}

/** A number with `digits` decimals in the language's separators ("1.5", "1,5"). */
export function formatDecimal(x: number, digits: number): string {
  return localeDecimal(x, digits, current.language);
}
