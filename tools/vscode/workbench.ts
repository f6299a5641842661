/**
 * A real VS Code workbench in headless Chromium, served by code-server (plain Node, Playwright
 * side). One entry point for both kinds of browser-driven test:
 *  - integration tests: `extensionTestsPath` names a CommonJS module whose `run()` the extension
 *    host calls; `exit` resolves with the code it finishes with and the host's console is printed;
 *  - end-to-end checks: no tests path; drive `page` (see workbenchUi.ts) and take screenshots.
 * The extension under test is either a development folder (`extensionDevelopmentPath`) or a .vsix
 * installed into the fresh profile first (`vsix`), which then runs as an ordinary installed one.
 *
 *   const wb = await startWorkbench({ workspace: '/path/to/folder', extensionDevelopmentPath: REPO_ROOT });
 *   await wb.page.screenshot({ path: 'shot.png' });
 *   await wb.close();
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { createProfile, installVsix, startCodeServer, type CodeServer, type Profile } from './codeServer';

export interface WorkbenchOptions {
  /** The folder the window opens; none opens an empty window. */
  workspace?: string;
  /** Extension folders loaded in development mode. */
  extensionDevelopmentPath?: string | readonly string[];
  /** A .vsix installed into the profile before the window opens. */
  vsix?: string;
  /** The extension host requires this CommonJS module and calls its run(). */
  extensionTestsPath?: string;
  /** Variables added to the extension host's environment. */
  extensionEnvironment?: Record<string, string>;
  /** code-server's display language (`--locale`), e.g. 'es'; English when absent. */
  locale?: string;
  /** User settings on top of the quiet defaults in codeServer.ts. */
  settings?: Record<string, unknown>;
  /**
   * Opens the folder with workspace trust on, untrusted (Restricted Mode), without the startup
   * prompt (the extension tests' dialogs are refused anyway); see grantTrust.
   */
  untrusted?: boolean;
  /** The extension host's console while tests run; printed to stdout by default. */
  onLog?: (type: string, message: string) => void;
  /** code-server's own log lines; dropped by default. */
  onServerOutput?: (line: string) => void;
  headless?: boolean;
  viewport?: { width: number; height: number };
}

export interface Workbench {
  readonly page: Page;
  readonly browser: Browser;
  readonly server: CodeServer;
  readonly profile: Profile;
  readonly url: string;
  /** Where the .vsix was installed, when one was. */
  readonly installedExtension?: string;
  /** The test runner's exit code; rejects if the page or browser dies first. */
  readonly exit: Promise<number>;
  /** Closes Chromium, stops code-server and its extension hosts, removes the profile. */
  close(): Promise<void>;
}

/**
 * The extension host runs tests only in extension development mode. When the extension under
 * test is an installed .vsix, an empty development extension switches that mode on without
 * loading a second copy of the real one.
 */
function writeTestHostStub(profile: Profile): string {
  const dir = path.join(profile.dir, 'test-host-stub');
  mkdirSync(dir, { recursive: true });
  const manifest = { name: 'test-host-stub', publisher: 'attention-lens-tests', version: '0.0.0', engines: { vscode: '^1.0.0' } };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

export function workbenchUrl(server: CodeServer, options: { workspace?: string; payload?: [string, string][] }): string {
  const query = new URLSearchParams();
  if (options.workspace) query.set('folder', path.resolve(options.workspace));
  if (options.payload?.length) query.set('payload', JSON.stringify(options.payload));
  const search = query.toString();
  return `${server.origin}/${search ? `?${search}` : ''}`;
}

/** A path on the server as the browser workbench names it. */
function remoteUri(server: CodeServer, file: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${pathToFileURL(path.resolve(file)).pathname}`;
}

function formatLog(args: unknown): string {
  if (Array.isArray(args)) return args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return typeof args === 'string' ? args : JSON.stringify(args);
}

export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const trust = options.untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  const profile = createProfile({ ...options.settings, ...trust }, options.locale);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    profile.remove();
  };
  try {
    const installedExtension = options.vsix ? await installVsix(profile, options.vsix) : undefined;
    server = await startCodeServer(profile, { onOutput: options.onServerOutput, workspaceTrust: options.untrusted });

    const devPaths = [options.extensionDevelopmentPath ?? []].flat();
    if (options.extensionTestsPath && devPaths.length === 0) devPaths.push(writeTestHostStub(profile));
    const payload: [string, string][] = devPaths.map((p) => ['extensionDevelopmentPath', remoteUri(server!, p)]);
    if (options.extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server, options.extensionTestsPath)]);
    if (options.extensionEnvironment) payload.push(['extensionEnvironment', JSON.stringify(options.extensionEnvironment)]);
    const url = workbenchUrl(server, { workspace: options.workspace, payload });

    browser = await launchChromium({ headless: options.headless });
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });

    let settle: { resolve: (code: number) => void; reject: (error: Error) => void } | undefined;
    const exit = new Promise<number>((resolve, reject) => (settle = { resolve, reject }));
    exit.catch(() => undefined); // a caller that never awaits exit (end-to-end) must not see an unhandled rejection
    const onLog = options.onLog ?? ((_type: string, message: string) => process.stdout.write(`${message}\n`));
    // Both must exist before the workbench script runs: it looks them up once, at startup.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => onLog(type, formatLog(args)));
    await page.exposeFunction('codeAutomationExit', (code: number) => settle!.resolve(code));
    page.on('crash', () => settle!.reject(new Error('the workbench page crashed')));
    browser.on('disconnected', () => settle!.reject(new Error('Chromium disconnected')));
    if (process.env.ATTENTION_LENS_IT_VERBOSE) {
      page.on('console', (m) => process.stdout.write(`[page ${m.type()}] ${m.text()}\n`));
      page.on('pageerror', (e) => process.stdout.write(`[page exception] ${e.message}\n`));
      page.on('response', (r) => r.status() >= 400 && process.stdout.write(`[page http ${r.status()}] ${r.url()}\n`));
    }

    await page.goto(url);
    if (!options.extensionTestsPath) {
      // End-to-end: hand the page over only once the workbench has restored its editors and views.
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await page.waitForFunction('!!globalThis.driver', undefined, { timeout: 60_000 });
      await page.evaluate('globalThis.driver.whenWorkbenchRestored()');
    }
    return { page, browser, server, profile, url, installedExtension, exit, close };
  } catch (error) {
    await close();
    throw error;
  }
}
