/**
 * Which language the extension speaks (extension host): the `attentionLens.language` setting
 * (`auto` follows VS Code's display language, `vscode.env.language`), the bundles shipped in
 * `l10n/` (`bundle.l10n.<language>.json`; adding a file adds a language), and the pseudo-locale
 * (VS Code's `qps-ploc` display language, `ATTENTION_LENS_PSEUDO_LOCALE=1` at activation, or
 * `pseudo(true)` from the tests). It hands the result to l10n.ts, whose `t()` every host string
 * goes through and whose listeners render the webviews again — no reload.
 *
 * The manifest's own strings (command titles, settings) are VS Code's to translate, from
 * package.nls.<language>.json, in VS Code's display language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { ENGLISH, resolveLanguage, type Locale } from '../protocol/locale';
import { currentLocale, useLocale } from './l10n';

const BUNDLE = /^bundle\.l10n\.([a-z]{2,3}(?:-[a-z0-9]+)*)\.json$/;

/** The languages that have a bundle in `dir`. */
export function bundledLanguages(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((name) => BUNDLE.exec(name)?.[1] ?? []);
  } catch {
    return [];
  }
}

export class Localization {
  private forcedPseudo: boolean;

  constructor(
    /** The extension's `l10n/` folder. */
    private readonly dir: string,
    private readonly log: vscode.LogOutputChannel,
    /** `ATTENTION_LENS_PSEUDO_LOCALE=1` when the extension started. */
    pseudo = process.env.ATTENTION_LENS_PSEUDO_LOCALE === '1',
  ) {
    this.forcedPseudo = pseudo;
  }

  /** Applies the `attentionLens.language` setting (again); the webviews render only when the language changed. */
  update(choice: string): void {
    const resolved = resolveLanguage(choice, vscode.env.language, bundledLanguages(this.dir));
    const pseudo = resolved.pseudo || this.forcedPseudo;
    const now = currentLocale();
    if (now.language === resolved.language && now.pseudo === pseudo) return;
    useLocale({ language: resolved.language, pseudo, bundle: resolved.language === 'en' ? ENGLISH.bundle : this.bundle(resolved.language) });
    this.log.info(`language: ${resolved.language}${pseudo ? ' (pseudo-locale)' : ''} (setting ${choice}, VS Code ${vscode.env.language})`);
  }

  /** Marks every localized string ⟦…⟧ (tests), or stops. */
  pseudo(on: boolean, choice: string): void {
    this.forcedPseudo = on;
    this.update(choice);
  }

  private bundle(language: string): Locale['bundle'] {
    const file = path.join(this.dir, `bundle.l10n.${language}.json`);
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch (error) {
      this.log.warn(`${file}: ${error instanceof Error ? error.message : String(error)}; speaking English`);
      return ENGLISH.bundle;
    }
  }
}
