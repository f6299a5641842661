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
import { SECTION, SETTINGS, type InvalidSetting } from './config';
import { t } from './l10n';

/** Where a value is set: the user's settings.json or the workspace's. */
export type SettingScope = 'user' | 'workspace';

/** A value as settings.json spells it, cut short (a pasted paragraph stays one line). */
export function spelled(value: unknown, max = 60): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length <= max) return text;
  // Not through a character of two UTF-16 units (an emoji): its half would reach the notice as U+FFFD.
  const cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  return `${last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut}…`;
}

/** The default in words where its value ("") would say nothing: what an empty setting does. */
function defaultSaid(key: InvalidSetting['key']): string {
  const spec = SETTINGS[key];
  if (spec.type !== 'string' || spec.default !== '') return spelled(spec.default);
  if (spec.model) return t('the embedded model');
  if (spec.folder) return t('the per-user model cache');
  if (spec.address) return t('HF_ENDPOINT, else the hub');
  return spelled(spec.default);
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
  // An address is named without its user name and password (a notice is no place for them).
  const spec = SETTINGS[problem.key];
  const value = spelled(spec.type === 'string' && spec.address && typeof problem.value === 'string' ? withoutCredentials(problem.value) : problem.value);
  const fallback = defaultSaid(problem.key);
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
