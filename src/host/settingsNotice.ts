/**
 * What a person is told about a setting whose value the extension cannot use (extension host, free
 * of `vscode` so that it is unit-tested in Node): which setting, where it is set, the value, what the
 * setting takes, and what applies meanwhile. readConfig falls back to the default for such a value;
 * without this line, a typo in settings.json would look like a setting that does nothing.
 *
 *   invalidSettingMessage({ key: 'maxTokens', value: 'lots' }, 'user')
 *   // 'attentionLens.maxTokens in your user settings is "lots", which it cannot use: it takes a whole
 *   //  number from 8 to 4096. The default, 512, applies until you change it.'
 */
import { withoutCredentials } from '../engine/modelSource';
import { SECTION, SETTINGS, type InvalidSetting, type UntrustedValue } from './config';
import { t } from './l10n';

/** Where a value is set: the user's settings.json or the workspace's. */
export type SettingScope = 'user' | 'workspace';

/** A value as settings.json spells it, cut short (a pasted paragraph stays one line). */
export function spelled(value: unknown, max = 60): string {
  let text: string;
  try {
    // A number JSON cannot spell (1e999 is read as Infinity) would read "null".
    text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  if (text.length <= max) return text;
  // Not through a character of two UTF-16 units (an emoji): its half would reach the notice as U+FFFD.
  const cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  return `${last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut}…`;
}

/**
 * A setting's value in words: spelled as settings.json has it, an address without its user name and
 * password (a notice is no place for them), and an empty value, which would say nothing as "", as
 * what it does.
 */
function said(key: InvalidSetting['key'], value: unknown): string {
  const spec = SETTINGS[key];
  if (spec.type !== 'string' || typeof value !== 'string') return spelled(value);
  if (value.trim() === '' && spec.model) return t('the embedded model');
  if (value.trim() === '' && spec.folder) return t('the per-user model cache');
  if (value.trim() === '' && spec.address) return t('HF_ENDPOINT, else the hub');
  return spelled(spec.address ? withoutCredentials(value) : value);
}

/** What the setting takes, in words. */
function takes(key: InvalidSetting['key']): string {
  const spec = SETTINGS[key];
  switch (spec.type) {
    case 'integer':
      return t('a whole number from {0} to {1}', spec.minimum, spec.maximum);
    case 'boolean':
      return t('true or false');
    case 'string':
      if (spec.folder) return t('an absolute folder, or one that starts with ~ (empty: the default)');
      if (spec.address) return t('an http:// or https:// address (empty: HF_ENDPOINT, else the hub)');
      if (spec.model) return t('a hub id (owner/name) or a model folder: absolute, or one that starts with ./, ../ or ~');
      return spec.enum ? t('one of {0}', spec.enum.map((v) => JSON.stringify(v)).join(', ')) : t('text in quotes');
  }
}

export function invalidSettingMessage(problem: InvalidSetting, scope: SettingScope): string {
  const name = `${SECTION}.${problem.key}`;
  const value = said(problem.key, problem.value);
  const fallback = said(problem.key, SETTINGS[problem.key].default);
  // An untrusted workspace's invalid value of a STRICTER key leaves the user's own value in force, not the default.
  if (scope === 'workspace' && problem.used !== undefined && problem.used !== SETTINGS[problem.key].default)
    return t(
      '{0} in the workspace settings is {1}, which it cannot use: it takes {2}. Your own value, {3}, applies until you change it.',
      name,
      value,
      takes(problem.key),
      said(problem.key, problem.used),
    );
  // A user's invalid value in an untrusted workspace: the default stands in for it, and the workspace may tighten that.
  if (scope === 'user' && problem.used !== undefined && problem.used !== SETTINGS[problem.key].default)
    return t(
      '{0} in your user settings is {1}, which it cannot use: it takes {2}. The default, {3}, stands in for it, and this workspace’s stricter value, {4}, applies until you change it.',
      name,
      value,
      takes(problem.key),
      fallback,
      said(problem.key, problem.used),
    );
  return scope === 'workspace'
    ? t(
        '{0} in the workspace settings is {1}, which it cannot use: it takes {2}. The default, {3}, applies until you change it.',
        name,
        value,
        takes(problem.key),
        fallback,
      )
    : t(
        '{0} in your user settings is {1}, which it cannot use: it takes {2}. The default, {3}, applies until you change it.',
        name,
        value,
        takes(problem.key),
        fallback,
      );
}

/** What a person is told of the workspace values an untrusted workspace does not apply (config.ts ignoredUntilTrusted): one line. */
export function untrustedMessage(ignored: readonly UntrustedValue[]): string {
  const each = ignored.map(({ key, workspace, used }) => t('{0} {1} (used: {2})', `${SECTION}.${key}`, said(key, workspace), said(key, used)));
  return t(
    'This workspace is not trusted, so its settings may not loosen yours or choose models, folders or addresses: {0}. Trust the workspace to apply them.',
    each.join(', '),
  );
}
