/**
 * Headless Chromium for the webview tests (plain Node): launches Debian's chromium through
 * playwright-core and opens a view's real page (served by server.ts) with the test harness
 * (pageHarness.ts) standing in for VS Code. A missing browser is a failure, not a skip.
 */
import assert from 'node:assert/strict';
import { buildSync } from 'esbuild';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { WebviewKind } from '../../../src/host/webviews/webviewHtml';
import { serveView } from '../../../src/engine/views/viewServer';
import { breakAnalysis, buildAnalysis, type AnalysisSpec, type BuiltAnalysis, type Tamper } from './analysisSpec';
import type { LensWindow } from './pageHarness';
import { ROOT, startServer, type PageLocale, type ViewServer } from './server';
import { encodeForPage } from './wire';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `the webview tests need Chromium at ${CHROMIUM}; install it with \`apt-get install -y --no-install-recommends chromium\` (tools/test.sh does)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export interface Session {
  readonly browser: Browser;
  readonly server: ViewServer;
}

/**
 * One browser and server per test file, started by the first test that asks. Not a `before`
 * hook: node:test reports tests under a failed hook as cancelled, not failed, and a missing
 * Chromium must count as failures.
 */
export interface SharedSession {
  get(): Promise<Session>;
  close(): Promise<void>;
}

export function sharedSession(): SharedSession {
  let session: Promise<Session> | null = null;
  return {
    get: () =>
      (session ??= (async () => {
        const browser = await launchBrowser();
        try {
          return { browser, server: await startServer() };
        } catch (error) {
          await browser.close();
          throw error;
        }
      })()),
    close: async () => {
      const s = await session?.catch(() => null);
      await s?.browser.close();
      await s?.server.close();
    },
  };
}

const pageScripts = new Map<string, string>();

/** A file of this folder as one browser script (esbuild, no name helpers that a page would lack), built once per process. */
export function pageScript(file: 'pageHarness.ts' | 'pageWorker.ts'): string {
  let text = pageScripts.get(file);
  if (text === undefined) {
    text = buildSync({
      entryPoints: [path.join(ROOT, 'test', 'webview', 'support', file)],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'warning',
    }).outputFiles[0].text;
    pageScripts.set(file, text);
  }
  return text;
}

export interface ViewOptions {
  /** What `getState()` returns at start (a panel restored after being hidden). */
  readonly state?: unknown;
  readonly width?: number;
  readonly height?: number;
  readonly deviceScaleFactor?: number;
  /** The language the host hands the page (English by default). */
  readonly locale?: PageLocale;
}

/** Leave a request unanswered (a lost reply). */
export const NO_REPLY = Symbol('no reply');

/**
 * Answers one view request in Node; `next()` is serveView over the analysis's full tensors. Throw
 * an error with a `code` to answer an error; return NO_REPLY to answer nothing.
 */
export type ServeHook = (method: string, params: unknown, next: () => unknown) => unknown;

export interface ViewPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Uncaught page errors and console errors. */
  readonly errors: string[];
  readonly warnings: string[];
  readonly dialogs: string[];
  /** Every message the view posted, in order. */
  posted(): Promise<{ rpc: string; method: string; params: unknown }[]>;
  /** The params of the view's notifications named `method`. */
  sent<T = unknown>(method: string): Promise<T[]>;
  notify(method: string, params: unknown): Promise<void>;
  raw(message: unknown): Promise<void>;
  /** Builds the analysis in Node (the tensors stay here, served by serveView) and posts its overview. */
  analysis(spec: AnalysisSpec, tamper?: Tamper): Promise<BuiltAnalysis>;
  /** Builds two analyses in Node (both served by their keys) and posts a `comparison` of them. */
  comparison(encoder: AnalysisSpec, decoder: AnalysisSpec, guess: unknown): Promise<void>;
  /** Replaces how requests are answered (null: serveView again). */
  serve(hook: ServeHook | null): void;
  /** Waits for queued messages, for every request in flight to be answered, and for frames. */
  settle(): Promise<void>;
  /** The view requests made so far. */
  requests(): Promise<{ method: string; params: unknown }[]>;
  rejected(): Promise<number>;
  close(): Promise<void>;
}

export async function openView(browser: Browser, server: ViewServer, view: WebviewKind, options: ViewOptions = {}): Promise<ViewPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1100, height: options.height ?? 900 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const warnings: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  // Every analysis posted stays servable by its key (a comparison shows two at once).
  const built = new Map<number, { analysis: BuiltAnalysis; cache: object }>();
  let latest: { analysis: BuiltAnalysis; cache: object } | null = null;
  let hook: ServeHook | null = null;
  const register = (analysis: BuiltAnalysis): void => {
    latest = { analysis, cache: {} };
    built.set(analysis.shown.result.attention.key, latest);
  };
  await page.exposeBinding('__lensServe', async (_source, json: string) => {
    const { method, params } = JSON.parse(json) as { method: string; params: unknown };
    const next = (): unknown => {
      const entry = built.get((params as { key?: number }).key ?? -1) ?? latest;
      if (!entry) throw Object.assign(new Error('no analysis'), { code: 'analysis-gone' });
      return serveView({ data: entry.analysis.data, tokens: entry.analysis.tokens, cache: entry.cache }, method as 'matrix', params as never);
    };
    try {
      const result = await (hook ? hook(method, params, next) : next());
      if (result === NO_REPLY) return JSON.stringify({ drop: true });
      return JSON.stringify({ result: encodeForPage(result) });
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return JSON.stringify({ error: { code: e.code ?? 'internal', message: e.message ?? String(error) } });
    }
  });
  await page.addInitScript({ content: `var __lensInit = ${JSON.stringify({ state: options.state ?? undefined })};\n${pageScript('pageHarness.ts')}` });
  await page.goto(server.url(view, options.locale));
  await page.waitForFunction(() => (window as unknown as LensWindow).__lens.posted.some((m) => (m as { method?: string }).method === 'ready'));
  const settle = (): Promise<void> =>
    page.evaluate(async () => {
      const lens = (window as unknown as LensWindow).__lens;
      // Views ask on the next frame and again after replies: wait until nothing is in flight twice.
      for (let i = 0; i < 3; i++) {
        await lens.frames(2);
        await lens.idle();
      }
    });
  const viewPage: ViewPage = {
    page,
    context,
    errors,
    warnings,
    dialogs,
    posted: () => page.evaluate(() => (window as unknown as LensWindow).__lens.posted as { rpc: string; method: string; params: unknown }[]),
    sent: async <T>(method: string) => (await viewPage.posted()).filter((m) => m.method === method).map((m) => m.params as T),
    notify: async (method, params) => {
      await page.evaluate(([m, p]) => (window as unknown as LensWindow).__lens.notify(m as string, p), [method, params] as const);
      await settle();
    },
    raw: async (message) => {
      await page.evaluate((m) => (window as unknown as LensWindow).__lens.raw(m), message);
      await settle();
    },
    analysis: async (spec, tamper) => {
      const next = buildAnalysis(spec);
      if (!tamper) register(next);
      const message = tamper ? breakAnalysis(next, tamper) : next.shown;
      await page.evaluate((m) => (window as unknown as LensWindow).__lens.notify('analysis', m), message as object);
      await settle();
      return next;
    },
    comparison: async (encoder, decoder, guess) => {
      const [enc, dec] = [buildAnalysis(encoder), buildAnalysis(decoder)];
      register(enc);
      register(dec);
      await page.evaluate((m) => (window as unknown as LensWindow).__lens.notify('comparison', m), { encoder: enc.shown, decoder: dec.shown, guess } as object);
      await settle();
    },
    serve: (h) => {
      hook = h;
    },
    requests: () => page.evaluate(() => (window as unknown as LensWindow).__lens.requests),
    settle,
    rejected: () => page.evaluate(() => Number(document.body.dataset.rejected ?? 0)),
    close: () => context.close(),
  };
  return viewPage;
}

/** Clicks a tab of the panel or of its attention views by its name ("Heads", "Predictions"…) and waits for its views to draw. */
export async function openTab(v: ViewPage, name: string): Promise<void> {
  await v.page.getByRole('tab', { name, exact: true }).click();
  await v.settle();
}

/** Opens `view` in the session's browser, runs `test` on it, checks that the page threw no errors, and closes it. */
export async function withView(session: SharedSession, view: WebviewKind, test: (v: ViewPage) => Promise<void>, options: ViewOptions = {}): Promise<void> {
  const { browser, server } = await session.get();
  const v = await openView(browser, server, view, options);
  try {
    await test(v);
    assert.deepEqual(v.errors, [], 'no page errors');
  } finally {
    await v.close();
  }
}
