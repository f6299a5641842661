/**
 * Serves the built webview files and the page that `webviewHtml()` makes (plain Node, tests), on
 * 127.0.0.1, so that the page runs under its real CSP with `http://127.0.0.1:PORT` as the
 * webview's resource origin. Rebuilds the bundles first when a source is newer than them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeNonce, webviewHtml, type WebviewKind } from '../../../src/host/webviews/webviewHtml';
import { ENGLISH, type Locale } from '../../../src/protocol/locale';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DIST = path.join(ROOT, 'dist', 'webview');
const BUNDLES = ['panel.js', 'side.js', 'view.css'];
const TYPES: Readonly<Record<string, string>> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(full));
    else if (/\.(ts|css)$/.test(entry.name)) latest = Math.max(latest, statSync(full).mtimeMs);
  }
  return latest;
}

function stale(): boolean {
  const sources = Math.max(newest(path.join(ROOT, 'webview')), newest(path.join(ROOT, 'src', 'protocol')));
  return BUNDLES.some((b) => !existsSync(path.join(DIST, b)) || statSync(path.join(DIST, b)).mtimeMs < sources);
}

/**
 * Builds dist/ when a webview bundle is missing or older than webview/ or src/protocol/. Test
 * files run in parallel processes: a lock folder keeps them from writing the bundles at once.
 */
export function ensureBuilt(): void {
  const lock = path.join(ROOT, '.cache', 'webview-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 120_000;
  let built = false;
  while (!built && stale()) {
    try {
      mkdirSync(lock);
    } catch {
      // Another test process is building (or died building: give up waiting after a while).
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      continue;
    }
    try {
      if (stale()) execFileSync(process.execPath, [path.join(ROOT, 'tools', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
      built = true;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export interface ViewServer {
  readonly origin: string;
  /** The address of a fresh page (new nonce) for a view, in English, Spanish or the pseudo-locale. */
  url(view: WebviewKind, locale?: PageLocale): string;
  /** The HTML most recently served for a view. */
  lastHtml(view: WebviewKind): string;
  close(): Promise<void>;
}

/** The languages a test page can speak: as the host would hand them over (l10n/bundle.l10n.es.json for Spanish). */
export type PageLocale = 'en' | 'es' | 'pseudo';

function pageLocale(name: string | null): Locale {
  if (name === 'pseudo') return { language: 'en', pseudo: true, bundle: {} };
  if (name === 'es')
    return {
      language: 'es',
      pseudo: false,
      bundle: JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.es.json'), 'utf8')) as Record<string, string>,
    };
  return ENGLISH;
}

/** `dist`: another build's webview folder (an A/B of two bundles); by default this checkout's, rebuilt when stale. */
export async function startServer(dist = DIST): Promise<ViewServer> {
  if (dist === DIST) ensureBuilt();
  const served = new Map<WebviewKind, string>();
  let origin = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const page = /^\/(panel|side)\.html$/.exec(url.pathname);
    if (page) {
      const view = page[1] as WebviewKind;
      const html = webviewHtml({
        view,
        cspSource: origin,
        nonce: makeNonce(),
        scriptUri: `${origin}/dist/${view}.js`,
        styleUri: `${origin}/dist/view.css`,
        title: `Attention Lens ${view}`,
        locale: pageLocale(url.searchParams.get('locale')),
      });
      served.set(view, html);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    // Only the bundles themselves, by exact name: nothing else on disk is reachable.
    const file = /^\/dist\/([a-z]+\.(?:js|css)(?:\.map)?)$/.exec(url.pathname)?.[1];
    if (file && existsSync(path.join(dist, file))) {
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(path.join(dist, file)));
      return;
    }
    // Chromium asks for a favicon; answering "none" keeps the console free of 404s.
    response.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (view, locale = 'en') => `${origin}/${view}.html${locale === 'en' ? '' : `?locale=${locale}`}`,
    lastHtml: (view) => served.get(view) ?? '',
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
