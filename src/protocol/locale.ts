/**
 * The language the UI speaks, as one shape for the host and the pages (pure; extension host,
 * webviews, tests). The host resolves it from the `attentionLens.language` setting and VS Code's
 * display language, loads that language's bundle (`l10n/bundle.l10n.<language>.json`, VS Code's
 * format: English text → translation) and hands the very same `Locale` to each page in a `data-`
 * attribute of a `<meta>` tag (webviewHtml.ts), so that host and webviews translate through one
 * bundle and one library (@vscode/l10n).
 *
 *   resolveLanguage('auto', 'es-419', ['es'])    // { language: 'es', pseudo: false }
 *   resolveLanguage('auto', 'qps-ploc', ['es'])  // { language: 'en', pseudo: true }: VS Code's pseudo-language
 */

export interface Locale {
  /** A language with a bundle, or 'en' (the keys themselves): numbers are formatted for it too. */
  readonly language: string;
  /** Pseudo-locale (tests): every translated string is marked ⟦…⟧ with accented letters (pseudoLocale.ts). */
  readonly pseudo: boolean;
  /** English text → translation; empty for English. */
  readonly bundle: Readonly<Record<string, string>>;
}

export const ENGLISH: Locale = Object.freeze({ language: 'en', pseudo: false, bundle: Object.freeze({}) });

/** The `name` of the page's `<meta>` tag whose `data-locale` holds the Locale as JSON. */
export const LOCALE_META = 'attention-lens-locale';

/** VS Code's own pseudo-language id (its "Pseudo Language" display language). */
export const PSEUDO_LANGUAGE = 'qps-ploc';

/** The values of the `attentionLens.language` setting: `auto` follows VS Code's display language. */
export const LANGUAGE_CHOICES = ['auto', 'en', 'es'] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/**
 * The language to speak: the setting's when it is not `auto`, else VS Code's display language
 * (`vscode.env.language`: 'es', 'es-419', 'en-us', …) when a bundle exists for it or for its base
 * language, else English. `available` lists the languages that have a bundle.
 */
export function resolveLanguage(choice: string, displayLanguage: string, available: readonly string[]): { language: string; pseudo: boolean } {
  const has = (language: string): boolean => language === 'en' || available.includes(language);
  if (choice !== 'auto') return { language: has(choice) ? choice : 'en', pseudo: false };
  const display = displayLanguage.toLowerCase();
  if (display === PSEUDO_LANGUAGE) return { language: 'en', pseudo: true };
  if (has(display)) return { language: display, pseudo: false };
  const base = display.split('-')[0];
  return { language: has(base) ? base : 'en', pseudo: false };
}

/** A Locale read from the page (JSON from the host, checked: a broken attribute means English). */
export function parseLocale(value: unknown): Locale {
  if (typeof value !== 'object' || value === null) return ENGLISH;
  const { language, pseudo, bundle } = value as Record<string, unknown>;
  if (typeof language !== 'string' || typeof pseudo !== 'boolean' || typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) return ENGLISH;
  const strings: Record<string, string> = {};
  for (const [key, text] of Object.entries(bundle)) if (typeof text === 'string') strings[key] = text;
  return { language, pseudo, bundle: strings };
}

/**
 * `t` handed to pure protocol code that words things for people (a label both the hover and the
 * panel show): the protocol imports no translation library, so the caller passes its own `t`.
 * The missing-key test reads calls of a parameter of this type as it reads calls of `t`.
 *
 *   export function combineLabel(combine: Combine, t: Translate): string { return t('mean of heads'); }
 */
export type Translate = (message: string, ...args: readonly (string | number | boolean)[]) => string;
