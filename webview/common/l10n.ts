/**
 * Localized strings in the webviews (browser). Every user-visible string of a view goes through
 * `t(message, ...args)`: `message` is the English text, which is also the key of the translation
 * bundles (VS Code's `l10n/bundle.l10n.<lang>.json` format); `{0}`, `{1}`… are replaced by the args.
 *
 *   t('{0} tokens', 44)        // "44 tokens", or "44 tokens" translated
 *
 * (The bundle handed over by the host arrives with the localization machinery; until then this is
 * the English text, formatted.)
 */
export function t(message: string, ...args: readonly (string | number | boolean)[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}
