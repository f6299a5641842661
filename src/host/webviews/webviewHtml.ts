/**
 * The HTML shell of both webviews (extension host, but free of `vscode` so that the webview tests
 * load the very same page in Chromium). The page holds no inline script and no document text: the
 * bundled script builds the view and sets every text through `textContent`.
 *
 * CSP: nothing by default; scripts only with this page's nonce; styles, fonts and images only from
 * the webview's own resource origin (`cspSource`), images also as `data:`/`blob:` for canvas export.
 *
 * The page's language reaches its script as data, not as code: the Locale (language, pseudo-locale
 * flag, the translation bundle) as JSON in the `data-locale` attribute of a `<meta>` tag, escaped,
 * which webview/common/l10n.ts reads once at start.
 */
import { ENGLISH, LOCALE_META, type Locale } from '../../protocol/locale';

export type WebviewKind = 'panel' | 'side';

export interface WebviewPage {
  readonly view: WebviewKind;
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh random nonce per render (see `makeNonce`). */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly title: string;
  /** The language the page speaks (English when absent). */
  readonly locale?: Locale;
}

export function webviewHtml(page: WebviewPage): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${page.nonce}'`,
    `style-src ${page.cspSource}`,
    `font-src ${page.cspSource}`,
    `img-src ${page.cspSource} data: blob:`,
  ].join('; ');
  const locale = page.locale ?? ENGLISH;
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(locale.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="${LOCALE_META}" data-locale="${escapeAttribute(JSON.stringify(locale))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeAttribute(page.styleUri)}">
<title>${escapeText(page.title)}</title>
</head>
<body data-view="${page.view}">
<main id="app"></main>
<script nonce="${page.nonce}" src="${escapeAttribute(page.scriptUri)}"></script>
</body>
</html>
`;
}

/** 128 random bits as base64, from a CSPRNG (`crypto.getRandomValues` exists in Node 20 and browsers). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
