/**
 * Localized strings in the extension host. Every user-visible string (notifications, quick picks,
 * hovers, status bar, progress titles) goes through `t(message, ...args)`: `message` is the English
 * text, which is also the key of `l10n/bundle.l10n.<lang>.json`; `{0}`, `{1}`… are replaced by the
 * args. Strings that come from a model, a document or a server are args, never the message.
 *
 *   t('Attention Lens: {0}', message)
 *
 * (The language choice and the bundles arrive with the localization machinery; until then this is
 * the English text, formatted.)
 */
export function t(message: string, ...args: readonly (string | number | boolean)[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}
